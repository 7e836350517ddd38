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
        int[] result = new int[n];
        if (n == 0 || senses.length == 0) {
            return result;
        }
        if (senses.length == 3) {
            int[] fast = ranksDistinctX(flat, n, cap);
            if (fast != null) {
                return fast;
            }
        }
        DistinctPoints d = DistinctPoints.of(flat, n, senses.length);
        int[] groupRank = groupRanks(d, senses.length, cap);
        for (int g = 0; g < d.count; g++) {
            for (int t = d.groupStart[g]; t < d.groupStart[g + 1]; t++) {
                result[d.order[t]] = groupRank[g];
            }
        }
        return result;
    }

    private static int[] groupRanks(DistinctPoints d, int m, int cap) {
        if (m == 1) {
            int[] groupRank = new int[d.count];
            Arrays.setAll(groupRank, g -> Math.min(cap, g));
            return groupRank;
        }
        if (m == 3) {
            return peelThenDivide(d.groupObjectives(), Sorting.identity(d.count), d.count, d.bounds[1], cap);
        }
        return DivideAndConquerRanker.rank(d.groupObjectives(), d.count, d.bounds[1], cap);
    }

    /**
     * Three objectives: peels fronts with the O(n log n) sweep of {@link #frontSweep3} while each front
     * takes at least {@value #PEEL_FRACTION_INVERSE}th of the points left, O(k·n log n) for k fronts; the
     * points left after that are ranked by the divide and conquer, their ranks offset by the fronts peeled
     * (a point's rank is the number of fronts peeled before it plus its rank among the rest). A set that is
     * one front costs one sweep; uniform data, whose first front is tiny, one sweep more than the divide and
     * conquer alone. The points are distinct; {@code obj[j][id]} are dense ranks and {@code lexOrder} lists the
     * ids in lexicographic order (it is overwritten).
     */
    private static int[] peelThenDivide(int[][] obj, int[] lexOrder, int count, int bound1, int cap) {
        int[] rank = new int[count];
        int[] left = lexOrder;
        int leftCount = count;
        RankSet stairs = new RankSet(Math.max(1, bound1));
        int[] stairZ = new int[bound1];
        boolean[] onFront = new boolean[count];
        int front = 0;
        while (leftCount > 0 && front < cap) {
            int found = frontSweep3(obj[1], obj[2], left, leftCount, stairs, stairZ, onFront);
            int kept = 0;
            for (int t = 0; t < leftCount; t++) {
                int g = left[t];
                if (onFront[g]) {
                    rank[g] = front;
                } else {
                    left[kept++] = g;
                }
            }
            front++;
            boolean bigFront = (long) found * PEEL_FRACTION_INVERSE >= leftCount;
            leftCount = kept;
            if (!bigFront && leftCount > 0 && front < cap) {
                int[][] rest = new int[obj.length][leftCount];
                for (int j = 0; j < obj.length; j++) {
                    for (int t = 0; t < leftCount; t++) {
                        rest[j][t] = obj[j][left[t]];
                    }
                }
                int[] restRank = DivideAndConquerRanker.rank(rest, leftCount, bound1, cap - front);
                for (int t = 0; t < leftCount; t++) {
                    rank[left[t]] = front + restRank[t];
                }
                return rank;
            }
        }
        for (int t = 0; t < leftCount; t++) {
            rank[left[t]] = cap;
        }
        return rank;
    }

    /**
     * Three objectives whose first values are all distinct (the common case for measured data): sorting by
     * x alone is a lexicographic order of distinct points, so the general grouping of identical points (three
     * sorts of ranks and a merge) is not needed, only the dense ranks of y and z. Returns null when two
     * points share their first value.
     */
    private static int[] ranksDistinctX(double[] flat, int n, int cap) {
        int[] byX = Sorting.identity(n);
        Sorting.sortByObjective(byX, n, flat, 3, 0);
        int[] xRank = new int[n];
        for (int t = 0; t < n; t++) {
            if (t > 0 && flat[3 * byX[t]] == flat[3 * byX[t - 1]]) {
                return null;
            }
            xRank[byX[t]] = t;
        }
        int[] distinctY = new int[1];
        int[] yRank = Sorting.denseRanks(flat, n, 3, 1, distinctY);
        int[] zRank = Sorting.denseRanks(flat, n, 3, 2, null);
        return peelThenDivide(new int[][] {xRank, yRank, zRank}, byX, n, distinctY[0], cap);
    }

    /** Fronts are peeled one sweep at a time while each takes at least 1/8 of the points left. */
    private static final int PEEL_FRACTION_INVERSE = 8;

    /**
     * Marks in {@code onFront} (indexed by id) which of the distinct points {@code ids[0..len)}, given in
     * lexicographic order with dense ranks {@code y} and {@code z}, no other of them dominates (Kung, Luccio
     * and Preparata 1975). An earlier point no worse in y and z dominates, so the sweep keeps the staircase of
     * the (y, z) projections seen so far, z falling as y grows, on the y ranks in {@code stairs} (universe: the
     * number of distinct y) with each step's z in {@code stairZ}: a point is dominated iff the step at or
     * before its y is no higher, and otherwise replaces the steps it covers. Each point is added and removed
     * at most once, O(1) word operations each. Returns how many are on the front.
     */
    static int frontSweep3(int[] y, int[] z, int[] ids, int len, RankSet stairs, int[] stairZ,
            boolean[] onFront) {
        stairs.clear();
        int found = 0;
        for (int t = 0; t < len; t++) {
            int p = ids[t];
            int yp = y[p];
            int zp = z[p];
            int s = stairs.predecessor(yp);
            if (s >= 0 && stairZ[s] <= zp) {
                onFront[p] = false;
                continue;
            }
            onFront[p] = true;
            found++;
            for (int u = stairs.successor(yp); u >= 0 && stairZ[u] >= zp; u = stairs.successor(u + 1)) {
                stairs.remove(u);
            }
            stairs.add(yp);
            stairZ[yp] = zp;
        }
        return found;
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
        double[] flat = Points.minimizationFlat(points, "points", senses);
        int n = points.length;
        int m = senses.length;
        if (n == 0) {
            return new int[0][];
        }
        if (m == 0) {
            return new int[][] {policy == DuplicatePolicy.KEEP_FIRST ? new int[] {0} : Sorting.identity(n)};
        }
        DistinctPoints d = DistinctPoints.of(flat, n, m);
        int[] groupRank = groupRanks(d, m, Integer.MAX_VALUE);
        int maxRank = 0;
        for (int r : groupRank) {
            maxRank = Math.max(maxRank, r);
        }
        int[] size = new int[maxRank + 1];
        boolean[] keep = new boolean[n];
        int[] rank = new int[n];
        for (int g = 0; g < d.count; g++) {
            int end = policy == DuplicatePolicy.KEEP_FIRST ? d.groupStart[g] + 1 : d.groupStart[g + 1];
            for (int t = d.groupStart[g]; t < end; t++) {
                keep[d.order[t]] = true;
                rank[d.order[t]] = groupRank[g];
                size[groupRank[g]]++;
            }
        }
        int[][] fronts = new int[maxRank + 1][];
        for (int k = 0; k <= maxRank; k++) {
            fronts[k] = new int[size[k]];
            size[k] = 0;
        }
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                fronts[rank[i]][size[rank[i]]++] = i;
            }
        }
        return fronts;
    }
}
