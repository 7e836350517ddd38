package org.mto4j.optimizers;

import org.mto4j.core.Diagnostics;

/**
 * The positive fixed point of Nash-MTL and FairGrad: for a K x K Gram matrix G and an exponent a &gt; 0, find
 * <pre>
 *   α &gt; 0   with   (Gα)ᵢ = αᵢ^(−1/a)   for every task i
 * </pre>
 * (a = 1 is Nash-MTL's α ∘ Gα = 1). It is the unique minimiser of the strictly convex
 * <pre>
 *   F(α) = ½ αᵀGα − Σᵢ h(αᵢ),   h'(α) = α^(−1/a)   (h = log for a = 1, h(α) = α^(1−1/a) / (1−1/a) otherwise)
 * </pre>
 * which we minimise by Newton's method (Hessian G + diag((1/a) αᵢ^(−1/a−1)), positive definite, solved by
 * Cholesky) with a fraction-to-the-boundary rule that keeps α &gt; 0 and Armijo backtracking on F. Newton converges
 * quadratically near the solution, usually in 5 to 10 iterations.
 *
 * <p><b>Scale.</b> G is divided by its largest diagonal entry s before the solve and α multiplied by
 * s^(−a/(a+1)) after, so the iteration sees numbers near 1 whatever the scale of the gradients (1e-20 to 1e20).
 *
 * <p><b>Rank-deficient G.</b> The fixed point exists exactly when no non-zero v ≥ 0 has vᵀGv = 0, i.e. when 0 is
 * not a non-negative combination of the gradients. Two cases are handled:
 * <ul>
 *   <li>a task whose gradient is (numerically) zero, G_ii ≤ {@link #ZERO_ROW_TOLERANCE} · max G_jj, would need an
 *       infinite weight; it gets weight 0 (its weight cannot change the direction) and the others are solved
 *       without it;
 *   <li>otherwise F is minimised with G + {@link #RIDGE} · diag(G), which always has a fixed point. When G itself
 *       has one, the ridge moves it by about {@code RIDGE} relative; when it has none (the gradients are
 *       positively dependent, a Pareto-stationary point), the weights stay finite, the direction tends to 0 as it
 *       should, and the diagnostics report {@code converged = false} with the residual of G itself.
 * </ul>
 *
 * <p>Diagnostics: {@code residual} = maxᵢ |αᵢ^(1/a) (Gα)ᵢ − 1| over the tasks with non-zero gradients, for the
 * unregularised G; {@code converged} = residual ≤ {@link #TOLERANCE}.
 */
final class PositiveFixedPoint {

    /** Solver name in {@link Diagnostics}. */
    static final String SOLVER = "positive-fixed-point-newton";
    /** Largest residual maxᵢ |αᵢ^(1/a)(Gα)ᵢ − 1| reported as converged. */
    static final double TOLERANCE = 1e-8;
    /** Residual of the regularised system at which Newton stops. */
    static final double STOP_TOLERANCE = 1e-13;
    /** Relative ridge added to the diagonal so that a fixed point always exists. */
    static final double RIDGE = 1e-12;
    /** G_ii at or below this times the largest G_jj marks task i's gradient as zero. */
    static final double ZERO_ROW_TOLERANCE = 1e-24;
    /** Iteration budget when the caller has none. */
    static final int DEFAULT_MAX_ITERATIONS = 100;

    private static final double ARMIJO = 1e-4;
    private static final double TO_BOUNDARY = 0.99;
    private static final double RESOLUTION = 1e-10;
    private static final double STALL = 1e-15;
    private static final int MAX_BACKTRACKS = 60;

    /** Weights and how they were obtained. */
    record Result(double[] alpha, Diagnostics diagnostics) {
    }

    private PositiveFixedPoint() {
    }

