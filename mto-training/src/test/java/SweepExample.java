import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.WeightVectors;
import org.mto4j.pareto.eval.FrontComparison;
import org.mto4j.pareto.eval.ResultsTable;
import org.mto4j.pareto.eval.ScalarizationFront;
import org.mto4j.pareto.eval.Split;
import org.mto4j.pareto.io.ResultsCsv;
import org.mto4j.training.sweep.EarlyStopping;
import org.mto4j.training.sweep.LocalExecutor;
import org.mto4j.training.sweep.ProgressBarListener;
import org.mto4j.training.sweep.RunResult;
import org.mto4j.training.sweep.RunSpec;
import org.mto4j.training.sweep.Sweep;
import org.mto4j.training.sweep.SweepRunner;
import org.mto4j.training.sweep.SweepSummary;
import org.mto4j.training.sweep.TrainingFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Sweeps scalarization weights and learning rates, and compares MGDA and UPGrad with the scalarization front. */
public class SweepExample {

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "sweep-results.csv");
        Sweep sweep = Sweep.builder()
                .tasks("left", "right")
                .scalarization(WeightVectors.dasDennis(2, 4))   // (1, 0), (0.75, 0.25), ..., (0, 1)
                .method("mgda")
                .method("upgrad")
                .learningRates(0.03, 0.1)
                .seeds(1, 2)
                .setting("epochs", "40")                        // part of every run's id
                .build();
        SweepSummary summary = new SweepRunner(sweep, results)
                .withExecutor(LocalExecutor.perCore())
                .withListener(new ProgressBarListener())        // drawn only on a terminal
                .run(new TwoRegressions());
        System.out.printf("%d runs done, %d trained now, %d failed; results in %s%n", summary.progress().done(),
                summary.progress().succeeded(), summary.progress().failed(), results);

        ResultsTable table = ResultsCsv.read(results, Sense.MINIMIZE.times(2));
        ScalarizationFront front = ScalarizationFront.of(table, Sweep.SCALARIZATION, Split.TRAIN, Split.TEST);
        FrontComparison comparison = FrontComparison.of(table, front);
        for (int m = 0; m < comparison.methods().size(); m++) {
            System.out.printf("%-7s %d of %d runs dominated by the scalarization front on the test split%n",
                    comparison.methods().get(m), comparison.dominatedCounts()[m], comparison.runCounts()[m]);
        }
    }

    /**
     * Two regression tasks that share one weight vector θ (their optima differ, so the tasks conflict), trained by
     * gradient descent through the run's combiner, with early stopping on a validation split.
     */
    static final class TwoRegressions implements TrainingFunction {
        private static final int FEATURES = 4;

        @Override
        public RunResult train(RunSpec run) {
            SplittableRandom data = new SplittableRandom(42);                 // the same data for every run
            double[][] coefficients = {gaussians(data, FEATURES), gaussians(data, FEATURES)};
            double[][][] train = split(data, 64, coefficients);                // {x, y}: n x 4 and n x 2
            double[][][] validation = split(data, 32, coefficients);
            double[][][] test = split(data, 32, coefficients);

            double[] theta = gaussians(new SplittableRandom(run.seed()), FEATURES);
            GradientCombiner combiner = run.combiner();                        // fresh state for this run
            INDArray direction = Nd4j.create(DataType.DOUBLE, FEATURES);
            EarlyStopping.Tracker stopping = EarlyStopping.forRun(run, 5, 1e-6, Sense.MINIMIZE).start();
            int epochs = Integer.parseInt(run.setting("epochs"));
            long steps = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                double[][] jacobian = new double[2][FEATURES];                 // one full-batch step per epoch
                double[] losses = mse(train, theta, jacobian);
                combiner.combineInto(TaskGradients.of(Nd4j.createFromArray(jacobian)), TaskLosses.of(losses),
                        direction);
                double[] d = direction.toDoubleVector();
                for (int j = 0; j < FEATURES; j++) {
                    theta[j] -= run.learningRate() * (d[j] + run.weightDecay() * theta[j]);
                }
                steps++;
                if (stopping.record(mse(validation, theta, null), mse(train, theta, null), mse(test, theta, null))) {
                    break;
                }
            }
            return stopping.result(steps);                                     // metrics of the best epoch
        }

        /** Mean squared error of each task; with {@code gradients}, also each task's gradient with respect to θ. */
        private static double[] mse(double[][][] split, double[] theta, double[][] gradients) {
            double[][] x = split[0];
            double[][] y = split[1];
            double[] losses = new double[2];
            for (int i = 0; i < x.length; i++) {
                double prediction = 0;
                for (int j = 0; j < FEATURES; j++) {
                    prediction += x[i][j] * theta[j];
                }
                for (int t = 0; t < 2; t++) {
                    double residual = prediction - y[i][t];
                    losses[t] += residual * residual / x.length;
                    for (int j = 0; gradients != null && j < FEATURES; j++) {
                        gradients[t][j] += 2 * residual * x[i][j] / x.length;
                    }
                }
            }
            return losses;
        }

        private static double[][][] split(SplittableRandom random, int n, double[][] coefficients) {
            double[][] x = new double[n][];
            double[][] y = new double[n][2];
            for (int i = 0; i < n; i++) {
                x[i] = gaussians(random, FEATURES);
                for (int t = 0; t < 2; t++) {
                    y[i][t] = 0.1 * gaussians(random, 1)[0];
                    for (int j = 0; j < FEATURES; j++) {
                        y[i][t] += x[i][j] * coefficients[t][j];
                    }
                }
            }
            return new double[][][] {x, y};
        }

        private static double[] gaussians(SplittableRandom random, int n) {
            double[] g = new double[n];
            Arrays.setAll(g, i -> Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                    * Math.cos(2 * Math.PI * random.nextDouble()));
            return g;
        }
    }
}
