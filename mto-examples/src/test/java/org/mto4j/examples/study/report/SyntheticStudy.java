package org.mto4j.examples.study.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.WeightTraceWriter;
import org.mto4j.examples.study.RunResult;
import org.mto4j.examples.study.RunSpec;
import org.mto4j.pareto.io.Csv;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A results folder with known geometry, written in the study's own format ({@link RunResult#csvRow}).
 * <pre>
 *   front point of weighting (a, 1 − a):  F(a) = (0.2 + 0.4 (1 − a)², 0.2 + 0.4 a²)    (test losses)
 *   ls, a = 0.1 .. 0.9, learning rates 0.001, 0.003, 0.01, seeds 1, 2:
 *        lr 0.003: F(a) (seed 1), F(a) + 0.01 (seed 2);   other rates: F(a) + 0.05 (seed 1), + 0.06 (seed 2)
 *        validation = test, train = test − 0.05
 *   mgda    lr 0.003:  F(0.5) exactly (seed 1), F(0.5) + 0.004 (seed 2)     → distance 0, on the front
 *   pcgrad  lr 0.003:  F(0.5) + 0.05, + 0.06; plus one failed run             → distance 0.05, behind
 *   upgrad  lr 0.003:  F(0.5) − 0.03, − 0.025                                 → distance −0.03, beyond
 *   steps/s: ls 100, mgda 50, pcgrad 25, upgrad 80 (1000 steps each run)
 *   traces/mgda.csv and traces/upgrad.csv: 60 real steps of WeightTraceWriter on random gradients
 * </pre>
 * The front's seed spread is 0.01 for every weighting (seed 2 is 0.01 behind seed 1).
 */
final class SyntheticStudy {
    static final double[] WEIGHTINGS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    static final double[] RATES = {0.001, 0.003, 0.01};
    static final double BEST_RATE = 0.003;

    private final List<String> tasks;
    private final List<List<String>> rows = new ArrayList<>();

    SyntheticStudy(List<String> tasks) {
        this.tasks = tasks;
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

    /** Adds a finished run with the given test losses (validation = test, train = test − 0.05). */
    SyntheticStudy run(String method, double[] weights, double lr, long seed, double[] test, double seconds) {
        RunSpec spec = RunSpec.of(method, weights, lr, 0, seed, false);
        RunResult r = new RunResult(spec, RunResult.Status.OK, "", plus(test, -0.05), test, test, 1000, 900, seconds);
        rows.add(r.csvRow(tasks.size()));
        return this;
    }

    SyntheticStudy failed(String method, double lr, long seed, String message) {
        rows.add(RunResult.failed(RunSpec.of(method, new double[0], lr, 0, seed, false), message, 300, 3.0)
                .csvRow(tasks.size()));
        return this;
    }

    /** The standard scenario of the class comment. */
    static SyntheticStudy standard() {
        SyntheticStudy s = new SyntheticStudy(List.of("left", "right"));
        for (double a : WEIGHTINGS) {
            double[] w = {a, Math.round((1 - a) * 10) / 10.0};
            for (double lr : RATES) {
                double base = lr == BEST_RATE ? 0 : 0.05;
                s.run("ls", w, lr, 1, plus(front(a), base), 10);
                s.run("ls", w, lr, 2, plus(front(a), base + 0.01), 10);
            }
        }
        double[] mid = front(0.5);
        s.run("mgda", null, BEST_RATE, 1, mid, 20).run("mgda", null, BEST_RATE, 2, plus(mid, 0.004), 20);
        s.run("pcgrad", null, BEST_RATE, 1, plus(mid, 0.05), 40).run("pcgrad", null, BEST_RATE, 2, plus(mid, 0.06), 40);
        s.failed("pcgrad", 0.01, 1, "diverged: loss is NaN at step 300");
        s.run("upgrad", null, BEST_RATE, 1, plus(mid, -0.03), 12.5)
                .run("upgrad", null, BEST_RATE, 2, plus(mid, -0.025), 12.5);
        return s;
    }

    /** Writes results.csv into the folder; returns its path. */
    Path write(Path dir) {
        Path file = dir.resolve("results.csv");
        Csv.write(file, RunResult.csvHeader(tasks), rows);
        return file;
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
