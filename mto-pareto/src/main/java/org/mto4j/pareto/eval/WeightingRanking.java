package org.mto4j.pareto.eval;

import java.util.ArrayList;
import java.util.List;
import org.mto4j.pareto.DuplicatePolicy;
import org.mto4j.pareto.Normalization;
import org.mto4j.pareto.ParetoFront;
import org.mto4j.pareto.Sense;

/**
 * Ranks methods under many evaluation weightings: which method is best depends on how the tasks are
 * traded off, and this shows how much.
 *
 * <pre>
 *   utility_m(w) = min_{x ∈ S_m} Σ_k w_k · x_k          (metrics in minimization form; S_m: method m's results)
 *   winner(w)    = argmin_m utility_m(w)                  (ties: the method listed first)
 *   share_m      = |{ i : winner(w_i) = m }| / N
 *   flips        = { i ≥ 1 : winner(w_i) ≠ winner(w_{i−1}) }   (in the order the weightings are given)
 * </pre>
 * With two tasks and weightings in lattice order, the flips are where the ranking changes along the
 * trade-off, as in Figure 6 (right) of Xin et al., "Do current multi-task optimization methods in deep
 * learning even help?", NeurIPS 2022, arXiv:2209.11379. A linear utility is minimized on a set's Pareto
 * front, so each set is first reduced to it: O(M·(n log n + N·|F|·m)).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WeightingRanking {
    private final List<String> methods;
    private final double[][] utilities;
    private final int[] winners;

    private WeightingRanking(List<String> methods, double[][] utilities, int[] winners) {
        this.methods = methods;
        this.utilities = utilities;
        this.winners = winners;
    }

    /**
     * Ranks result sets under the given weightings.
     *
     * @param methods  one name per set
     * @param sets     each method's results, n_m × m points (not modified), n_m ≥ 1
     * @param senses   one sense per metric
     * @param weights  N weightings, m non-negative values each
     */
    public static WeightingRanking of(List<String> methods, List<double[][]> sets, Sense[] senses,
            double[][] weights) {
        if (methods == null || sets == null || methods.size() != sets.size() || methods.isEmpty()) {
            throw new IllegalArgumentException("need one name per set and at least one set, got "
                    + (methods == null ? "null" : methods.size()) + " names and "
                    + (sets == null ? "null" : sets.size()) + " sets");
        }
        if (senses == null || weights == null) {
            throw new IllegalArgumentException("senses and weights must not be null");
        }
        int m = senses.length;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] == null || weights[i].length != m) {
                throw new IllegalArgumentException("weights[" + i + "] must have " + m + " values, got "
                        + (weights[i] == null ? "null" : weights[i].length));
            }
            for (int k = 0; k < m; k++) {
                if (!(weights[i][k] >= 0) || !Double.isFinite(weights[i][k])) {
                    throw new IllegalArgumentException("weights[" + i + "][" + k + "] must be finite and >= 0, got "
                            + weights[i][k]);
                }
            }
        }
        int methodCount = sets.size();
        double[][] fronts = new double[methodCount][];
        for (int s = 0; s < methodCount; s++) {
            double[][] set = sets.get(s);
            if (set == null || set.length == 0) {
                throw new IllegalArgumentException("set " + s + " (" + methods.get(s) + ") is empty");
            }
            int[] front = ParetoFront.indices(set, senses, DuplicatePolicy.KEEP_FIRST);
            double[] flat = new double[front.length * m];
            for (int t = 0; t < front.length; t++) {
                for (int k = 0; k < m; k++) {
                    flat[t * m + k] = senses[k] == Sense.MINIMIZE ? set[front[t]][k] : -set[front[t]][k];
                }
            }
            fronts[s] = flat;
        }
        int n = weights.length;
        double[][] utilities = new double[n][methodCount];
        int[] winners = new int[n];
        for (int i = 0; i < n; i++) {
            double[] w = weights[i];
            int winner = 0;
            for (int s = 0; s < methodCount; s++) {
                double[] f = fronts[s];
                double best = Double.POSITIVE_INFINITY;
                for (int o = 0; o < f.length; o += m) {
                    double u = 0;
                    for (int k = 0; k < m; k++) {
                        u += w[k] * f[o + k];
                    }
                    best = Math.min(best, u);
                }
                utilities[i][s] = best;
                if (best < utilities[i][winner]) {
                    winner = s;
                }
            }
            winners[i] = winner;
        }
        return new WeightingRanking(List.copyOf(methods), utilities, winners);
    }

    /**
     * Ranks the methods of a table, each by all of its runs' metrics on {@code split}, normalized between the
     * explicit {@code ideal} (0) and {@code nadir} (1) so that the weights compare like with like.
     */
    public static WeightingRanking of(ResultsTable table, Split split, double[][] weights, double[] ideal,
            double[] nadir) {
        Sense[] senses = table.senses();
        List<String> methods = table.methods();
        List<double[][]> sets = new ArrayList<>();
        for (String method : methods) {
            sets.add(Normalization.normalize(table.points(split, table.indicesOf(method)), ideal, nadir, senses));
        }
        return of(methods, sets, Sense.MINIMIZE.times(senses.length), weights);
    }

    public List<String> methods() {
        return methods;
    }

    /** For each weighting, the index (into {@link #methods()}) of the winning method. */
    public int[] winners() {
        return winners.clone();
    }

    /** The utility of method s under weighting i (minimization form; smaller is better). */
    public double utility(int weighting, int method) {
        return utilities[weighting][method];
    }

    /** For each method, the fraction of weightings it wins. */
    public double[] shares() {
        double[] share = new double[methods.size()];
        for (int w : winners) {
            share[w] += 1.0 / winners.length;
        }
        return share;
    }

    /** The weighting indices i ≥ 1 where the winner differs from that of weighting i − 1. */
    public int[] flips() {
        return java.util.stream.IntStream.range(1, winners.length).filter(i -> winners[i] != winners[i - 1])
                .toArray();
    }

    /** The methods ordered best first under weighting i (ties: listed first). */
    public int[] ranking(int weighting) {
        double[] u = utilities[weighting];
        return java.util.stream.IntStream.range(0, u.length).boxed()
                .sorted((a, b) -> u[a] != u[b] ? Double.compare(u[a], u[b]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }
}
