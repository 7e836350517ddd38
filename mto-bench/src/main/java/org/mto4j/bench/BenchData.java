package org.mto4j.bench;

import java.util.Arrays;
import java.util.Map;

import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Inputs shared by the combiner benchmarks: reproducible gradients, losses, and options per method. */
final class BenchData {

    static final long SEED = 12345;

    private BenchData() {
    }

    /** K x P gradients: a shared Gaussian component with alternating sign plus a task-specific one. */
    static TaskGradients gradients(int k, long p, DataType type) {
        INDArray j = Nd4j.randn(SEED, new long[] {k, p}).castTo(type);
        INDArray shared = Nd4j.randn(SEED + 1, new long[] {p}).castTo(type);
        for (int i = 0; i < k; i++) {
            j.getRow(i).addi(shared.mul(i % 2 == 0 ? 1.0 : -1.0));
        }
        return TaskGradients.of(j);
    }

    static TaskLosses losses(int k) {
        double[] l = new double[k];
        for (int i = 0; i < k; i++) {
            l[i] = 1.0 + 0.1 * i;
        }
        return TaskLosses.of(l);
    }

    /** Options for methods that require some (constant needs its K weights). */
    static Map<String, ?> options(String method, int k) {
        if (method.equals("constant")) {
            double[] w = new double[k];
            Arrays.fill(w, 1.0);
            return Map.of("weights", w);
        }
        return Map.of();
    }
}
