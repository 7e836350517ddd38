package org.mto4j.pareto;

import java.util.Arrays;

/**
 * The first Pareto front: the points no other point dominates.
 *
 * <pre>
 *   F(P) = { p ∈ P : ∄ q ∈ P, q ≺ p }
 * </pre>
 * Algorithms, after H. T. Kung, F. Luccio, F. P. Preparata, "On finding the maxima of a set of vectors",
 * J. ACM 22(4), 1975:
 * <ul>
 *   <li>m = 2: sort by the first objective, sweep keeping the best second objective; O(n log n). A
 *       linear pre-pass first discards every point dominated by the minimizer of a range-normalized sum
 *       (a front point), so random data sorts only a small remainder.</li>
 *   <li>m = 3: sweep in lexicographic order keeping the staircase of the (second, third) objectives seen
 *       so far on the dense ranks of the second in a 64-ary bit tree, so a point is dominated iff the step at
 *       or before it is no higher; O(n log n), dominated by sorting.</li>
 *   <li>n ≤ 512 and m ≥ 3: sort by the sum of objectives, which a dominator never exceeds, and compare each
 *       point only with the front found so far (sort-filter-skyline, J. Chomicki, P. Godfrey, J. Gryz,
 *       D. Liang, "Skyline with presorting", ICDE 2003); O(n·|F|·m).</li>
 *   <li>m ≥ 4: divide and conquer on the objectives (the rank engine of {@link NondominatedSorting} with
 *       ranks capped at 1), O(n log^(m−2) n) in the worst case.</li>
 * </ul>
 * Identical points are EQUAL, so copies of a front point are all on the front unless the
 * {@link DuplicatePolicy} is {@code KEEP_FIRST}.
 *
 * <p>Inputs are only read; results are ascending indices into the caller's array. Memory O(m·n).
 * Thread safety: stateless, safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class ParetoFront {
    /** Up to this many points (m ≥ 3), sort-filter beats the divide and conquer and its setup. */
    static final int SORT_FILTER_LIMIT = 512;

    private ParetoFront() {
    }

    /** Returns the indices of the non-dominated points, ascending, keeping every copy of identical points. */
    public static int[] indices(double[][] points, Sense[] senses) {
        return indices(points, senses, DuplicatePolicy.KEEP_ALL);
    }

    /**
     * Returns the indices of the non-dominated points, ascending.
     *
     * @param points n points × m objectives (not modified)
     * @param senses one sense per objective
     * @param policy what to do with identical points
     */
    public static int[] indices(double[][] points, Sense[] senses, DuplicatePolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("policy must not be null");
        }
        double[] flat = Points.minimizationFlat(points, "points", senses);
        return ofFlat(flat, points.length, senses.length, policy == DuplicatePolicy.KEEP_FIRST);
    }

    /** Returns whether each point is non-dominated (every copy of identical front points is marked). */
    public static boolean[] mask(double[][] points, Sense[] senses) {
        boolean[] mask = new boolean[points == null ? 0 : points.length];
        for (int i : indices(points, senses, DuplicatePolicy.KEEP_ALL)) {
            mask[i] = true;
        }
        return mask;
    }

    /** Front of a flat minimization array; ascending indices. */
    static int[] ofFlat(double[] flat, int n, int m, boolean keepFirst) {
        if (n == 0) {
            return new int[0];
        }
        if (m >= 3 && n <= SORT_FILTER_LIMIT) {
            return sortFilter(flat, n, m, keepFirst);
        }
        boolean[] front = new boolean[n];
        switch (m) {
            case 0 -> Arrays.fill(front, 0, keepFirst ? 1 : n, true);
            case 1 -> oneObjective(flat, n, front, keepFirst);
            case 2 -> twoObjectives(flat, n, front, keepFirst);
            default -> manyObjectives(flat, n, m, front, keepFirst);
        }
        int count = 0;
        for (boolean b : front) {
            if (b) {
                count++;
            }
        }
        int[] out = new int[count];
        for (int i = 0, c = 0; i < n; i++) {
            if (front[i]) {
                out[c++] = i;
            }
        }
        return out;
    }

    private static void oneObjective(double[] flat, int n, boolean[] front, boolean keepFirst) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            best = Math.min(best, flat[i]);
        }
        for (int i = 0; i < n; i++) {
            if (flat[i] == best) {
                front[i] = true;
                if (keepFirst) {
                    return;
                }
            }
        }
    }

    private static void twoObjectives(double[] flat, int n, boolean[] front, boolean keepFirst) {
        int[] ids = candidatesTwoObjectives(flat, n);
        int count = ids.length;
        long[] xKeys = new long[count];
        for (int t = 0; t < count; t++) {
            xKeys[t] = Sorting.key(flat[2 * ids[t]]);
        }
        Sorting.sortByKeys(xKeys, ids, count);
        // sweep groups of equal x in increasing x; a group is on the front iff its best y beats every earlier y
        double bestY = Double.POSITIVE_INFINITY;
        int t = 0;
        while (t < count) {
            long x = xKeys[t];
            int end = t;
            double groupMinY = Double.POSITIVE_INFINITY;
            while (end < count && xKeys[end] == x) {
                groupMinY = Math.min(groupMinY, flat[2 * ids[end] + 1]);
                end++;
            }
            if (groupMinY < bestY || t == 0) {
                for (int s = t; s < end; s++) {
                    if (flat[2 * ids[s] + 1] == groupMinY) {
                        front[ids[s]] = true;
                        if (keepFirst) {
                            break;
                        }
                    }
                }
                bestY = groupMinY;
            }
            t = end;
        }
    }

    /**
     * Linear pre-filter for m = 2: the minimizer of x/range_x + y/range_y is non-dominated, and every point it
     * dominates can be dropped before sorting. Skipped when a range is not finite.
     */
    private static int[] candidatesTwoObjectives(double[] flat, int n) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 2 * n; i += 2) {
            minX = Math.min(minX, flat[i]);
            maxX = Math.max(maxX, flat[i]);
            minY = Math.min(minY, flat[i + 1]);
            maxY = Math.max(maxY, flat[i + 1]);
        }
        double wx = 1.0 / (maxX - minX);
        double wy = 1.0 / (maxY - minY);
        if (!Double.isFinite(wx) || !Double.isFinite(wy) || !Double.isFinite(minX) || !Double.isFinite(minY)) {
            return Sorting.identity(n);
        }
        int best = 0;
        double bestSum = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = (flat[2 * i] - minX) * wx + (flat[2 * i + 1] - minY) * wy;
            if (s < bestSum) {
                bestSum = s;
                best = i;
            }
        }
        double bx = flat[2 * best];
        double by = flat[2 * best + 1];
        int[] ids = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            double x = flat[2 * i];
            double y = flat[2 * i + 1];
            boolean dominated = bx <= x && by <= y && (bx < x || by < y);
            if (!dominated) {
                ids[count++] = i;
            }
        }
        return Arrays.copyOf(ids, count);
    }

    /** Sort-filter-skyline; returns ascending indices. */
    static int[] sortFilter(double[] flat, int n, int m, boolean keepFirst) {
        int[] ids = Sorting.identity(n);
        long[] sums = new long[n];
        for (int i = 0; i < n; i++) {
            // infinities are clamped to ±MAX_VALUE: a point holding both +∞ and −∞ would otherwise sum to NaN,
            // whose key sorts it before every other point. Clamping and summing in a fixed order are both
            // monotone, so a dominator still never has a larger sum (overflow to ±∞ included; the partial sums
            // meet only finite terms, so no NaN can arise)
            double sum = 0;
            for (int j = 0; j < m; j++) {
                sum += Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, flat[i * m + j]));
            }
            sums[i] = Sorting.key(sum + 0.0);
        }
        Sorting.sortByKeys(sums, ids, n);
        int[] kept = new int[n];
        int count = 0;
        for (int t = 0; t < n; t++) {
            int c = ids[t];
            boolean dropped = false;
            for (int k = 0; k < count && !dropped; k++) {
                int p = kept[k];
                if (Points.weaklyDominates(flat, m, p, c)) {
                    dropped = keepFirst || !Points.equalRows(flat, m, p, c);
                }
            }
            if (dropped) {
                continue;
            }
            // a dominator never has a larger sum, but rounding can tie the sums: only the kept points whose sum
            // ties with c's (the tail of kept, which is in sum order) can be dominated by c
            int tail = count;
            while (tail > 0 && sums[tail - 1] == sums[t]) {
                tail--;
            }
            int write = tail;
            for (int k = tail; k < count; k++) {
                int p = kept[k];
                if (!(Points.weaklyDominates(flat, m, c, p) && !Points.equalRows(flat, m, c, p))) {
                    kept[write] = p;
                    sums[write] = sums[k];
                    write++;
                }
            }
            count = write;
            kept[count] = c;
            sums[count] = sums[t];
            count++;
        }
        int[] out = Arrays.copyOf(kept, count);
        Arrays.sort(out);
        return out;
    }

    private static void manyObjectives(double[] flat, int n, int m, boolean[] front, boolean keepFirst) {
        DistinctPoints d = DistinctPoints.of(flat, n, m);
        boolean[] groupOnFront = new boolean[d.count];
        if (m == 3) {
            int[][] obj = d.groupObjectives();
            NondominatedSorting.frontSweep3(obj[1], obj[2], Sorting.identity(d.count), d.count,
                    new RankSet(Math.max(1, d.bounds[1])), new int[d.bounds[1]], groupOnFront);
        } else {
            int[] rank = DivideAndConquerRanker.rank(d.groupObjectives(), d.count, d.bounds[1], 1);
            for (int g = 0; g < d.count; g++) {
                groupOnFront[g] = rank[g] == 0;
            }
        }
        for (int g = 0; g < d.count; g++) {
            if (groupOnFront[g]) {
                int end = keepFirst ? d.groupStart[g] + 1 : d.groupStart[g + 1];
                for (int t = d.groupStart[g]; t < end; t++) {
                    front[d.order[t]] = true;
                }
            }
        }
    }
}
