package org.mto4j.pareto;

/**
 * The non-dominated part of a point's limit set, for exclusive hypervolume contributions (WFG: L. While,
 * L. Bradstreet, L. Barone, "A fast way of calculating exact hypervolumes", IEEE TEVC 16(1), 2012):
 * <pre>
 *   limit(q, S) = nd{ max(q, u) : u ∈ S }          (coordinate-wise max, first dd coordinates)
 *   exclusive(q, S) = Π_j (−q_j) − HV(limit(q, S))   (reference at the origin, every value &lt; 0)
 * </pre>
 * Each limit point l is tagged with the set W(l) = { j : l_j &gt; q_j } of coordinates where it is worse than
 * q, as a bit mask. A limit point r can weakly dominate l only if W(r) ⊆ W(l), so one mask test rejects most
 * pairs. Limit points worse in a single coordinate j reduce to the smallest such value per j, tested first
 * against every other candidate. The others are taken in order of |W| (a counting sort), so a new point can
 * only evict kept points with the same mask. Kept rows form a window (block nested loops): a new point weakly dominated
 * by a kept row is dropped, and the row that dominated it moves to the front, since one row tends to
 * dominate many candidates in a row. The limit sets of the hypervolume sweeps are small, so this costs
 * O(|S|·|limit|) mask tests with no allocation per point. Not thread-safe; buffers are reused from one
 * {@link #build} to the next. Masks need dd ≤ 32.
 */
final class LimitSet {
    final int dd;
    /** The kept rows, {@code count} × dd, packed. */
    final double[] rows;
    int count;
    /** Π_j (−q_j) of the last point built for. */
    double box;
    private final int[] rowMask;
    private final int[] order;
    private final int[] maskOf;
    private final int[] sortedMask;
    private final int[] sortedOther;
    private final boolean[] coveredByQ;
    private final int[] byWeight;
    private final double[] candidate;
    private final double[] single;

    LimitSet(int capacity, int dd) {
        if (dd > Hypervolume.MAX_OBJECTIVES) {
            throw new IllegalArgumentException("dd must be at most " + Hypervolume.MAX_OBJECTIVES + ", got " + dd);
        }
        int cap = Math.max(1, capacity);
        this.dd = dd;
        this.rows = new double[cap * dd];
        this.rowMask = new int[cap];
        this.order = new int[cap];
        this.maskOf = new int[cap];
        this.sortedMask = new int[cap];
        this.sortedOther = new int[cap];
        this.coveredByQ = new boolean[cap];
        this.byWeight = new int[dd + 2];
        this.candidate = new double[dd];
        this.single = new double[dd];
    }

