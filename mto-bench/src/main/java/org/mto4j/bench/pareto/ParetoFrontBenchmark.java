package org.mto4j.bench.pareto;

import java.util.concurrent.TimeUnit;
import org.mto4j.pareto.NondominatedSorting;
import org.mto4j.pareto.ParetoFront;
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
 * First front and all ranks, single thread. Targets (issue 4): front of 10⁶ 2-D points ≤ 90 ms; front of
 * 10⁵ all-non-dominated 3-D points ≤ 150 ms; ranks of 10⁵ 3-D points ≤ 150 ms; (issue 13) ranks of 10⁵
 * 3-D points forming one front ({@code 3-simplex-100000}) no slower than moocore's C
 * ({@code mto-bench/scripts/compare-moocore.sh}). {@code readAll} is the
 * baseline: one pass over the input, the floor of any algorithm.
 *
 * <p>Run: {@code java -jar mto-bench/target/benchmarks.jar 'org.mto4j.bench.pareto.ParetoFrontBenchmark'}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xmx4g"})
public class ParetoFrontBenchmark {
    @Param({"2-uniform-1000000", "2-linear-1000000", "3-simplex-100000", "3-uniform-100000", "5-sphere-10000"})
    public String dataset;

    private double[][] points;
    private Sense[] senses;

    @Setup
    public void setUp() {
        points = ParetoData.points(dataset);
        senses = Sense.MINIMIZE.times(points[0].length);
    }

    @Benchmark
    public double readAll() {
        return ParetoData.readAll(points);
    }

    @Benchmark
    public int[] front() {
        return ParetoFront.indices(points, senses);
    }

    @Benchmark
    public int[] ranks() {
        return NondominatedSorting.ranks(points, senses);
    }
}
