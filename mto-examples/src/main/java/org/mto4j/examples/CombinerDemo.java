package org.mto4j.examples;

import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.mto4j.core.Combination;
import org.mto4j.core.CombinerSpec;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The README's main job until the study lands: combines one set of random, conflicting task gradients with every
 * registered method and prints each method's task weights, the norm of its direction, and the directional
 * derivative gᵢ·d of every task (negative: that task's loss goes up along d).
 * <pre>
 *   mvn -B -q -pl mto-examples -am -DskipTests package exec:java [-Dexec.args="K P seed"]
 * </pre>
 */
public final class CombinerDemo {

    static final int DEFAULT_TASKS = 4;
    static final long DEFAULT_PARAMS = 100_000;
    static final long DEFAULT_SEED = 42;

    private CombinerDemo() {
    }

    public static void main(String[] args) {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_TASKS;
        long p = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_PARAMS;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
        if (k < 1 || p < 1) {
            throw new IllegalArgumentException("usage: CombinerDemo [K >= 1] [P >= 1] [seed]; got K = " + k
                    + ", P = " + p);
        }
        System.out.println(run(k, p, seed));
    }

    /** The report for K tasks with P parameters, reproducible from the seed. */
    static String run(int k, long p, long seed) {
        TaskGradients gradients = conflictingGradients(k, p, seed);
        TaskLosses losses = randomLosses(k, seed);
        INDArray direction = Nd4j.create(DataType.FLOAT, p);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "mto4j: %d methods on K = %d random conflicting task gradients, "
                + "P = %d, FLOAT, seed %d%n", Combiners.names().size(), k, p, seed));
        out.append(String.format(Locale.ROOT, "%-12s %-28s %10s  %-44s %s%n", "method", "solver", "|d|", "weights",
                "g_i . d / |g_i| (per task)"));
        for (CombinerSpec spec : Combiners.specs()) {
            GradientCombiner combiner = Combiners.create(spec.name(), demoOptions(spec.name(), k));
            Combination c = combiner.combineInto(gradients, losses, direction);
            double[] derivatives = new double[k];
            for (int i = 0; i < k; i++) {
                double norm = gradients.row(i).norm2Number().doubleValue();
                derivatives[i] = gradients.row(i).castTo(DataType.DOUBLE).mul(direction.castTo(DataType.DOUBLE))
                        .sumNumber().doubleValue() / norm;
            }
            out.append(String.format(Locale.ROOT, "%-12s %-28s %10.4g  %-44s %s%n", spec.name(),
                    c.diagnostics().solver(),
                    c.directionNorm(), format(c.weights()), format(derivatives)));
        }
        return out.toString();
    }

    /** Options for the methods that need some; defaults for the rest. */
    static Map<String, ?> demoOptions(String name, int k) {
        if (name.equals("constant")) {
            double[] w = new double[k];
            for (int i = 0; i < k; i++) {
                w[i] = i + 1;
            }
            return Map.of("weights", w);
        }
        return Map.of();
    }

    static TaskGradients conflictingGradients(int k, long p, long seed) {
        Random r = new Random(seed);
        INDArray shared = Nd4j.randn(seed, new long[] {p}).castTo(DataType.FLOAT);
        TaskGradients g = TaskGradients.allocate(k, p, DataType.FLOAT);
        for (int i = 0; i < k; i++) {
            double scale = Math.exp(r.nextGaussian());
            // Alternating signs of the shared component make odd and even tasks conflict.
            double alignment = (i % 2 == 0 ? 1 : -1) * (1 + r.nextDouble());
            INDArray own = Nd4j.randn(seed + 1 + i, new long[] {p}).castTo(DataType.FLOAT);
            g.row(i).assign(own.addi(shared.mul(alignment)).muli(scale));
        }
        return g;
    }

    static TaskLosses randomLosses(int k, long seed) {
        Random r = new Random(seed ^ 0x9E3779B97F4A7C15L);
        double[] l = new double[k];
        for (int i = 0; i < k; i++) {
            l[i] = 0.2 + r.nextDouble();
        }
        return TaskLosses.of(l);
    }

    private static String format(double[] values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", values[i]));
        }
        return s.append(']').toString();
    }

}
