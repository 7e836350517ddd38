package org.mto4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a Gram method's step goes: the CPU time of the calling thread for the Gram pass, MGDA's and UPGrad's
 * weights, the direction pass, and whole {@code combineInto} steps of static, MGDA and UPGrad, on the benchmarks'
 * J. CPU time is disturbed much less than wall time by the other users of a shared machine; run it on one core so
 * that the host kernels do all their work on the calling thread:
 * <pre>
 *   java -XX:ActiveProcessorCount=1 --add-modules jdk.incubator.vector \
 *        -cp mto-bench/target/benchmarks.jar org.mto4j.bench.GramPhases 32 100000 FLOAT 150
 * </pre>
 * Arguments: K, P, dtype, calls per median (default 150), and {@code wall} to measure wall time instead (then run
 * without {@code -XX:ActiveProcessorCount=1} to see the threads' split). Prints three rounds of medians in ms.
 */
public final class GramPhases {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static Object sink;
    private static boolean wall;

    private GramPhases() {
    }

    public static void main(String[] args) {
        int k = Integer.parseInt(args[0]);
        long p = Long.parseLong(args[1]);
        DataType type = DataType.valueOf(args[2]);
        int calls = args.length > 3 ? Integer.parseInt(args[3]) : 150;
        wall = args.length > 4 && args[4].equals("wall");
        TaskGradients j = BenchData.gradients(k, p, type);
        TaskLosses losses = BenchData.losses(k);
        INDArray out = Nd4j.create(type, p);
        GramCombiner upgrad = (GramCombiner) Combiners.create("upgrad", Map.of());
        GramCombiner mgda = (GramCombiner) Combiners.create("mgda", Map.of());
        GradientCombiner plain = Combiners.create("static", Map.of());
        Gramian g = upgrad.gramian(j);
        Weights w = upgrad.weigh(g, losses);
        for (int round = 1; round <= 3; round++) {
            double gram = median(() -> upgrad.gramian(j), calls);
            double upgradWeights = median(() -> upgrad.weigh(g, losses), calls);
            double mgdaWeights = median(() -> mgda.weigh(g, losses), calls);
            double direction = median(() -> upgrad.combineShardInto(j, w, out), calls);
            double staticStep = median(() -> plain.combineInto(j, losses, out), calls);
            double upgradStep = median(() -> upgrad.combineInto(j, losses, out), calls);
            double mgdaStep = median(() -> mgda.combineInto(j, losses, out), calls);
            System.out.printf("round %d, K = %d, P = %d, %s, %s ms: Gram pass %.3f, weights upgrad %.3f, mgda %.3f, "
                    + "direction pass %.3f | combineInto static %.3f, upgrad %.3f (%.2fx static), mgda %.3f "
                    + "(%.2fx)%n", round, k, p, type, wall ? "wall" : "CPU", gram, upgradWeights, mgdaWeights,
                    direction, staticStep, upgradStep, upgradStep / staticStep, mgdaStep, mgdaStep / staticStep);
        }
    }

    /** The median CPU time of the calling thread (or wall time) over {@code calls} calls, in ms. */
    private static double median(Supplier<Object> call, int calls) {
        double[] ms = new double[calls];
        for (int c = 0; c < calls; c++) {
            long start = now();
            sink = call.get();
            ms[c] = (now() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[calls / 2];
    }

    private static long now() {
        return wall ? System.nanoTime() : THREADS.getCurrentThreadCpuTime();
    }
}
