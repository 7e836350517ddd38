package org.mto4j.pareto;

import java.util.Arrays;

/**
 * The non-dominated part of a point's limit set, for exclusive hypervolume contributions (WFG: L. While,
 * L. Bradstreet, L. Barone, "A fast way of calculating exact hypervolumes", IEEE TEVC 16(1), 2012):
 * <pre>
 *   limit(q, S) = nd{ max(q, u) : u ∈ S }          (coordinate-wise max, first dd coordinates)
 *   exclusive(q, S) = Π_j (−q_j) − HV(limit(q, S))   (reference at the origin, every value &lt; 0)
 * </pre>
 * Each limit point l is tagged with the set W(l) = { j : l_j &gt; q_j } of coordinates where it is worse than
 * q, as a bit mask. A limit point r can weakly dominate l only if W(r) ⊆ W(l), and then only r_j ≤ l_j for
 * j ∈ W(r) is left to check.
 * <ul>
 *   <li>The limit points worse in a single coordinate j reduce to the smallest such value s_j per j, and they
 *       dominate every other limit point l with l_j ≥ s_j for some j ∈ W(l). One branch-free pass over S
 *       computes the masks and the s_j and drops what the s_j found so far dominate (they only decrease, so
 *       nothing the final ones keep is lost); the few rows left are tested again against the final s_j.</li>
 *   <li>Those left are taken in order of |W| (a counting sort), so a new limit point can only evict kept ones
 *       with the same mask (block nested loops). Every test runs over all kept points without a branch:
 *       there are few of them, and the outcome of each test is unpredictable.</li>
 * </ul>
 * No allocation per point. Not thread-safe; buffers are reused from one {@link #build} to the next. Masks
 * need dd ≤ 32.
 */
final class LimitSet {
    final int dd;
    /** The kept rows, {@code count} × dd, packed. */
    final double[] rows;
    int count;
    /** Π_j (−q_j) of the last point built for. */
    double box;
    private final int[] maskOf;
    private final int[] candidates;
    private final int[] byWeight;
    private final boolean[] coveredByQ;
    private final double[] single;
    /** Kept multi-coordinate limit points: mask, whether evicted. */
    private final int[] rowMask;
    private final boolean[] evicted;

    LimitSet(int capacity, int dd) {
        if (dd > Hypervolume.MAX_OBJECTIVES) {
            throw new IllegalArgumentException("dd must be at most " + Hypervolume.MAX_OBJECTIVES + ", got " + dd);
        }
        int cap = Math.max(1, capacity);
        this.dd = dd;
        this.rows = new double[cap * dd];
        this.maskOf = new int[cap];
        this.candidates = new int[2 * cap];
        this.coveredByQ = new boolean[cap];
        this.byWeight = new int[dd + 2];
        this.single = new double[dd];
        this.rowMask = new int[cap];
        this.evicted = new boolean[cap];
    }

    /** Whether bit 63 of v is set, as 0 or 1: for the finite, never −0.0 differences below, v &lt; 0. */
    private static int negative(double v) {
        return (int) (Double.doubleToRawLongBits(v) >>> 63);
    }

    /**
     * Builds the limit set of q, the dd values {@code p[oq..oq+dd)}, against the n rows of {@code s}, each dd
     * values packed. The values are finite and never −0.0 ({@link Hypervolume} handles −∞ before and folds
     * −0.0 to 0.0), so the sign bits of u − v and v − u say u &lt; v and u &gt; v without a branch.
     *
     * @return false when some row of s weakly dominates q (q then contributes nothing, and {@link #count} is
     *         meaningless)
     */
    boolean build(double[] p, int oq, double[] s, int n) {
        int d = dd;
        double b = 1.0;
        for (int j = 0; j < d; j++) {
            b *= -p[oq + j];
        }
        box = b;
        Arrays.fill(byWeight, 0);
        int left = d == 4 ? filter4(p, oq, s, n) : filter(p, oq, s, n);
        if (left < 0) {
            return false;
        }
        // by |W|, into candidates[n..n+left)
        for (int w = 1; w <= d; w++) {
            byWeight[w + 1] += byWeight[w];
        }
        for (int c = 0; c < left; c++) {
            int t = candidates[c];
            candidates[n + byWeight[Integer.bitCount(maskOf[t])]++] = t;
        }
        // block nested loops, each test over every kept row without a branch: r weakly dominates max(q, u)
        // iff W(r) ⊆ W and r_j ≤ u_j for j ∈ W(r) (r equals q outside W(r)); the new row evicts the kept
        // rows with its mask that it weakly dominates
        int k = 0;
        for (int c = 0; c < left; c++) {
            int t = candidates[n + c];
            int mask = maskOf[t];
            int ou = t * d;
            boolean dominated = false;
            for (int r = 0, o = 0; r < k; r++, o += d) {
                int le = 0;
                if (d == 4) {
                    le = negative(s[ou] - rows[o]) | negative(s[ou + 1] - rows[o + 1]) << 1
                            | negative(s[ou + 2] - rows[o + 2]) << 2 | negative(s[ou + 3] - rows[o + 3]) << 3;
                } else {
                    for (int j = 0; j < d; j++) {
                        le |= negative(s[ou + j] - rows[o + j]) << j;
                    }
                }
                // le: the coordinates where u_j < r_j
                dominated |= !evicted[r] & (rowMask[r] & ~(mask & ~le)) == 0;
            }
            if (dominated) {
                continue;
            }
            int o = k * d;
            for (int j = 0; j < d; j++) {
                double u = s[ou + j];
                double v = p[oq + j];
                rows[o + j] = u > v ? u : v;
            }
            for (int r = 0, or = 0; r < k; r++, or += d) {
                int above = 0;
                for (int j = 0; j < d; j++) {
                    above |= negative(rows[or + j] - rows[o + j]) << j;
                }
                // above: the coordinates where r_j < the new row's
                evicted[r] |= rowMask[r] == mask & (mask & above) == 0;
            }
            rowMask[k] = mask;
            evicted[k] = false;
            k++;
        }
        int kept = 0;
        for (int r = 0; r < k; r++) {
            if (!evicted[r]) {
                if (kept != r) {
                    System.arraycopy(rows, r * d, rows, kept * d, d);
                }
                kept++;
            }
        }
        for (int j = 0; j < d; j++) {
            if (single[j] != Double.POSITIVE_INFINITY) {
                System.arraycopy(p, oq, rows, kept * d, d);
                rows[kept * d + j] = single[j];
                kept++;
            }
        }
        count = kept;
        return true;
    }

