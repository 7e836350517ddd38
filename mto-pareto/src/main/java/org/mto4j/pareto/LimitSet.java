package org.mto4j.pareto;

/**
 * The non-dominated part of a point's limit set, for exclusive hypervolume contributions (WFG: L. While,
 * L. Bradstreet, L. Barone, "A fast way of calculating exact hypervolumes", IEEE TEVC 16(1), 2012):
 * <pre>
 *   limit(q, S) = nd{ max(q, u) : u ∈ S }          (coordinate-wise max, first dd coordinates)
 *   exclusive(q, S) = Π_j (−q_j) − HV(limit(q, S))   (reference at the origin, every value &lt; 0)
 * </pre>
 * Built in one pass with a window of the rows kept so far (block nested loops): a new limit point weakly
 * dominated by a kept row is dropped, otherwise it evicts the kept rows it weakly dominates. The limit sets
 * of the hypervolume sweeps are small, so this costs O(|S|·|limit|·dd) with no sorting and no allocation per
 * point. Not thread-safe; buffers are reused from one {@link #build} to the next.
 */
final class LimitSet {
    final int dd;
    /** The kept rows, {@code count} × dd, packed. */
    final double[] rows;
    int count;
    /** Π_j (−q_j) of the last point built for. */
    double box;
    private final double[] candidate;

    LimitSet(int capacity, int dd) {
        this.dd = dd;
        this.rows = new double[Math.max(1, capacity) * dd];
        this.candidate = new double[dd];
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
        int k = 0;
        double[] c = candidate;
        for (int t = 0; t < n; t++) {
            int ou = d * others[t];
            boolean covers = true;
            for (int j = 0; j < dd; j++) {
                double v = Math.max(p[oq + j], p[ou + j]);
                c[j] = v;
                covers &= v == p[oq + j];
            }
            if (covers) {
                return false;
            }
            if (dominatedByKept(k)) {
                continue;
            }
            int write = 0;
            for (int w = 0; w < k; w++) {
                if (!candidateWeaklyDominates(w)) {
                    if (write != w) {
                        System.arraycopy(rows, w * dd, rows, write * dd, dd);
                    }
                    write++;
                }
            }
            System.arraycopy(c, 0, rows, write * dd, dd);
            k = write + 1;
        }
        count = k;
        return true;
    }

    /**
     * Whether a kept row weakly dominates the candidate. The row found is swapped to the front: one row
     * tends to dominate many candidates in a row, so the next search mostly ends at the first row.
     */
    private boolean dominatedByKept(int k) {
        for (int w = 0, o = 0; w < k; w++, o += dd) {
            boolean dominates = true;
            for (int j = 0; j < dd && dominates; j++) {
                dominates = rows[o + j] <= candidate[j];
            }
            if (dominates) {
                if (w > 0) {
                    for (int j = 0; j < dd; j++) {
                        double t = rows[j];
                        rows[j] = rows[o + j];
                        rows[o + j] = t;
                    }
                }
                return true;
            }
        }
        return false;
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
