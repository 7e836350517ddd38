package org.mto4j.bench.pareto;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.WeightVectors;
import org.mto4j.pareto.eval.WeightingRanking;
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
 * Ranking 10 methods' result sets under 10⁴ random weightings, single thread. Target (issue 4): ≤ 100 ms.
 * Each set holds {@code runs} results spread around a shifted concave front. {@code baseline} computes
 * one weighted sum per (weighting, result) pair with no reduction: the naive cost of the question.
 *
 * <p>Run: {@code java -jar mto-bench/target/benchmarks.jar 'org.mto4j.bench.pareto.WeightingRankingBenchmark'}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3)
public class WeightingRankingBenchmark {
    @Param({"2", "3"})
    public int tasks;

    @Param({"100"})
    public int runs;

    private List<String> names;
    private List<double[][]> sets;
    private double[][] weights;
    private Sense[] senses;

    @Setup
    public void setUp() {
        names = new ArrayList<>();
        sets = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            names.add("method" + s);
            double[][] p = ParetoData.points(tasks + "-sphere-" + (runs + s));
            double[][] u = ParetoData.points(tasks + "-uniform-" + (runs + s));
            for (int i = 0; i < p.length; i++) {
                for (int j = 0; j < tasks; j++) {
                    p[i][j] += 0.3 * u[i][j] + 0.01 * s;
                }
            }
            sets.add(p);
        }
        weights = WeightVectors.uniformRandom(tasks, 10_000, ParetoData.SEED);
        senses = Sense.MINIMIZE.times(tasks);
    }

    @Benchmark
    public double baseline() {
        double total = 0;
        for (double[] w : weights) {
            double best = Double.POSITIVE_INFINITY;
            for (double[][] set : sets) {
                for (double[] x : set) {
                    double u = 0;
                    for (int j = 0; j < x.length; j++) {
                        u += w[j] * x[j];
                    }
                    best = Math.min(best, u);
                }
            }
            total += best;
        }
        return total;
    }

    @Benchmark
    public int[] rank() {
        return WeightingRanking.of(names, sets, senses, weights).winners();
    }
}
