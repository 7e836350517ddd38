package org.mto4j.optimizers;

/**
 * A small dense linear program in standard form,
 * <pre>
 *   minimise cᵀx   subject to   A x = b,  x &ge; 0        (A m x n, b &ge; 0)
 * </pre>
 * solved by the two-phase simplex method on a full tableau with Bland's rule (the lowest-index entering and leaving
 * variable), which cannot cycle on the degenerate problems {@link NashMTL} poses (b is mostly 0). Phase 1 minimises
 * the sum of one artificial variable per row. O(m n) per pivot; meant for m, n up to a few hundred.
 *
 * <p>Entries are compared with {@link #TOLERANCE} relative to the largest magnitude of A, b and c, so the caller
 * should scale them to numbers near 1.
 */
final class LinearProgram {

    /** What the solve found. */
    enum Status {
        OPTIMAL, INFEASIBLE, UNBOUNDED
    }

    /** The status, the optimal value (NaN unless OPTIMAL) and the pivots used. */
    record Result(Status status, double value, int pivots) {
    }

    /** Relative tolerance of the feasibility, optimality and pivot tests. */
    static final double TOLERANCE = 1e-10;

    private LinearProgram() {
    }

    /**
     * @param c n costs; not modified
     * @param a m rows of n coefficients; not modified
     * @param b m right-hand sides, each &ge; 0; not modified
     */
    static Result minimize(double[] c, double[][] a, double[] b) {
        int m = a.length;
        int n = c.length;
        double scale = 0;
        for (int r = 0; r < m; r++) {
            if (a[r].length != n || !(b[r] >= 0)) {
                throw new IllegalArgumentException("row " + r + " of A must have " + n + " entries and b[" + r
                        + "] must be >= 0, got " + a[r].length + " entries and " + b[r]);
            }
            scale = Math.max(scale, Math.abs(b[r]));
            for (double v : a[r]) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (double v : c) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tolerance = TOLERANCE * Math.max(scale, Double.MIN_NORMAL);
        // Tableau columns: x (n), artificials (m), right-hand side. Rows: constraints (m), then the objective.
        int width = n + m + 1;
        double[][] t = new double[m + 1][width];
        int[] basis = new int[m];
        for (int r = 0; r < m; r++) {
            System.arraycopy(a[r], 0, t[r], 0, n);
            t[r][n + r] = 1;
            t[r][width - 1] = b[r];
            basis[r] = n + r;
        }
        // Phase 1: minimise the sum of the artificials, written in terms of the non-basic columns.
        double[] objective = t[m];
        for (int r = 0; r < m; r++) {
            for (int col = 0; col < width; col++) {
                if (col < n || col == width - 1) {
                    objective[col] -= t[r][col];
                }
            }
        }
        int pivots = iterate(t, basis, n + m, tolerance);
        if (pivots < 0) {
            throw new IllegalStateException("phase 1 of a bounded problem cannot be unbounded");
        }
        if (-t[m][width - 1] > tolerance * Math.max(1, m)) {
            return new Result(Status.INFEASIBLE, Double.NaN, pivots);
        }
        // Drive artificials that stayed basic (at 0) out of the basis where a structural column can replace them.
        for (int r = 0; r < m; r++) {
            if (basis[r] >= n) {
                for (int col = 0; col < n; col++) {
                    if (Math.abs(t[r][col]) > tolerance) {
                        pivot(t, basis, r, col);
                        pivots++;
                        break;
                    }
                }
            }
        }
        // Phase 2: the real costs over the structural columns; artificial columns are never entered again.
        java.util.Arrays.fill(t[m], 0);
        System.arraycopy(c, 0, t[m], 0, n);
        for (int r = 0; r < m; r++) {
            int col = basis[r];
            if (col < n && t[m][col] != 0) {
                double factor = t[m][col];
                for (int q = 0; q < width; q++) {
                    t[m][q] -= factor * t[r][q];
                }
            }
        }
        int more = iterate(t, basis, n, tolerance);
        if (more < 0) {
            return new Result(Status.UNBOUNDED, Double.NEGATIVE_INFINITY, pivots - more - 1);
        }
        return new Result(Status.OPTIMAL, -t[m][width - 1], pivots + more);
    }

    /**
     * Simplex pivots with Bland's rule over the first {@code columns} columns until no reduced cost is negative.
     *
     * @return the pivots made, or −(pivots + 1) when a column with negative reduced cost has no positive entry
     *         (unbounded)
     */
    private static int iterate(double[][] t, int[] basis, int columns, double tolerance) {
        int m = basis.length;
        int width = t[0].length;
        int pivots = 0;
        int limit = 50 * (m + columns) + 1000;
        while (pivots < limit) {
            int enter = -1;
            for (int col = 0; col < columns; col++) {
                if (t[m][col] < -tolerance) {
                    enter = col;
                    break;
                }
            }
            if (enter < 0) {
                return pivots;
            }
            int leave = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int r = 0; r < m; r++) {
                if (t[r][enter] > tolerance) {
                    double ratio = t[r][width - 1] / t[r][enter];
                    if (ratio < best - tolerance || (Math.abs(ratio - best) <= tolerance && basis[r] < basis[leave])) {
                        best = ratio;
                        leave = r;
                    }
                }
            }
            if (leave < 0) {
                return -(pivots + 1);
            }
            pivot(t, basis, leave, enter);
            pivots++;
        }
        throw new IllegalStateException("simplex did not terminate in " + limit + " pivots");
    }

    private static void pivot(double[][] t, int[] basis, int row, int col) {
        int width = t[0].length;
        double p = t[row][col];
        for (int q = 0; q < width; q++) {
            t[row][q] /= p;
        }
        for (int r = 0; r < t.length; r++) {
            if (r != row && t[r][col] != 0) {
                double factor = t[r][col];
                for (int q = 0; q < width; q++) {
                    t[r][q] -= factor * t[row][q];
                }
            }
        }
        basis[row] = col;
    }
}
