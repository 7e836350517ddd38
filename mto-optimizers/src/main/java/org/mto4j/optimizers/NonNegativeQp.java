package org.mto4j.optimizers;

/**
 * The non-negative quadratic program behind UPGrad's and DualProj's dual-cone projections (and MGDA's exact
 * solver):
 * <pre>
 *   minimise ½ xᵀA x + bᵀx   subject to x &ge; 0,      A symmetric positive semi-definite (n x n)
 * </pre>
 * solved by a primal active-set method (Lawson and Hanson's NNLS, in Gram form): start from x = 0 with every
 * variable at its bound, free the variable with the most negative gradient, solve the equality-constrained problem
 * on the free set F with a Cholesky factor of A_FF that grows by one row per freed variable (O(|F|²)), and step back
 * to feasibility when a free variable would turn negative. Each iteration costs O(n |F| + |F|²), so a problem with
 * m free variables at its optimum costs about m (n m + m²) flops, instead of the O(n³) per iteration of a generic
 * interior-point QP. The method is finite; the iteration cap only guards against rounding cycles.
 *
 * <p>A variable whose column of A is (numerically) a combination of the free ones cannot be freed: it is left at
 * 0 for the rest of the solve. For problems that come from least squares its gradient is then 0 anyway; otherwise
 * the residual says so.
 *
 * <p>Residual: the largest KKT violation, max(|∇ᵢ| over free i, max(−∇ᵢ, 0) over bound i), divided by
 * max(maxᵢ A_ii, maxᵢ |bᵢ|).
 */
final class NonNegativeQp {

    /** Relative KKT tolerance at which the solve stops. */
    static final double DEFAULT_TOLERANCE = 1e-11;
    /** A pivot of the growing Cholesky factor below this fraction of A_jj marks column j as dependent. */
    private static final double PIVOT_TOLERANCE = 1e-12;

    private NonNegativeQp() {
    }

    /** The iteration cap used by the methods: generous, since the method is finite. */
    static int defaultMaxIterations(int n) {
        return 10 * n + 100;
    }

    /**
     * @param a row-major n x n symmetric PSD; not modified
     * @param b n values; not modified
     */
    static Solution solve(double[] a, int n, double[] b, double tolerance, int maxIterations) {
        return solve(a, n, b, tolerance, maxIterations, (double[]) null);
    }

    /**
     * {@link #solve(double[], int, double[], double, int)} warm-started from a guess of the free set (the positive
     * entries of an earlier solution of a nearby problem): when the equality-constrained solution on that set is
     * positive, the method starts there instead of at x = 0 and usually only checks the KKT conditions.
     *
     * @param start a previous solution whose positive entries are the guess, or null
     */
    static Solution solve(double[] a, int n, double[] b, double tolerance, int maxIterations, double[] start) {
        return solve(a, n, b, tolerance, maxIterations, start, new Workspace(n), false);
    }

    /**
     * {@link #solve(double[], int, double[], double, int)} in a workspace whose buffers are reused across calls (UPGrad
     * solves K problems of the same size per step), warm-started from the guess F = {j : bⱼ &lt; 0}: the variables
     * whose gradient at x = 0 is negative, each of which the cold start would free. When the solution of the
     * equality-constrained problem on F is positive the method starts there (one Cholesky factorisation of A_FF,
     * then usually only the KKT check); otherwise it starts cold. The guess changes the path, not the optimum.
     *
     * @param workspace buffers for n variables, confined to the calling thread
     */
    static Solution solve(double[] a, int n, double[] b, double tolerance, int maxIterations, Workspace workspace) {
        return solve(a, n, b, tolerance, maxIterations, null, workspace, true);
    }

    /**
     * The buffers of one solve, reusable by the next one of the same size. Confined to one thread.
     */
    static final class Workspace {
        // Lower Cholesky factor L of A_FF (row stride n, in the order of free[]) and its transpose, so that both
        // triangular solves run over contiguous memory.
        private final double[] factor;
        private final double[] transposed;
        private final double[] gradient;
        private final double[] z;
        private final int[] free;
        private final boolean[] isFree;
        private final boolean[] dependent;

        Workspace(int n) {
            factor = new double[n * n];
            transposed = new double[n * n];
            gradient = new double[n];
            z = new double[n];
            free = new int[n];
            isFree = new boolean[n];
            dependent = new boolean[n];
        }
    }

