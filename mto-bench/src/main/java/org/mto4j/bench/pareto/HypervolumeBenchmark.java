package org.mto4j.bench.pareto;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.mto4j.pareto.Hypervolume;
import org.mto4j.pareto.Sense;
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
 * Exact hypervolume of all-non-dominated sets (points on the concave unit sphere, reference 1.1 in every
 * objective), single thread. Targets (issue 4): 3-D, 10⁴ points ≤ 5 ms and 10⁵ points ≤ 60 ms; 5-D,
 * 400 points ≤ 6 ms; (issue 13) 4-D with 1,000 points and 5-D with 400 and 1,000 points no slower than
 * moocore's C on the same inputs ({@code mto-bench/scripts/compare-moocore.sh}). {@code readAll} is the
 * baseline.
 *
 * <p>Run: {@code java -jar mto-bench/target/benchmarks.jar 'org.mto4j.bench.pareto.HypervolumeBenchmark'}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xmx4g"})
public class HypervolumeBenchmark {
    @Param({"3-sphere-10000", "3-sphere-100000", "4-sphere-1000", "5-sphere-400", "5-sphere-1000"})
    public String dataset;

    private double[][] points;
    private Sense[] senses;
    private double[] reference;

    @Setup
    public void setUp() {
        points = ParetoData.points(dataset);
        int m = points[0].length;
        senses = Sense.MINIMIZE.times(m);
        reference = new double[m];
        Arrays.fill(reference, 1.1);
    }

    @Benchmark
    public double readAll() {
        return ParetoData.readAll(points);
    }

    @Benchmark
    public double hypervolume() {
        return Hypervolume.of(points, senses, reference);
    }
}
