package org.mto4j.examples.study.report;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.mto4j.pareto.io.Csv;
import org.mto4j.pareto.io.CsvFormatException;

/**
 * The task weights of one run over training, as written by {@code org.mto4j.core.WeightTraceWriter}
 * ({@code step, solver, ..., w_0, ..., w_{K-1}, norm_0, ...}); only the step and weight columns are read.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WeightTrace {
    private final double[] steps;
    private final double[][] weights;

    private WeightTrace(double[] steps, double[][] weights) {
        this.steps = steps;
        this.weights = weights;
    }

    /** Reads a weight trace; K is the number of {@code w_i} columns, which must be w_0 .. w_{K-1}. */
    public static WeightTrace read(Path file) {
        List<Csv.Line> lines = Csv.parse(file);
        String source = file.toString();
        if (lines.isEmpty()) {
            throw new CsvFormatException(source, 1, 0, "empty weight trace (no header)");
        }
        List<String> header = Arrays.asList(lines.get(0).fields());
        int step = header.indexOf("step");
        int k = 0;
        while (header.contains("w_" + k)) {
            k++;
        }
        if (step < 0 || k == 0) {
            throw new CsvFormatException(source, lines.get(0).number(), 0, "a weight trace needs a step column and "
                    + "w_0, w_1, ... columns, got " + header);
        }
        int[] at = new int[k];
        for (int t = 0; t < k; t++) {
            at[t] = header.indexOf("w_" + t);
        }
        int n = lines.size() - 1;
        double[] steps = new double[n];
        double[][] weights = new double[k][n];
        for (int i = 0; i < n; i++) {
            Csv.Line line = lines.get(i + 1);
            if (line.fields().length != header.size()) {
                throw new CsvFormatException(source, line.number(), 0, "expected " + header.size()
                        + " fields as in the header, got " + line.fields().length);
            }
            steps[i] = Csv.number(line, step, source, "step");
            for (int t = 0; t < k; t++) {
                weights[t][i] = Csv.number(line, at[t], source, "w_" + t);
            }
        }
        return new WeightTrace(steps, weights);
    }

    /** Number of tasks K. */
    public int numTasks() {
        return weights.length;
    }

    /** Number of recorded steps. */
    public int size() {
        return steps.length;
    }

    /** The recorded steps. */
    public double[] steps() {
        return steps.clone();
    }

    /** The weights of task k at every recorded step. */
    public double[] weights(int task) {
        return weights[task].clone();
    }

    /**
     * At most {@code maxPoints} points per task for a plot: the steps split into equal consecutive bins, each
     * shown by its mean step and mean weights. Returns {steps, w_0, ..., w_{K-1}}.
     */
    public double[][] binned(int maxPoints) {
        int n = steps.length;
        int bins = Math.min(n, Math.max(1, maxPoints));
        double[][] out = new double[weights.length + 1][bins];
        for (int b = 0; b < bins; b++) {
            int from = (int) ((long) b * n / bins);
            int to = (int) ((long) (b + 1) * n / bins);
            for (int i = from; i < to; i++) {
                out[0][b] += steps[i] / (to - from);
                for (int t = 0; t < weights.length; t++) {
                    out[t + 1][b] += weights[t][i] / (to - from);
                }
            }
        }
        return out;
    }
}
