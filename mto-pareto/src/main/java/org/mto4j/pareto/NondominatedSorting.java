package org.mto4j.pareto;

import java.util.Arrays;

/**
 * Non-dominated sorting: the Pareto rank of every point.
 *
 * <pre>
 *   rank(q) = 0                                  if no point dominates q
 *   rank(q) = 1 + max { rank(p) : p ≺ q }        otherwise
 * </pre>
 * so front k is the set of points of rank k, and a point's rank is the length of the longest dominance
 * chain ending in it. Identical points always share a rank.
 *
 * <p>Algorithm: objectives are replaced by dense ranks, the points sorted lexicographically and identical
 * points merged; then the divide and conquer of M. T. Jensen, "Reducing the run-time complexity of
 * multiobjective EAs: the NSGA-II and other algorithms", IEEE TEVC 7(5), 2003, made correct for equal
 * values by F.-A. Fortin, S. Grenier, M. Parizeau, "Generalizing the improved run-time complexity
 * algorithm for non-dominated sorting", GECCO 2013, with the median split of M. Buzdalov, A. Shalyto,
 * "A provably asymptotically fast version of the generalized Jensen algorithm for non-dominated
 * sorting", PPSN 2014. Time O(n log^(m−1) n) for m ≥ 2 (O(n log n) for m = 2), memory O(m·n); small
 * subproblems are solved by pairwise comparison.
 *
 * <p>Inputs are only read; results are indices into the caller's array. NaN: IllegalArgumentException
 * naming the point and objective. Thread safety: stateless, safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class NondominatedSorting {
    private NondominatedSorting() {
    }

    /**
     * Returns the Pareto rank of every point (0 for the first front).
     *
     * @param points n points × m objectives (not modified)
     * @param senses one sense per objective
     * @return {@code rank[i]} for point i
     */
    public static int[] ranks(double[][] points, Sense[] senses) {
        return ranks(points, senses, Integer.MAX_VALUE);
    }

    /** Ranks saturated at {@code cap}; cap 1 separates the first front from the rest. */
    static int[] ranks(double[][] points, Sense[] senses, int cap) {
        double[] flat = Points.minimizationFlat(points, "points", senses);
        int n = points.length;
        int m = senses.length;
        int[] result = new int[n];
        if (n == 0 || m == 0) {
            return result;
        }
        DistinctPoints d = DistinctPoints.of(flat, n, m);
        int[] groupRank;
        if (m == 1) {
            groupRank = new int[d.count];
            Arrays.setAll(groupRank, g -> Math.min(cap, g));
        } else {
            groupRank = DivideAndConquerRanker.rank(d.groupObjectives(), d.count, d.bounds[1], cap);
        }
        for (int g = 0; g < d.count; g++) {
            for (int t = d.groupStart[g]; t < d.groupStart[g + 1]; t++) {
                result[d.order[t]] = groupRank[g];
            }
        }
        return result;
    }

    /**
     * Returns the fronts: {@code fronts[k]} holds the indices of the points of rank k, ascending.
     *
     * @param policy with {@link DuplicatePolicy#KEEP_FIRST}, a point identical to a point of smaller index
     *               is left out of every front
     */
    public static int[][] fronts(double[][] points, Sense[] senses, DuplicatePolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("policy must not be null");
        }
        int[] rank = ranks(points, senses);
        boolean[] keep = keepMask(points, senses, policy);
        int maxRank = -1;
        for (int r : rank) {
            maxRank = Math.max(maxRank, r);
        }
        int[] size = new int[maxRank + 1];
        for (int i = 0; i < rank.length; i++) {
            if (keep[i]) {
                size[rank[i]]++;
            }
        }
        int[][] fronts = new int[maxRank + 1][];
        for (int k = 0; k <= maxRank; k++) {
            fronts[k] = new int[size[k]];
            size[k] = 0;
        }
        for (int i = 0; i < rank.length; i++) {
            if (keep[i]) {
                fronts[rank[i]][size[rank[i]]++] = i;
            }
        }
        return fronts;
    }

    /** Marks the points a duplicate policy keeps: all, or the smallest index of each group of identical points. */
    static boolean[] keepMask(double[][] points, Sense[] senses, DuplicatePolicy policy) {
        int n = points.length;
        boolean[] keep = new boolean[n];
        if (policy == DuplicatePolicy.KEEP_ALL || n == 0) {
            Arrays.fill(keep, true);
            return keep;
        }
        int m = senses.length;
        double[] flat = Points.minimizationFlat(points, "points", senses);
        if (m == 0) {
            keep[0] = true;
            return keep;
        }
        DistinctPoints d = DistinctPoints.of(flat, n, m);
        for (int g = 0; g < d.count; g++) {
            keep[d.representative(g)] = true;
        }
        return keep;
    }
}