    /**
     * @param g             K x K symmetric positive semi-definite matrix; not modified
     * @param exponent      a &gt; 0
     * @param start         a starting point (previous weights), or null; used when its residual is smaller than that
     *                      of the orthogonal-gradients guess αᵢ = G_ii^(−a/(a+1)) (entries that are not finite and
     *                      positive are taken from the guess); not modified
     * @param maxIterations Newton iterations allowed, &ge; 1
     */
    static Result solve(double[][] g, double exponent, double[] start, int maxIterations) {
        int k = g.length;
        double maxDiagonal = 0;
        for (int i = 0; i < k; i++) {
            maxDiagonal = Math.max(maxDiagonal, g[i][i]);
        }
        int[] active = new int[k];
        int n = 0;
        for (int i = 0; i < k; i++) {
            if (g[i][i] > ZERO_ROW_TOLERANCE * maxDiagonal) {
                active[n++] = i;
            }
        }
        double[] alpha = new double[k];
        if (n == 0) {
            return new Result(alpha, new Diagnostics(SOLVER, true, 0, 0.0));
        }
        // Scaled problem: Ĝ = G / s, α = s^(−a/(a+1)) α̂.
        double unscale = Math.pow(maxDiagonal, -exponent / (exponent + 1));
        double[][] scaled = new double[n][n];
        double[] x = new double[n];
        double[] warm = new double[n];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                scaled[p][q] = g[active[p]][active[q]] / maxDiagonal;
            }
            x[p] = Math.pow(scaled[p][p], -exponent / (exponent + 1));
            double guess = start == null ? Double.NaN : start[active[p]] / unscale;
            warm[p] = Double.isFinite(guess) && guess > 0 ? guess : x[p];
        }
        double[][] ridged = new double[n][];
        for (int p = 0; p < n; p++) {
            ridged[p] = scaled[p].clone();
            ridged[p][p] *= 1 + RIDGE;
        }
        // The previous weights are a good start while the gradients change slowly; after a jump the
        // orthogonal-gradients guess may be closer. Start from whichever has the smaller residual.
        if (start != null && residual(ridged, exponent, warm) < residual(ridged, exponent, x)) {
            x = warm;
        }
        int iterations = newton(ridged, exponent, x, maxIterations);
        for (int p = 0; p < n; p++) {
            alpha[active[p]] = x[p] * unscale;
        }
        double residual = residual(scaled, exponent, x);
        return new Result(alpha, new Diagnostics(SOLVER, residual <= TOLERANCE, iterations, residual));
    }

    /** Minimises F for matrix m from x (overwritten with the result); returns the iterations used. */
    private static int newton(double[][] m, double a, double[] x, int maxIterations) {
        int n = x.length;
        double[] gradient = new double[n];
        double[][] hessian = new double[n][n];
        double[] step = new double[n];
        double[] trial = new double[n];
        double value = objective(m, a, x);
        for (int it = 0; it < maxIterations; it++) {
            if (residual(m, a, x) <= STOP_TOLERANCE) {
                return it;
            }
            double[] mx = multiply(m, x);
            for (int i = 0; i < n; i++) {
                double power = Math.pow(x[i], -1 / a);
                gradient[i] = mx[i] - power;
                System.arraycopy(m[i], 0, hessian[i], 0, n);
                hessian[i][i] += power / (a * x[i]);
            }
            if (!choleskySolve(hessian, gradient, step)) {
                return it; // H is positive definite in exact arithmetic; give up rather than step on rounding noise
            }
            double t = 1;
            double slope = 0;
            for (int i = 0; i < n; i++) {
                step[i] = -step[i];
                slope += gradient[i] * step[i];
                if (step[i] < 0) {
                    t = Math.min(t, TO_BOUNDARY * x[i] / -step[i]);
                }
            }
            if (!(slope < 0)) {
                return it + 1; // no descent left at working precision
            }
            double trialValue = Double.NaN;
            // Near the solution F stops resolving the decrease (−slope ≈ the squared Newton decrement is below
            // its rounding); Newton's full step is then safe and the line search would only stall.
            boolean fullStep = -slope <= RESOLUTION * (1 + Math.abs(value));
            for (int b = 0; b < MAX_BACKTRACKS; b++, t *= 0.5) {
                for (int i = 0; i < n; i++) {
                    trial[i] = x[i] + t * step[i];
                }
                trialValue = objective(m, a, trial);
                if (fullStep || trialValue <= value + ARMIJO * t * slope) {
                    break;
                }
            }
            if (!fullStep && !(trialValue <= value)) {
                return it + 1;
            }
            boolean stalled = true;
            for (int i = 0; i < n; i++) {
                stalled &= Math.abs(trial[i] - x[i]) <= STALL * x[i];
            }
            System.arraycopy(trial, 0, x, 0, n);
            value = trialValue;
            if (stalled) {
                return it + 1;
            }
        }
        return maxIterations;
    }

    /** maxᵢ |xᵢ^(1/a) (Mx)ᵢ − 1|. */
    static double residual(double[][] m, double a, double[] x) {
        double[] mx = multiply(m, x);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(Math.pow(x[i], 1 / a) * mx[i] - 1));
        }
        return worst;
    }

    private static double objective(double[][] m, double a, double[] x) {
        double[] mx = multiply(m, x);
        double quadratic = 0;
        double barrier = 0;
        for (int i = 0; i < x.length; i++) {
            quadratic += x[i] * mx[i];
            barrier += a == 1 ? Math.log(x[i]) : Math.pow(x[i], 1 - 1 / a) / (1 - 1 / a);
        }
        return 0.5 * quadratic - barrier;
    }

    private static double[] multiply(double[][] m, double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += m[i][j] * x[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** Solves H y = b for symmetric positive definite H, which is overwritten by its Cholesky factor. */
    private static boolean choleskySolve(double[][] h, double[] b, double[] y) {
        int n = b.length;
        for (int j = 0; j < n; j++) {
            double d = h[j][j];
            for (int p = 0; p < j; p++) {
                d -= h[j][p] * h[j][p];
            }
            if (!(d > 0)) {
                return false;
            }
            h[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < n; i++) {
                double s = h[i][j];
                for (int p = 0; p < j; p++) {
                    s -= h[i][p] * h[j][p];
                }
                h[i][j] = s / h[j][j];
            }
        }
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= h[i][p] * y[p];
            }
            y[i] = s / h[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int p = i + 1; p < n; p++) {
                s -= h[p][i] * y[p];
            }
            y[i] = s / h[i][i];
        }
        return true;
    }
}