    /**
     * The solve, warm-started from a guess of the free set: {j : bⱼ &lt; 0} when {@code negativeGradients}, else
     * the positive entries of {@code start} (or none).
     */
    private static Solution solve(double[] a, int n, double[] b, double tolerance, int maxIterations,
            double[] start, Workspace w, boolean negativeGradients) {
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.max(a[i * n + i], Math.abs(b[i])));
        }
        double[] x = new double[n];
        if (scale == 0) {
            return new Solution(x, true, 0, 0.0);
        }
        double threshold = tolerance * scale;
        double[] gradient = w.gradient;
        System.arraycopy(b, 0, gradient, 0, n);
        double[] factor = w.factor;
        double[] transposed = w.transposed;
        int[] free = w.free;
        boolean[] isFree = w.isFree;
        boolean[] dependent = w.dependent;
        double[] z = w.z;
        java.util.Arrays.fill(isFree, false);
        java.util.Arrays.fill(dependent, false);
        int m = 0;
        if (negativeGradients || start != null) {
            for (int j = 0; j < n; j++) {
                boolean guess = negativeGradients ? b[j] < 0 : start[j] > 0;
                if (guess && appendRow(a, n, factor, transposed, free, m, j)) {
                    free[m++] = j;
                }
            }
        }
        if (m > 0) {
            solveFree(factor, transposed, n, free, m, b, z);
            boolean positive = true;
            for (int t = 0; t < m; t++) {
                positive &= z[t] > 0;
            }
            if (positive) {
                for (int t = 0; t < m; t++) {
                    x[free[t]] = z[t];
                    isFree[free[t]] = true;
                }
                updateGradient(a, n, b, x, free, m, gradient);
            } else {
                m = 0;
            }
        }
        int iterations = 0;
        while (iterations < maxIterations) {
            int enter = -1;
            double most = -threshold;
            for (int j = 0; j < n; j++) {
                if (!isFree[j] && !dependent[j] && gradient[j] < most) {
                    most = gradient[j];
                    enter = j;
                }
            }
            if (enter < 0) {
                break;
            }
            iterations++;
            if (!appendRow(a, n, factor, transposed, free, m, enter)) {
                dependent[enter] = true;
                continue;
            }
            free[m++] = enter;
            isFree[enter] = true;
            while (true) {
                solveFree(factor, transposed, n, free, m, b, z);
                double step = 1;
                int blocking = -1;
                for (int t = 0; t < m; t++) {
                    if (z[t] <= 0) {
                        double xt = x[free[t]];
                        double ratio = xt / (xt - z[t]);
                        if (ratio < step) {
                            step = ratio;
                            blocking = t;
                        }
                    }
                }
                if (blocking < 0) {
                    for (int t = 0; t < m; t++) {
                        x[free[t]] = z[t];
                    }
                    break;
                }
                if (free[blocking] == enter && x[enter] == 0) {
                    // Rounding: the variable just freed cannot move. Keep it at 0 instead of cycling.
                    dependent[enter] = true;
                }
                for (int t = 0; t < m; t++) {
                    int i = free[t];
                    x[i] += step * (z[t] - x[i]);
                }
                x[free[blocking]] = 0;
                int kept = 0;
                for (int t = 0; t < m; t++) {
                    int i = free[t];
                    if (x[i] > 0) {
                        free[kept++] = i;
                    } else {
                        x[i] = 0;
                        isFree[i] = false;
                    }
                }
                m = refactor(a, n, factor, transposed, free, kept, isFree, x, dependent);
                iterations++;
                if (m == 0 || iterations >= maxIterations) {
                    break;
                }
            }
            updateGradient(a, n, b, x, free, m, gradient);
        }
        double residual = 0;
        for (int j = 0; j < n; j++) {
            residual = Math.max(residual, isFree[j] ? Math.abs(gradient[j]) : -gradient[j]);
        }
        residual /= scale;
        return new Solution(x, residual <= tolerance, iterations, residual);
    }

    /** Appends row m of the Cholesky factor for variable j; false if its pivot vanishes (dependent column). */
    private static boolean appendRow(double[] a, int n, double[] factor, double[] transposed, int[] free, int m,
            int j) {
        int row = m * n;
        double diagonal = a[j * n + j];
        double rest = diagonal;
        for (int c = 0; c < m; c++) {
            double s = a[j * n + free[c]];
            int other = c * n;
            for (int t = 0; t < c; t++) {
                s -= factor[row + t] * factor[other + t];
            }
            s /= factor[other + c];
            factor[row + c] = s;
            transposed[c * n + m] = s;
            rest -= s * s;
        }
        if (!(rest > PIVOT_TOLERANCE * diagonal) || rest <= 0) {
            return false;
        }
        factor[row + m] = Math.sqrt(rest);
        transposed[m * n + m] = factor[row + m];
        return true;
    }

    /** Rebuilds the factor for the first {@code m} entries of free[]; drops any that turn out dependent. */
    private static int refactor(double[] a, int n, double[] factor, double[] transposed, int[] free, int m,
            boolean[] isFree, double[] x, boolean[] dependent) {
        int kept = 0;
        for (int t = 0; t < m; t++) {
            int i = free[t];
            if (appendRow(a, n, factor, transposed, free, kept, i)) {
                free[kept++] = i;
            } else {
                isFree[i] = false;
                dependent[i] = true;
                x[i] = 0;
            }
        }
        return kept;
    }

    /** z = −A_FF⁻¹ b_F by two triangular solves with the factor. */
    private static void solveFree(double[] factor, double[] transposed, int n, int[] free, int m, double[] b,
            double[] z) {
        for (int r = 0; r < m; r++) {
            double s = -b[free[r]];
            int row = r * n;
            for (int t = 0; t < r; t++) {
                s -= factor[row + t] * z[t];
            }
            z[r] = s / factor[row + r];
        }
        for (int r = m - 1; r >= 0; r--) {
            double s = z[r];
            int row = r * n;
            for (int t = r + 1; t < m; t++) {
                s -= transposed[row + t] * z[t];
            }
            z[r] = s / transposed[row + r];
        }
    }

    /** ∇ = A x + b as a sum of rows of A (A is symmetric), using that x is zero outside the free set. */
    private static void updateGradient(double[] a, int n, double[] b, double[] x, int[] free, int m,
            double[] gradient) {
        System.arraycopy(b, 0, gradient, 0, n);
        for (int t = 0; t < m; t++) {
            int i = free[t];
            double xi = x[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                gradient[j] += xi * a[row + j];
            }
        }
    }
}
