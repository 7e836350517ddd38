package org.mto4j.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.mto4j.core.Combiners;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
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
 * The host-side part of a loss weighting's step alone: {@code LossWeighting.weigh(K, losses)} (no GEMV). A loss
 * weighting's combiner step is this plus the GEMV that {@code static} also does, so its overhead over scalarization
 * is this time minus {@code static}'s, against the GEMV's milliseconds at large P (see {@link CombinerBenchmark}).
 * Stateful methods advance one step per call (DWA and STCH stay in their first epoch).
 *
 * <p>Run: {@code java -jar mto-bench/target/benchmarks.jar LossWeightingHostBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class LossWeightingHostBenchmark {

    @Param({"8"})
    public int k;

    @Param({"static", "uw", "imtl-l", "dwa", "gls", "stch", "famo", "cosmos", "pbi"})
    public String method;

    private LossWeighting weighting;
    private TaskLosses losses;

    @Setup
    public void setUp() {
        weighting = ((LossWeightingCombiner) Combiners.create(method, BenchData.options(method, k))).weighting();
        losses = BenchData.losses(k);
    }

    @Benchmark
    public Weights weigh() {
        return weighting.weigh(k, losses);
    }
}
