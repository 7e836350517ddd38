package org.mto4j.pareto;

import java.util.Arrays;

/**
 * Exact hypervolume: the Lebesgue measure of the region a point set dominates and that dominates the
 * reference point, and the exclusive contribution of each point to it.
 *
 * <pre>
 *   HV(P, r) = λ( ⋃_{p ∈ P} [p, r] )                       (minimization form, box from p to r)
 *   HV contribution of p = HV(P, r) − HV(P \ {p}, r)
 *                        = Π_j (r_j − p_j) − HV({ max(p, q) : q ∈ P, q ≠ p }, r)
 * </pre>
 * A point that is not strictly better than the reference point in every objective adds nothing. The
 * reference point is always the caller's explicit choice; for a maximized objective it is a lower bound.
 *
 * <p>Algorithms:
 * <ul>
 *   <li>m = 2: sort and sweep, O(n log n).</li>
 *   <li>m = 3: sweep along the third objective keeping the two-dimensional staircase of the points seen so
 *       far and its area, updated by the area each new point adds (the HV3D / HV3D⁺ scheme of
 *       N. Beume, C. M. Fonseca, M. López-Ibáñez, L. Paquete, J. Vahrenhold, "On the complexity of computing
 *       the hypervolume indicator", IEEE TEVC 13(5), 2009, and A. P. Guerreiro, C. M. Fonseca, "Computing and
 *       updating hypervolume contributions in up to four dimensions", IEEE TEVC 22(3), 2018). The staircase is
 *       ordered by the precomputed rank of the first objective and kept in a 64-ary bit tree, so every
 *       predecessor and successor step is O(1) word operations; O(n log n) overall, dominated by sorting.</li>
 *   <li>m = 4: sweep along the fourth objective keeping the three-dimensional volume, each new point's
 *       three-dimensional contribution computed by one z-ordered pass over the kept points that builds a
 *       two-dimensional staircase inside its box on precomputed x ranks (the HV4D⁺ scheme of the 2018 paper
 *       above), O(n²); sets of at most 64 points (the limit sets of the m = 5 sweep) in a one-word variant.</li>
 *   <li>m ≥ 5: dimension sweep along the last objective (the HSO / FPL recursion of C. M. Fonseca,
 *       L. Paquete, M. López-Ibáñez, "An improved dimension-sweep algorithm for the hypervolume indicator",
 *       IEEE CEC 2006): the (m−1)-dimensional volume of the points seen so far grows by each new point's
 *       exclusive contribution, computed as in WFG (L. While, L. Bradstreet, L. Barone, "A fast way of
 *       calculating exact hypervolumes", IEEE TEVC 16(1), 2012) from the non-dominated part of its limit
 *       set (see {@code LimitSet}: the limit points worse in a single coordinate only shrink the box the
 *       others are measured in), recursing down to the four-dimensional sweep.</li>
 * </ul>
 * Contributions, under either {@link ContributionConvention}, use a sweep for m = 2 (O(n log n)) and the
 * limit-set formula above otherwise.
 *
 * <p>At most {@value #MAX_OBJECTIVES} objectives. A point inside the reference box with −∞ in some
 * objective makes the hypervolume +∞; its contributions are then undefined and rejected.
 *
 * <p>Inputs are only read. Thread safety: stateless, safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class Hypervolume {
    private Hypervolume() {
    }

    /**
     * Returns the hypervolume of {@code points} with respect to {@code reference}.
     *
     * @param points    n points × m objectives (not modified)
     * @param senses    one sense per objective
     * @param reference the reference point, m values
     */
    public static double of(double[][] points, Sense[] senses, double[] reference) {
        double[] flat = Points.minimizationFlat(points, "points", senses);
        double[] ref = checkReference(reference, senses);
        int m = senses.length;
        if (m == 0) {
            return 0.0;
        }
        int[] inside = inside(flat, points.length, m, ref);
        if (unbounded(flat, m, inside) >= 0) {
            // a box of infinite volume; the kernels may then assume finite values
            return Double.POSITIVE_INFINITY;
        }
        return volume(shift(flat, m, inside, ref), inside.length, m);
    }

    /**
     * Returns each point's exclusive contribution to the hypervolume, what is lost when only that point is
     * removed: {@code HV(P) − HV(P \ {i})} ({@link ContributionConvention#REMOVAL}). Dominated points and
     * points with an identical copy contribute 0.
     */
    public static double[] contributions(double[][] points, Sense[] senses, double[] reference) {
        return contributions(points, senses, reference, ContributionConvention.REMOVAL);
    }

    /**
     * Returns each point's exclusive contribution to the hypervolume under the given convention.
     *
     * @param points     n points × m objectives (not modified)
     * @param senses     one sense per objective
     * @param reference  the reference point, m values
     * @param convention {@code REMOVAL}: HV(P) − HV(P \ {i}); {@code NONDOMINATED_ONLY}: the same within the
     *                   non-dominated points, 0 for the others
     */
    public static double[] contributions(double[][] points, Sense[] senses, double[] reference,
            ContributionConvention convention) {
        if (convention == null) {
            throw new IllegalArgumentException("convention must not be null");
        }
        double[] flat = Points.minimizationFlat(points, "points", senses);
        double[] ref = checkReference(reference, senses);
        int n = points.length;
        int m = senses.length;
        double[] result = new double[n];
        if (m == 0) {
            return result;
        }
        // a point outside the reference box dominates no point inside it, so the front of the inside points is
        // the inside part of the front
        int[] inside = inside(flat, n, m, ref);
        int unbounded = unbounded(flat, m, inside);
        if (unbounded >= 0) {
            throw new IllegalArgumentException("points[" + unbounded / m + "][" + unbounded % m + "] is infinite"
                    + " inside the reference box: the hypervolume is +∞ and the contributions are undefined");
        }
        int count = inside.length;
        double[] shifted = shift(flat, m, inside, ref);
        int[] front = ParetoFront.ofFlat(shifted, count, m, false);
        double[] c;
        if (m == 2) {
            c = contributions2(shifted, count, front, convention == ContributionConvention.REMOVAL);
        } else {
            c = new double[count];
            int[] candidates = convention == ContributionConvention.REMOVAL ? Sorting.identity(count) : front;
            int[] others = new int[candidates.length];
            for (int t : front) {
                int k = 0;
                for (int s : candidates) {
                    if (s != t) {
                        others[k++] = s;
                    }
                }
                c[t] = exclusive(shifted, m, t, others, k, m);
            }
        }
        for (int t = 0; t < count; t++) {
            result[inside[t]] = c[t];
        }
        return result;
    }

    /** The most objectives the exact algorithms accept (the limit sets tag coordinates with int bit masks). */
    static final int MAX_OBJECTIVES = 32;

    private static double[] checkReference(double[] reference, Sense[] senses) {
        Points.checkSenses(senses);
        if (senses.length > MAX_OBJECTIVES) {
            throw new IllegalArgumentException("senses has " + senses.length
                    + " objectives; exact hypervolume supports at most " + MAX_OBJECTIVES);
        }
        if (reference == null) {
            throw new IllegalArgumentException("reference must not be null");
        }
        if (reference.length != senses.length) {
            throw new IllegalArgumentException("reference has " + reference.length + " values but senses has "
                    + senses.length + " objectives");
        }
        for (int j = 0; j < reference.length; j++) {
            if (Double.isNaN(reference[j])) {
                throw new IllegalArgumentException("reference[" + j + "] is NaN");
            }
        }
        return Points.minimization(reference, senses);
    }

    /** Indices of the points strictly better than the reference in every objective. */
    private static int[] inside(double[] flat, int n, int m, double[] ref) {
        int[] inside = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (strictlyInside(flat, m, i, ref)) {
                inside[count++] = i;
            }
        }
        return Arrays.copyOf(inside, count);
    }

    private static boolean strictlyInside(double[] flat, int m, int i, double[] ref) {
        for (int j = 0; j < m; j++) {
            if (!(flat[i * m + j] < ref[j])) {
                return false;
            }
        }
        return true;
    }

    /** The given rows moved so that the reference is the origin (every value &lt; 0 for inside rows). */
    private static double[] shift(double[] flat, int m, int[] ids, double[] ref) {
        double[] out = new double[ids.length * m];
        for (int t = 0; t < ids.length; t++) {
            for (int j = 0; j < m; j++) {
                out[t * m + j] = flat[ids[t] * m + j] - ref[j];
            }
        }
        return out;
    }

    /** The first index {@code i * m + j} of a −∞ among the given rows (in minimization form), or −1. */
    private static int unbounded(double[] flat, int m, int[] rows) {
        for (int i : rows) {
            for (int j = 0; j < m; j++) {
                if (flat[i * m + j] == Double.NEGATIVE_INFINITY) {
                    return i * m + j;
                }
            }
        }
        return -1;
    }

    /** Volume of the union of boxes [p, 0] for rows p of a flat array with every value &lt; 0. */
    static double volume(double[] p, int n, int d) {
        if (n == 0) {
            return 0.0;
        }
        switch (d) {
            case 1: {
                double min = 0;
                for (int i = 0; i < n; i++) {
                    min = Math.min(min, p[i]);
                }
                return -min;
            }
            case 2:
                return volume2(p, n);
            case 3:
                return volume3(p, n);
            case 4:
                return n <= SmallStaircase3.CAPACITY ? new SmallStaircase3().volume(p, n)
                        : new Staircase3(n).volume(p, n);
            default:
                return sweep(p, n, d);
        }
    }

    private static double volume2(double[] p, int n) {
        int[] ids = Sorting.identity(n);
        Sorting.sortByObjective(ids, n, p, 2, 0);
        double area = 0;
        double minY = 0;
        for (int t = 0; t < n; t++) {
            double y = p[2 * ids[t] + 1];
            if (y < minY) {
                area += -p[2 * ids[t]] * (minY - y);
                minY = y;
            }
        }
        return area;
    }

    private static double volume3(double[] p, int n) {
        int[] byX = Sorting.identity(n);
        Sorting.sortByObjective(byX, n, p, 3, 1);
        Sorting.sortByObjective(byX, n, p, 3, 0);
        int[] xRank = new int[n];
        for (int t = 0; t < n; t++) {
            xRank[byX[t]] = t;
        }
        int[] byZ = Sorting.identity(n);
        Sorting.sortByObjective(byZ, n, p, 3, 2);
        RankSet staircase = new RankSet(n);
        double area = 0;
        double volume = 0;
        for (int t = 0; t < n; t++) {
            int q = byZ[t];
            int r = xRank[q];
            double x = p[3 * q];
            double y = p[3 * q + 1];
            int a = staircase.predecessor(r - 1);
            double prevY = a < 0 ? 0.0 : p[3 * byX[a] + 1];
            if (a < 0 || prevY > y) {
                // q is not dominated in (x, y): it replaces the successors it dominates and adds the area
                // between its own height and the old staircase, from x to the first successor it does not dominate
                double prevX = x;
                double added = 0;
                int s = staircase.successor(r + 1);
                while (s >= 0) {
                    int sp = byX[s];
                    double ys = p[3 * sp + 1];
                    if (ys < y) {
                        break;
                    }
                    double xs = p[3 * sp];
                    added += (xs - prevX) * (prevY - y);
                    prevX = xs;
                    prevY = ys;
                    staircase.remove(s);
                    s = staircase.successor(s + 1);
                }
                double xEnd = s >= 0 ? p[3 * byX[s]] : 0.0;
                added += (xEnd - prevX) * (prevY - y);
                area += added;
                staircase.add(r);
            }
            double zNext = t + 1 < n ? p[3 * byZ[t + 1] + 2] : 0.0;
            volume += area * (zNext - p[3 * q + 2]);
        }
        return volume;
    }

    /**
     * Dimension sweep along the last objective, the (d−1)-volume growing by exclusive contributions. A point
     * weakly dominated in the first d−1 coordinates by an earlier one is not kept active, and an active point
     * that a later one beats in every coordinate leaves: such a point adds nothing now, and its limit points
     * would be dominated in every later limit set. The active points' first d−1 coordinates are kept in
     * {@link ActiveRows}, in no particular order: one leaving is replaced by the last. Limit sets of dd = 4
     * coordinates go to {@link SmallStaircase3} up to its capacity, to {@link Staircase3} above.
     */
    static double sweep(double[] p, int n, int d) {
        int[] byLast = Sorting.identity(n);
        Sorting.sortByObjective(byLast, n, p, d, d - 1);
        int dd = d - 1;
        ActiveRows active = new ActiveRows(n, dd);
        LimitSet limit = new LimitSet(n, dd);
        SmallStaircase3 small = dd == 4 ? new SmallStaircase3() : null;
        Staircase3 large = null;
        double lower = 0;
        double volume = 0;
        for (int t = 0; t < n; t++) {
            int q = byLast[t];
            if (limit.build(p, d * q, active)) {
                double limitVolume;
                if (dd != 4 || limit.count == 0) {
                    limitVolume = volume(limit.rows, limit.count, dd);
                } else if (limit.count <= SmallStaircase3.CAPACITY) {
                    limitVolume = small.volume(limit.rows, limit.count);
                } else {
                    if (large == null) {
                        large = new Staircase3(n);
                    }
                    limitVolume = large.volume(limit.rows, limit.count);
                }
                lower += limit.box - limitVolume;
                // from the last: the row moved into a leaver's place is not one that leaves
                for (int w = limit.worseEverywhereCount() - 1; w >= 0; w--) {
                    active.remove(limit.worseEverywhere[w]);
                }
                active.add(p, d * q);
            }
            double next = t + 1 < n ? p[d * byLast[t + 1] + d - 1] : 0.0;
            volume += lower * (next - p[d * q + d - 1]);
        }
        return volume;
    }

    /**
     * Exclusive volume of row q against rows {@code others[0..count)}, in the first dd coordinates of a flat
     * array with rows of length d: its box minus the volume of its limit set.
     */
    private static double exclusive(double[] p, int d, int q, int[] others, int count, int dd) {
        ActiveRows packed = new ActiveRows(count, dd);
        for (int k = 0; k < count; k++) {
            packed.add(p, d * others[k]);
        }
        LimitSet limit = new LimitSet(count, dd);
        return limit.build(p, d * q, packed) ? limit.box - volume(limit.rows, limit.count, dd) : 0.0;
    }

    /**
     * Two-dimensional contributions in O(n log n). In front order (x ascending, y descending) front point t
     * alone dominates the rectangle from (x_t, y_t) to (x_{t+1}, y_{t−1}) (the reference where no neighbour
     * exists); the rectangles of different front points are disjoint. With {@code countDominated}, the
     * dominated points inside that rectangle still cover part of it once t is removed, so t contributes the
     * rectangle minus the two-dimensional volume of those points against its upper corner.
     */
    private static double[] contributions2(double[] p, int n, int[] frontIds, boolean countDominated) {
        double[] c = new double[n];
        int[] ids = frontIds.clone();
        int k = ids.length;
        Sorting.sortByObjective(ids, k, p, 2, 0);
        // distinct front positions: copies share a position and contribute 0
        int[] position = new int[k];
        boolean[] copied = new boolean[k];
        int distinct = 0;
        for (int t = 0; t < k; t++) {
            if (t > 0 && Points.equalRows(p, 2, ids[t - 1], ids[t])) {
                copied[distinct - 1] = true;
            } else {
                position[distinct++] = ids[t];
            }
        }
        double[] fx = new double[distinct];
        double[] upperX = new double[distinct];
        double[] upperY = new double[distinct];
        for (int t = 0; t < distinct; t++) {
            fx[t] = p[2 * position[t]];
            upperY[t] = t > 0 ? p[2 * position[t - 1] + 1] : 0.0;
            if (t > 0) {
                upperX[t - 1] = fx[t];
            }
        }
        if (distinct > 0) {
            upperX[distinct - 1] = 0.0;
        }
        double[] covered = new double[distinct];
        if (countDominated) {
            coveredByDominated(p, n, frontIds, fx, upperX, upperY, covered);
        }
        for (int t = 0; t < distinct; t++) {
            if (!copied[t]) {
                int i = position[t];
                c[i] = (upperX[t] - p[2 * i]) * (upperY[t] - p[2 * i + 1]) - covered[t];
            }
        }
        return c;
    }

    /**
     * For every distinct front position t, the area the dominated points lying in t's exclusive rectangle
     * cover inside it: their two-dimensional volume against the corner (upperX[t], upperY[t]).
     */
    private static void coveredByDominated(double[] p, int n, int[] frontIds, double[] fx, double[] upperX,
            double[] upperY, double[] covered) {
        boolean[] onFront = new boolean[n];
        for (int i : frontIds) {
            onFront[i] = true;
        }
        int distinct = fx.length;
        int[] members = new int[n];
        int[] owner = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (onFront[i]) {
                continue;
            }
            double x = p[2 * i];
            double y = p[2 * i + 1];
            // the last front position with x_t ≤ x; its y is the smallest among those, so y_t ≤ y
            int lo = 0;
            int hi = distinct;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (fx[mid] <= x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int t = lo - 1;
            if (t >= 0 && x < upperX[t] && y < upperY[t]) {
                members[count] = i;
                owner[i] = t;
                count++;
            }
        }
        // by x within each owner: one stable sort by x, then a stable counting sort by owner
        Sorting.sortByObjective(members, count, p, 2, 0);
        Sorting.sortByRank(members, count, owner, distinct);
        int s = 0;
        while (s < count) {
            int t = owner[members[s]];
            double minY = upperY[t];
            double area = 0;
            for (; s < count && owner[members[s]] == t; s++) {
                double y = p[2 * members[s] + 1];
                if (y < minY) {
                    area += (upperX[t] - p[2 * members[s]]) * (minY - y);
                    minY = y;
                }
            }
            covered[t] = area;
        }
    }
}
