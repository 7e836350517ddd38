package org.mto4j.pareto.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.mto4j.pareto.Sense;

/**
 * How much a sparse learning-rate grid can change a conclusion, compared with the noise of the seed.
 *
 * <pre>
 *   mean(η)     = mean score over the seeds of the runs with learning rate η
 *   grid_k      = { k·10⁻³, k·10⁻², k·10⁻¹ },  k = 1..9     (only the rates present in the sweep)
 *   gridBest_k  = best mean(η) over η ∈ grid_k
 *   gridSpread  = max_k gridBest_k − min_k gridBest_k
 *   η*          = the best learning rate of the whole sweep;  seedSpread = max − min of the scores at η*
 *   ratio       = gridSpread / seedSpread
 * </pre>
 * A ratio well above 1 means that which 3-point grid a study happened to use matters more than the
 * seed, Figure 6 (left) of D. Xin et al., "Do current multi-task optimization methods in deep learning even
 * help?", NeurIPS 2022, arXiv:2209.11379. Learning rates are matched with relative tolerance
 * {@link #RATE_TOLERANCE}. The score is the caller's choice (e.g. a weighted sum of test metrics).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class TuningSensitivity {
    /** Relative tolerance when matching a learning rate to a grid value. */
    public static final double RATE_TOLERANCE = 1e-9;
    private static final double[] DECADES = {1e-3, 1e-2, 1e-1};

    private final int[] ks;
    private final double[] gridBest;
    private final double[] gridBestRate;
    private final double bestRate;
    private final double[] seedScores;

    private TuningSensitivity(int[] ks, double[] gridBest, double[] gridBestRate, double bestRate,
            double[] seedScores) {
        this.ks = ks;
        this.gridBest = gridBest;
        this.gridBestRate = gridBestRate;
        this.bestRate = bestRate;
        this.seedScores = seedScores;
    }

    /**
     * Analyses a dense learning-rate sweep.
     *
     * @param runs  the runs of one method (and one setting of every other hyper-parameter), several seeds each
     * @param score the score of a run
     * @param sense whether a lower or a higher score is better
     */
    public static TuningSensitivity of(List<Run> runs, ToDoubleFunction<Run> score, Sense sense) {
        if (runs == null || runs.isEmpty() || score == null || sense == null) {
            throw new IllegalArgumentException("need at least one run, a score and a sense, got "
                    + (runs == null ? "null" : runs.size()) + " runs");
        }
        TreeMap<Double, List<Double>> byRate = new TreeMap<>();
        for (int i = 0; i < runs.size(); i++) {
            double s = score.applyAsDouble(runs.get(i));
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("score of runs[" + i + "] (" + runs.get(i) + ") is " + s);
            }
            byRate.computeIfAbsent(runs.get(i).learningRate(), r -> new ArrayList<>()).add(s);
        }
        double sign = sense == Sense.MINIMIZE ? 1 : -1;
        double bestRate = Double.NaN;
        double bestMean = Double.POSITIVE_INFINITY;
        for (var e : byRate.entrySet()) {
            double mean = sign * mean(e.getValue());
            if (mean < bestMean) {
                bestMean = mean;
                bestRate = e.getKey();
            }
        }
        List<Integer> ks = new ArrayList<>();
        List<double[]> best = new ArrayList<>();
        for (int k = 1; k <= 9; k++) {
            double gridBest = Double.POSITIVE_INFINITY;
            double gridRate = Double.NaN;
            for (double decade : DECADES) {
                double target = k * decade;
                for (var e : byRate.entrySet()) {
                    if (Math.abs(e.getKey() - target) <= RATE_TOLERANCE * target) {
                        double mean = sign * mean(e.getValue());
                        if (mean < gridBest) {
                            gridBest = mean;
                            gridRate = e.getKey();
                        }
                    }
                }
            }
            if (!Double.isNaN(gridRate)) {
                ks.add(k);
                best.add(new double[] {sign * gridBest, gridRate});
            }
        }
        double[] seeds = byRate.get(bestRate).stream().mapToDouble(Double::doubleValue).toArray();
        return new TuningSensitivity(ks.stream().mapToInt(Integer::intValue).toArray(),
                best.stream().mapToDouble(b -> b[0]).toArray(), best.stream().mapToDouble(b -> b[1]).toArray(),
                bestRate, seeds);
    }

    private static double mean(List<Double> values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.size();
    }

    /** The k (1..9) whose grid has at least one learning rate in the sweep. */
    public int[] gridKs() {
        return ks.clone();
    }

    /** Per grid (aligned with {@link #gridKs()}): the best mean score. */
    public double[] gridBestScores() {
        return gridBest.clone();
    }

    /** Per grid: the learning rate that grid would pick. */
    public double[] gridBestRates() {
        return gridBestRate.clone();
    }

    /** Spread of the grids' best scores (0 with fewer than two grids). */
    public double gridSpread() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : gridBest) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return gridBest.length < 2 ? 0.0 : hi - lo;
    }

    /** The best learning rate of the whole sweep (best mean over seeds). */
    public double bestRate() {
        return bestRate;
    }

    /** The scores of the seeds at the best learning rate. */
    public double[] seedScores() {
        return seedScores.clone();
    }

    /** max − min of the seed scores at the best learning rate. */
    public double seedSpread() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : seedScores) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi - lo;
    }

    /** gridSpread / seedSpread; +∞ when the seeds agree exactly and the grids do not. */
    public double ratio() {
        double seed = seedSpread();
        double grid = gridSpread();
        return seed == 0 ? (grid == 0 ? 0.0 : Double.POSITIVE_INFINITY) : grid / seed;
    }
}
