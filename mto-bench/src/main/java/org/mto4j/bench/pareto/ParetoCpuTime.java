package org.mto4j.bench.pareto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.mto4j.pareto.Hypervolume;
import org.mto4j.pareto.NondominatedSorting;
import org.mto4j.pareto.Sense;

/**
 * Median CPU time of the calling thread per call of a Pareto kernel, for comparisons with programs that
 * report CPU time (moocore's {@code hv -v}): on a shared machine the thread's CPU time is far less inflated by
 * other processes than wall-clock time, so both sides are read on the same clock. Each dataset is warmed up
 * for {@value #WARMUP_SECONDS} s, then {@value #CALLS} calls are timed one by one.
 *
 * <pre>
 *   java -cp mto-bench/target/benchmarks.jar org.mto4j.bench.pareto.ParetoCpuTime hypervolume|ranks NAME...
 * </pre>
 * prints one line per dataset: {@code java KERNEL NAME MEDIAN_MS} (hypervolume reference 1.1 everywhere, as in
 * {@link HypervolumeBenchmark}).
 */
public final class ParetoCpuTime {
    static final int WARMUP_SECONDS = 3;
    static final int CALLS = 15;

    private ParetoCpuTime() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !(args[0].equals("hypervolume") || args[0].equals("ranks"))) {
            System.err.println("usage: ParetoCpuTime hypervolume|ranks NAME...   (NAME like 4-sphere-1000)");
            System.exit(2);
        }
        boolean hv = args[0].equals("hypervolume");
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        for (int a = 1; a < args.length; a++) {
            double[][] points = ParetoData.points(args[a]);
            int m = points[0].length;
            Sense[] senses = Sense.MINIMIZE.times(m);
            double[] reference = new double[m];
            Arrays.fill(reference, 1.1);
            double sink = 0;
            long end = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
            while (System.nanoTime() < end) {
                sink += call(hv, points, senses, reference);
            }
            double[] ms = new double[CALLS];
            for (int c = 0; c < CALLS; c++) {
                long t0 = bean.getCurrentThreadCpuTime();
                sink += call(hv, points, senses, reference);
                ms[c] = (bean.getCurrentThreadCpuTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("java %s %s %.4f%n", args[0], args[a], ms[CALLS / 2]);
            if (Double.isNaN(sink)) {
                System.out.println("(sink " + sink + ")");
            }
        }
    }

    private static double call(boolean hv, double[][] points, Sense[] senses, double[] reference) {
        return hv ? Hypervolume.of(points, senses, reference) : NondominatedSorting.ranks(points, senses)[0];
    }
}
