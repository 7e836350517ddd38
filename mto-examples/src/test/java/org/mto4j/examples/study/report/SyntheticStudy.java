package org.mto4j.examples.study.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.WeightTraceWriter;
import org.mto4j.pareto.io.Csv;
import org.mto4j.training.sweep.LocalExecutor;
import org.mto4j.training.sweep.RunResult;
import org.mto4j.training.sweep.RunSpec;
import org.mto4j.training.sweep.Sweep;
import org.mto4j.training.sweep.SweepRunner;
import org.mto4j.training.sweep.TrainingFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A results folder with known geometry, written by mto-training's real sweep runner (so in exactly the format a
 * study writes), from a training function that returns metrics by formula instead of training.
 * <pre>
 *   front point of weighting (a, 1 − a):  F(a) = (0.2 + 0.4 (1 − a)², 0.2 + 0.4 a²)      (test losses)
 *   learning rates 0.001, 0.003, 0.01; seeds 1, 2;  off(lr) = 0 at 0.003, else 0.05
 *   ls, a = 0.1 .. 0.9:   F(a) + off(lr) + (seed 2: 0.01)
 *   mgda:                 F(0.5) + off(lr) + (seed 2: 0.004)                 → best distance 0: on the front
 *   pcgrad:               F(0.5) + 0.05 + off(lr) + (seed 2: 0.01); lr 0.01 seed 1 fails   → 0.05: behind
 *   upgrad:               F(0.5) − 0.03 + off(lr) + (seed 2: 0.005)          → −0.03: beyond
 *   validation = test, train = test − 0.05, 1,000 steps
 *   step-times.csv: steps per second ls 100, mgda 50, pcgrad 25, upgrad 80
 *   traces/mgda.csv and traces/upgrad.csv: 60 real steps of WeightTraceWriter on random gradients
 * </pre>
 * The front's seed spread is 0.01 for every weighting (seed 2 is 0.01 behind seed 1).
 */
final class SyntheticStudy {
    static final double[] WEIGHTINGS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    static final double[] RATES = {0.001, 0.003, 0.01};
    static final double BEST_RATE = 0.003;
    static final String FAILURE = "diverged: loss is NaN at step 300";

    private SyntheticStudy() {
    }

    /** The front point of weighting (a, 1 − a). */
    static double[] front(double a) {
        return new double[] {0.2 + 0.4 * (1 - a) * (1 - a), 0.2 + 0.4 * a * a};
    }

    static double[] plus(double[] p, double delta) {
        double[] q = p.clone();
        for (int k = 0; k < q.length; k++) {
            q[k] += delta;
        }
        return q;
    }

    /** The test losses of a run of the standard scenario. */
    static double[] test(RunSpec run) {
        double off = run.learningRate() == BEST_RATE ? 0 : 0.05;
        boolean second = run.seed() == 2;
        return switch (run.method()) {
            case "ls" -> plus(front(run.taskWeights()[0]), off + (second ? 0.01 : 0));
            case "mgda" -> plus(front(0.5), off + (second ? 0.004 : 0));
            case "pcgrad" -> plus(front(0.5), 0.05 + off + (second ? 0.01 : 0));
            case "upgrad" -> plus(front(0.5), -0.03 + off + (second ? 0.005 : 0));
            default -> throw new IllegalArgumentException(run.method());
        };
    }

    /** Metrics by formula: validation = test, train = test − 0.05; pcgrad at lr 0.01, seed 1 fails. */
    static final TrainingFunction STANDARD = run -> {
        if (run.method().equals("pcgrad") && run.learningRate() == 0.01 && run.seed() == 1) {
            throw new ArithmeticException(FAILURE);
        }
        double[] test = test(run);
        return RunResult.of(plus(test, -0.05), test, test, 1000);
    };

    /** The standard scenario's sweep. */
    static Sweep standardSweep() {
        double[][] ws = new double[WEIGHTINGS.length][];
        for (int i = 0; i < ws.length; i++) {
            ws[i] = new double[] {WEIGHTINGS[i], Math.round((1 - WEIGHTINGS[i]) * 10) / 10.0};
        }
        return Sweep.builder().tasks("left", "right").scalarization("ls", ws).method("mgda").method("pcgrad")
                .method("upgrad").learningRates(RATES).seeds(1, 2).build();
    }

    /** Runs a sweep into dir/results.csv (sequentially); returns the file. */
    static Path run(Path dir, Sweep sweep, TrainingFunction training) throws InterruptedException {
        Path results = dir.resolve("results.csv");
        new SweepRunner(sweep, results).withExecutor(LocalExecutor.sequential()).run(training);
        return results;
    }

    /** The standard scenario with its step times and, when asked, two weight traces. */
    static Path standard(Path dir, boolean traces) throws IOException, InterruptedException {
        Path results = run(dir, standardSweep(), STANDARD);
        Csv.write(dir.resolve("step-times.csv"), List.of("method", "steps", "seconds"), List.of(
                List.of("ls", "54000", "540"), List.of("mgda", "6000", "120"), List.of("pcgrad", "5000", "200"),
                List.of("upgrad", "6000", "75")));
        if (traces) {
            writeTrace(dir.resolve("traces/mgda.csv"), "mgda");
            writeTrace(dir.resolve("traces/upgrad.csv"), "upgrad");
        }
        return results;
    }

    /** Writes a real weight trace of a registered method: 60 steps on seeded random 2 x 50 gradients. */
    static void writeTrace(Path file, String method) throws IOException {
        Files.createDirectories(file.getParent());
        Random random = new Random(method.hashCode());
        try (WeightTraceWriter writer = WeightTraceWriter.open(file)) {
            GradientCombiner combiner = Combiners.create(method, Map.of()).withListener(writer);
            TaskGradients g = TaskGradients.allocate(2, 50, DataType.DOUBLE);
            for (int step = 0; step < 60; step++) {
                double[][] rows = new double[2][50];
                for (double[] row : rows) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = random.nextGaussian();
                    }
                }
                g.row(0).assign(Nd4j.createFromArray(rows[0]));
                g.row(1).assign(Nd4j.createFromArray(rows[1]).muli(1 + step / 20.0));
                combiner.combine(g, TaskLosses.of(1.0, 2.0));
            }
        }
    }
}
