package org.mto4j.training.sweep;

import java.util.SplittableRandom;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.pareto.Sense;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small deterministic training function for sweep tests (also for other modules' tests, through mto-training's
 * test-jar): K linear-regression tasks that share one weight vector, trained by mini-batch gradient descent
 * through the run's combiner (on ND4J, DOUBLE), with early stopping on a validation split.
 *
 * <pre>
 *   data (fixed by dataSeed): x ~ N(0, I₈); task k: y = x·aₖ + 0.1 ε, aₖ = a + 0.8 bₖ (related, conflicting tasks)
 *   model: ŷ = x·θ for every task (θ shared, P = 8), θ₀ ~ N(0, 0.1²) from the run's seed
 *   loss:  Lₖ = mean (x·θ − y)²,  gₖ = 2/n Xᵀ(Xθ − y)
 *   step:  J = [g₁; …; g_K] (an ND4J matrix),  d = combiner.combineInto(J, L, d),  θ ← θ − lr (d + wd θ)
 *   epoch: 4 mini-batches of 24 rows in an order drawn from the run's seed; early stopping (patience 3) on the
 *          validation losses, at most {@code epochs} epochs (setting "epochs", default 12)
 * </pre>
 * The model's arithmetic is plain Java (a few hundred flops per step, where ND4J's per-call overhead would
 * dominate); the combination, the part mto4j owns, runs on ND4J. Everything random comes from Box–Muller draws of
 * {@link SplittableRandom}, identical on every JVM. A run takes milliseconds; {@code pauseMillis} adds a sleep per
 * run (to let a test kill a process mid-sweep) without changing any number.
 */
public final class LinearTasksTrainer implements TrainingFunction {
    private static final long serialVersionUID = 1L;
    static final int FEATURES = 8;
    static final int TRAIN = 96;
    static final int VALIDATION = 48;
    static final int TEST = 48;
    static final int BATCH = 24;
    static final int DEFAULT_EPOCHS = 12;
    static final int PATIENCE = 3;

    private final long dataSeed;
    private final long pauseMillis;

    /**
     * @param dataSeed    seed of the data set (the same for every run)
     * @param pauseMillis sleep at the end of every run, in milliseconds
     */
    public LinearTasksTrainer(long dataSeed, long pauseMillis) {
        this.dataSeed = dataSeed;
        this.pauseMillis = pauseMillis;
    }

    /** Data seed 7, no pause. */
    public LinearTasksTrainer() {
        this(7, 0);
    }

    /** Features (n x 8) and targets (n x K) of one split. */
    private record Split(double[][] x, double[][] y) {
    }

    @Override
    public RunResult train(RunSpec run) throws InterruptedException {
        int k = run.numTasks();
        SplittableRandom data = new SplittableRandom(dataSeed);
        double[] shared = gaussians(data, FEATURES, 1.0);
        double[][] coef = new double[k][];
        for (int t = 0; t < k; t++) {
            coef[t] = gaussians(data, FEATURES, 0.8);
            for (int j = 0; j < FEATURES; j++) {
                coef[t][j] += shared[j];
            }
        }
        Split train = split(data, TRAIN, coef);
        Split validation = split(data, VALIDATION, coef);
        Split test = split(data, TEST, coef);

        SplittableRandom random = new SplittableRandom(run.seed());
        double[] theta = gaussians(random, FEATURES, 0.1);
        GradientCombiner combiner = run.combiner();
        INDArray direction = Nd4j.create(DataType.DOUBLE, FEATURES);
        int epochs = run.settings().containsKey("epochs") ? Integer.parseInt(run.setting("epochs"))
                : DEFAULT_EPOCHS;
        EarlyStopping.Tracker stopping = EarlyStopping.forRun(run, PATIENCE, 0.0, Sense.MINIMIZE).start();
        long steps = 0;
        int[] order = new int[TRAIN / BATCH];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (int b : order) {
                double[][] jacobian = new double[k][FEATURES];
                double[] losses = new double[k];
                for (int i = b * BATCH; i < (b + 1) * BATCH; i++) {
                    double prediction = dot(train.x[i], theta);
                    for (int t = 0; t < k; t++) {
                        double r = prediction - train.y[i][t];
                        losses[t] += r * r / BATCH;
                        for (int j = 0; j < FEATURES; j++) {
                            jacobian[t][j] += 2.0 / BATCH * r * train.x[i][j];
                        }
                    }
                }
                combiner.combineInto(TaskGradients.of(Nd4j.createFromArray(jacobian)), TaskLosses.of(losses),
                        direction);
                double[] d = direction.toDoubleVector();
                for (int j = 0; j < FEATURES; j++) {
                    theta[j] -= run.learningRate() * (d[j] + run.weightDecay() * theta[j]);
                }
                steps++;
            }
            if (stopping.record(losses(validation, theta), losses(train, theta), losses(test, theta))) {
                break;
            }
        }
        if (pauseMillis > 0) {
            Thread.sleep(pauseMillis);
        }
        return stopping.result(steps);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    /** Mean squared error of each task on a split. */
    private static double[] losses(Split s, double[] theta) {
        double[] out = new double[s.y[0].length];
        for (int i = 0; i < s.x.length; i++) {
            double prediction = dot(s.x[i], theta);
            for (int t = 0; t < out.length; t++) {
                double r = prediction - s.y[i][t];
                out[t] += r * r / s.x.length;
            }
        }
        return out;
    }

    private static Split split(SplittableRandom random, int n, double[][] coef) {
        double[][] x = new double[n][];
        double[][] y = new double[n][coef.length];
        for (int i = 0; i < n; i++) {
            x[i] = gaussians(random, FEATURES, 1.0);
            for (int t = 0; t < coef.length; t++) {
                y[i][t] = dot(x[i], coef[t]) + gaussians(random, 1, 0.1)[0];
            }
        }
        return new Split(x, y);
    }

    /** n independent N(0, scale²) draws by Box–Muller (the same on every JVM). */
    static double[] gaussians(SplittableRandom random, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1.0 - random.nextDouble();
            double v = random.nextDouble();
            out[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
        return out;
    }
}
