package org.mto4j.bench;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.mto4j.core.Combiners;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.Gramian;
import org.mto4j.core.Weights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The host-side K x K solve of the Gram methods alone: {@code GramWeighting.weigh} on a fixed random conflicting
 * Gramian (no GEMM, no GEMV). Target: UPGrad's weights at K = 64 in at most 5 ms and at K = 128 in at most 20 ms.
 * The baseline copies the Gramian's entries, the least any weighting does.
 *
 * <p>Run: {@code mvn -B -q -o package -DskipTests -pl mto-bench -am &&
 * java -jar mto-bench/target/benchmarks.jar WeightingSolverBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class WeightingSolverBenchmark {

    @Param({"8", "32", "64", "128"})
    public int k;

    @Param({"mgda", "upgrad", "dualproj", "cagrad"})
    public String method;

    private GramCombiner combiner;
    private Gramian gramian;

    @Setup
    public void setUp() {
        combiner = (GramCombiner) Combiners.create(method, Map.of());
        gramian = conflictingGramian(k, 4 * k, 42L);
    }

    /** G = J Jᵀ for J with a shared component of weight in [−0.3, 0.7] plus independent noise, rows of random scale. */
    static Gramian conflictingGramian(int k, int p, long seed) {
        Random r = new Random(seed);
        double[] shared = new double[p];
        for (int c = 0; c < p; c++) {
            shared[c] = r.nextGaussian();
        }
        double[][] j = new double[k][p];
        for (int i = 0; i < k; i++) {
            double scale = Math.exp(r.nextGaussian());
            double sharedWeight = r.nextDouble() - 0.3;
            for (int c = 0; c < p; c++) {
                j[i][c] = scale * (sharedWeight * shared[c] + r.nextGaussian());
            }
        }
        double[][] g = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int c = 0; c < p; c++) {
                    s += j[a][c] * j[b][c];
                }
                g[a][b] = s;
                g[b][a] = s;
            }
        }
        return Gramian.of(g);
    }

    @Benchmark
    public Weights weigh() {
        return combiner.weigh(gramian, null);
    }

    @Benchmark
    public double[][] baseline() {
        return gramian.toArray();
    }
}