    /**
     * Builds the limit set of row q of {@code p} (rows of length d) against rows {@code others[0..n)}.
     *
     * @return false when some other row weakly dominates q in the first dd coordinates (q then contributes
     *         nothing, and {@link #count} is meaningless)
     */
    boolean build(double[] p, int d, int q, int[] others, int n) {
        int oq = d * q;
        double b = 1.0;
        for (int j = 0; j < dd; j++) {
            b *= -p[oq + j];
        }
        box = b;
        // limit points worse than q in one coordinate j only: the smallest such value per j is kept, and it
        // is the only kept point that can dominate a later candidate through coordinate j alone
        java.util.Arrays.fill(single, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(byWeight, 0);
        int multi = 0;
        for (int t = 0; t < n; t++) {
            int ou = d * others[t];
            int mask = 0;
            int better = 0;
            for (int j = 0; j < dd; j++) {
                // the sign bits of v − u and u − v say u > v and u < v without a branch (the values are
                // finite and never −0.0: Hypervolume handles −∞ before, and folds −0.0 to 0.0)
                double u = p[ou + j];
                double v = p[oq + j];
                mask |= (int) (Double.doubleToRawLongBits(v - u) >>> 63) << j;
                better |= (int) (Double.doubleToRawLongBits(u - v) >>> 63) << j;
            }
            if (mask == 0) {
                return false;
            }
            coveredByQ[t] = better == 0;
            if ((mask & (mask - 1)) == 0) {
                int j = Integer.numberOfTrailingZeros(mask);
                single[j] = Math.min(single[j], p[ou + j]);
            } else {
                maskOf[multi] = mask;
                order[multi++] = t;
                byWeight[Integer.bitCount(mask) + 1]++;
            }
        }
        // the others worse in several coordinates, by how many (a counting sort): a point can then only evict
        // kept points with the same mask
        for (int w = 1; w <= dd; w++) {
            byWeight[w + 1] += byWeight[w];
        }
        for (int s = 0; s < multi; s++) {
            int at = byWeight[Integer.bitCount(maskOf[s])]++;
            sortedMask[at] = maskOf[s];
            sortedOther[at] = order[s];
        }
        int k = 0;
        for (int s = 0; s < multi; s++) {
            int mask = sortedMask[s];
            int ou = d * others[sortedOther[s]];
            if (dominatedBySingle(mask, p, ou) || dominatedByKept(k, mask, p, ou)) {
                continue;
            }
            double[] c = candidate;
            for (int j = 0; j < dd; j++) {
                c[j] = Math.max(p[oq + j], p[ou + j]);
            }
            int write = 0;
            for (int w = 0; w < k; w++) {
                if (rowMask[w] != mask || !candidateWeaklyDominates(w)) {
                    if (write != w) {
                        System.arraycopy(rows, w * dd, rows, write * dd, dd);
                        rowMask[write] = rowMask[w];
                    }
                    write++;
                }
            }
            System.arraycopy(c, 0, rows, write * dd, dd);
            rowMask[write] = mask;
            k = write + 1;
        }
        for (int j = 0; j < dd; j++) {
            if (single[j] != Double.POSITIVE_INFINITY) {
                System.arraycopy(p, oq, rows, k * dd, dd);
                rows[k * dd + j] = single[j];
                k++;
            }
        }
        count = k;
        return true;
    }

    /** Whether a single-coordinate limit point dominates max(q, u), u with the given mask: single[j] ≤ u_j, j ∈ W. */
    private boolean dominatedBySingle(int mask, double[] p, int ou) {
        for (int bits = mask; bits != 0; bits &= bits - 1) {
            int j = Integer.numberOfTrailingZeros(bits);
            if (single[j] <= p[ou + j]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a kept row r weakly dominates the candidate max(q, u), u at {@code p[ou..]} with mask W: only if
     * W(r) ⊆ W, and then r equals q outside W(r), so only r_j ≤ u_j for j ∈ W(r) is left to check. The row
     * found moves to the front.
     */
    private boolean dominatedByKept(int k, int mask, double[] p, int ou) {
        int outside = ~mask;
        for (int w = 0; w < k; w++) {
            int rm = rowMask[w];
            if ((rm & outside) != 0) {
                continue;
            }
            int o = w * dd;
            boolean dominates = true;
            for (int bits = rm; bits != 0 && dominates; bits &= bits - 1) {
                int j = Integer.numberOfTrailingZeros(bits);
                dominates = rows[o + j] <= p[ou + j];
            }
            if (dominates) {
                if (w > 0) {
                    for (int j = 0; j < dd; j++) {
                        double t = rows[j];
                        rows[j] = rows[o + j];
                        rows[o + j] = t;
                    }
                    rowMask[w] = rowMask[0];
                    rowMask[0] = rm;
                }
                return true;
            }
        }
        return false;
    }

    /** Whether q weakly dominates other row t of the last {@link #build} that returned true. */
    boolean coveredByQ(int t) {
        return coveredByQ[t];
    }

    private boolean candidateWeaklyDominates(int w) {
        int o = w * dd;
        for (int j = 0; j < dd; j++) {
            if (candidate[j] > rows[o + j]) {
                return false;
            }
        }
        return true;
    }
}