    /**
     * The masks into {@code maskOf}, whether q covers each row into {@code coveredByQ}, the smallest
     * single-coordinate values into {@code single}, the rows worse in several coordinates that those leave
     * into {@code candidates} (counted per |W| in {@code byWeight}); returns their number, or −1 when a row
     * weakly dominates q.
     */
    private int filter(double[] p, int oq, double[] s, int n) {
        int d = dd;
        Arrays.fill(single, Double.POSITIVE_INFINITY);
        int left = 0;
        for (int t = 0, ou = 0; t < n; t++, ou += d) {
            int mask = 0;
            int better = 0;
            int below = 0;
            for (int j = 0; j < d; j++) {
                double u = s[ou + j];
                double v = p[oq + j];
                mask |= negative(v - u) << j;
                better |= negative(u - v) << j;
                below |= negative(u - single[j]) << j;
            }
            if (mask == 0) {
                return -1;
            }
            maskOf[t] = mask;
            coveredByQ[t] = better == 0;
            candidates[left] = t;
            left += (mask & (mask - 1)) != 0 && (mask & ~below) == 0 ? 1 : 0;
            if ((mask & (mask - 1)) == 0) {
                int j = Integer.numberOfTrailingZeros(mask);
                single[j] = Math.min(single[j], s[ou + j]);
            }
        }
        return refilter(s, left);
    }

    /** {@link #filter} for dd = 4, unrolled, the smallest single-coordinate values in locals. */
    private int filter4(double[] p, int oq, double[] s, int n) {
        double v0 = p[oq];
        double v1 = p[oq + 1];
        double v2 = p[oq + 2];
        double v3 = p[oq + 3];
        double s0 = Double.POSITIVE_INFINITY;
        double s1 = Double.POSITIVE_INFINITY;
        double s2 = Double.POSITIVE_INFINITY;
        double s3 = Double.POSITIVE_INFINITY;
        int left = 0;
        for (int t = 0, ou = 0; t < n; t++, ou += 4) {
            double u0 = s[ou];
            double u1 = s[ou + 1];
            double u2 = s[ou + 2];
            double u3 = s[ou + 3];
            int mask = negative(v0 - u0) | negative(v1 - u1) << 1 | negative(v2 - u2) << 2 | negative(v3 - u3) << 3;
            int better = negative(u0 - v0) | negative(u1 - v1) << 1 | negative(u2 - v2) << 2 | negative(u3 - v3) << 3;
            if (mask == 0) {
                return -1;
            }
            coveredByQ[t] = better == 0;
            int below = negative(u0 - s0) | negative(u1 - s1) << 1 | negative(u2 - s2) << 2 | negative(u3 - s3) << 3;
            maskOf[t] = mask;
            candidates[left] = t;
            left += (mask & (mask - 1)) != 0 && (mask & ~below) == 0 ? 1 : 0;
            s0 = mask == 1 && u0 < s0 ? u0 : s0;
            s1 = mask == 2 && u1 < s1 ? u1 : s1;
            s2 = mask == 4 && u2 < s2 ? u2 : s2;
            s3 = mask == 8 && u3 < s3 ? u3 : s3;
        }
        single[0] = s0;
        single[1] = s1;
        single[2] = s2;
        single[3] = s3;
        return refilter(s, left);
    }

    /** Keeps the candidates the final single-coordinate values leave, counting them per |W|. */
    private int refilter(double[] s, int left) {
        int d = dd;
        int kept = 0;
        for (int c = 0; c < left; c++) {
            int t = candidates[c];
            int ou = t * d;
            int below = 0;
            for (int j = 0; j < d; j++) {
                below |= negative(s[ou + j] - single[j]) << j;
            }
            int mask = maskOf[t];
            boolean keep = (mask & ~below) == 0;
            candidates[kept] = t;
            kept += keep ? 1 : 0;
            byWeight[Integer.bitCount(mask) + 1] += keep ? 1 : 0;
        }
        return kept;
    }

    /** Whether q weakly dominates row t of s in the last {@link #build} that returned true. */
    boolean coveredByQ(int t) {
        return coveredByQ[t];
    }
}
