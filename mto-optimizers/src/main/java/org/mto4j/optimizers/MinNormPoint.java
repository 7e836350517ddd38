package org.mto4j.optimizers;

/**
 * The min-norm point of the convex hull of the task gradients, in Gram form:
 * <pre>
 *   minimise wᵀG w = ‖Σᵢ wᵢ gᵢ‖²   subject to w &ge; 0, Σᵢ wᵢ = 1
 * </pre>
 * by four algorithms: the closed form on a segment (exact for K = 2), Frank-Wolfe with exact line search (Sener
 * and Koltun's Algorithm 2, with TorchJD's starting point 1/K and stopping rule γ &lt; ε), the pair-then-projected-
 * gradient variant of Sener and Koltun's code that LibMTL runs, and an exact active-set solve.
 *
 * <p>Every algorithm reports as residual the Frank-Wolfe duality gap wᵀGw − minⱼ (Gw)ⱼ &ge; 0 divided by maxᵢ G_ii:
 * it is 0 exactly at the optimum, and w meets MGDA's KKT conditions Gw − (wᵀGw)1 &ge; −tol with
 * tol = residual · maxᵢ G_ii. {@code converged} is true only when the algorithm stopped by its own rule (not its
 * iteration cap) and that gap certifies the point: Frank-Wolfe's rule γ &lt; ε bounds the gap before its last
 * step by ε‖g_w − gₜ‖² &le; 4ε maxᵢ G_ii, so it must be at most 4ε; LibMTL's rule Σᵢ |Δwᵢ| &lt; 1e-5 bounds
 * nothing (it also fires when the line search keeps the old point far from the optimum: gaps of 1e-2 are common),
 * so its gap must be at most {@link #LIBMTL_CONVERGED_GAP}; the active-set solve must meet its KKT tolerance.
 *
 * <p>G is row-major K x K, symmetric positive semi-definite, and never modified.
 */
final class MinNormPoint {

    /** LibMTL's iteration cap of its projected-gradient phase. */
    static final int LIBMTL_MAX_ITERATIONS = 250;
    /** LibMTL's stopping rule: Σᵢ |Δwᵢ| below this. */
    static final double LIBMTL_STOP = 1e-5;
    /** LibMTL keeps 0.001 of the other end of a segment when the optimum is at an end point. */
    private static final double LIBMTL_END_WEIGHT = 0.001;
    /** The largest relative duality gap at which LibMTL's solver counts as converged (K &ge; 3). */
    static final double LIBMTL_CONVERGED_GAP = 1e-4;
    /** LibMTL's threshold on step lengths to a simplex face in its projected-gradient step. */
    private static final double LIBMTL_MIN_STEP = 1e-7;

    private MinNormPoint() {
    }

    /**
     * The weight γ of x₁ minimising ‖γ x₁ + (1 − γ) x₂‖² over γ ∈ [0, 1], from ⟨x₁,x₁⟩, ⟨x₁,x₂⟩, ⟨x₂,x₂⟩.
     */
    static double segment(double v11, double v12, double v22) {
        if (v12 >= v11) {
            return 1;
        }
        if (v12 >= v22) {
            return 0;
        }
        return (v22 - v12) / (v11 + v22 - 2 * v12);
    }

    /** Exact for K = 1 and K = 2. */
    static Solution closedForm(double[] g, int k) {
        if (k == 1) {
            return new Solution(new double[] {1}, true, 0, 0.0);
        }
        if (k != 2) {
            throw new IllegalArgumentException("the closed form needs K <= 2, got K = " + k);
        }
        double gamma = segment(g[0], g[1], g[3]);
        double[] w = {gamma, 1 - gamma};
        return new Solution(w, true, 0, gap(g, k, w));
    }

    /**
     * Frank-Wolfe from w = 1/K: move towards the vertex eₜ of smallest (Gw)ₜ with the exact line search, and stop
     * after a step γ &lt; {@code epsilon} or after {@code maxIterations} steps (not converged). Converged when it
     * stopped by the first rule with a duality gap of at most 4ε.
     */
    static Solution frankWolfe(double[] g, int k, double epsilon, int maxIterations) {
        double[] w = new double[k];
        java.util.Arrays.fill(w, 1.0 / k);
        double[] gw = SmallMatrix.multiply(g, k, w, new double[k]);
        boolean converged = false;
        int iterations = 0;
        while (iterations < maxIterations) {
            iterations++;
            int t = argMin(gw);
            double a = gw[t];               // wᵀG eₜ
            double b = SmallMatrix.dot(w, gw);          // wᵀG w
            double c = g[t * k + t];        // eₜᵀG eₜ
            double gamma;
            if (c <= a) {
                gamma = 1;
            } else if (b <= a) {
                gamma = 0;
            } else {
                gamma = (b - a) / (b + c - 2 * a);
            }
            for (int i = 0; i < k; i++) {
                w[i] *= 1 - gamma;
                gw[i] = (1 - gamma) * gw[i] + gamma * g[i * k + t];
            }
            w[t] += gamma;
            if (gamma < epsilon) {
                converged = true;
                break;
            }
        }
        double gap = gap(g, k, w);
        return new Solution(w, converged && gap <= 4 * epsilon, iterations, gap);
    }

    /**
     * LibMTL's solver (from Sener and Koltun's code): the best pair of gradients by the segment closed form (each
     * end point kept at weight 0.001), then, for K &ge; 3, projected-gradient steps on the simplex, each followed by
     * a line search between the current point and the projected point, until Σᵢ |Δwᵢ| &lt; 1e-5 or 250 steps.
     * We start the pair search at +∞ where LibMTL starts it at 1e8 (which fails when every pair's norm exceeds it).
     */
    static Solution libMtl(double[] g, int k, double unit) {
        if (k == 1) {
            return closedForm(g, k);
        }
        double[] w = new double[k];
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                double gii = g[i * k + i];
                double gij = g[i * k + j];
                double gjj = g[j * k + j];
                double gamma = clampedSegment(gii, gij, gjj);
                double cost = gij >= gii ? gii : gij >= gjj ? gjj : gjj + gamma * (gij - gjj);
                if (cost < best) {
                    best = cost;
                    java.util.Arrays.fill(w, 0);
                    w[i] = gamma;
                    w[j] = 1 - gamma;
                }
            }
        }
        if (k == 2) {
            return new Solution(w, true, 0, gap(g, k, w));
        }
        double[] gw = new double[k];
        double[] next = new double[k];
        double[] gNext = new double[k];
        for (int iteration = 1; iteration <= LIBMTL_MAX_ITERATIONS; iteration++) {
            SmallMatrix.multiply(g, k, w, gw);
            projectedGradientPoint(w, gw, unit, next);
            SmallMatrix.multiply(g, k, next, gNext);
            double gamma = clampedSegment(SmallMatrix.dot(w, gw), SmallMatrix.dot(w, gNext), SmallMatrix.dot(next, gNext));
            double change = 0;
            for (int i = 0; i < k; i++) {
                double updated = gamma * w[i] + (1 - gamma) * next[i];
                change += Math.abs(updated - w[i]);
                next[i] = updated;
            }
            if (change < LIBMTL_STOP) {
                double gap = gap(g, k, w);
                return new Solution(w, gap <= LIBMTL_CONVERGED_GAP, iteration, gap);
            }
            System.arraycopy(next, 0, w, 0, k);
        }
        return new Solution(w, false, LIBMTL_MAX_ITERATIONS, gap(g, k, w));
    }

    /**
     * Exact, by the non-negative least-squares form of the problem: x* = argmin_{x &ge; 0} ‖Jᵀx‖² + (1ᵀx − 1)²
     * is w* / (1 + ‖Jᵀw*‖²), so w* = x* / Σx*. G is divided by its trace first so that tolerances are relative.
     */
    static Solution activeSet(double[] g, int k) {
        return activeSet(g, k, null);
    }

    /** {@link #activeSet(double[], int)} warm-started from the support of {@code start} (or cold when null). */
    static Solution activeSet(double[] g, int k, double[] start) {
        double trace = SmallMatrix.trace(g, k);
        double[] a = new double[k * k];
        double[] b = new double[k];
        for (int q = 0; q < a.length; q++) {
            a[q] = (trace > 0 ? g[q] / trace : 0) + 1;
        }
        java.util.Arrays.fill(b, -1);
        Solution s = NonNegativeQp.solve(a, k, b, NonNegativeQp.DEFAULT_TOLERANCE,
                NonNegativeQp.defaultMaxIterations(k), start);
        double[] w = s.x();
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        for (int i = 0; i < k; i++) {
            w[i] /= sum;
        }
        return new Solution(w, s.converged(), s.iterations(), gap(g, k, w));
    }

    /** {@link #segment} with LibMTL's end points: 0.999 and 0.001 instead of 1 and 0. */
    private static double clampedSegment(double v11, double v12, double v22) {
        if (v12 >= v11) {
            return 1 - LIBMTL_END_WEIGHT;
        }
        if (v12 >= v22) {
            return LIBMTL_END_WEIGHT;
        }
        return (v22 - v12) / (v11 + v22 - 2 * v12);
    }

    /**
     * LibMTL's next point: move along the negative gradient p = −Gw centred to sum 0, then project onto the
     * simplex. The step length t is not capped at 1: it is the distance at which the first decreasing coordinate
     * reaches 0 (the smallest −wᵢ/pᵢ over pᵢ &lt; 0 that exceeds 1e-7; 1 when there is none), then shortened to
     * the distance at which the first increasing coordinate reaches 1 (the smallest (1 − wᵢ)/pᵢ over pᵢ &gt; 0
     * that exceeds 1e-7). A step capped at 1 would make the iteration depend on the scale of G and stall on small
     * gradients. LibMTL's 1e-7 and its fallback step 1 are lengths in the units of its own G, which is
     * {@code unit} times the G here.
     */
    private static void projectedGradientPoint(double[] w, double[] gw, double unit, double[] out) {
        int k = w.length;
        double mean = 0;
        for (double v : gw) {
            mean -= v;
        }
        mean /= k;
        double toZero = Double.POSITIVE_INFINITY;
        double toOne = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double direction = -gw[i] - mean;
            if (direction < 0 && -w[i] / direction > LIBMTL_MIN_STEP * unit) {
                toZero = Math.min(toZero, -w[i] / direction);
            } else if (direction > 0 && (1 - w[i]) / direction > LIBMTL_MIN_STEP * unit) {
                toOne = Math.min(toOne, (1 - w[i]) / direction);
            }
        }
        double t = Math.min(toZero == Double.POSITIVE_INFINITY ? unit : toZero, toOne);
        for (int i = 0; i < k; i++) {
            out[i] = w[i] + t * (-gw[i] - mean);
        }
        SimplexProjection.project(out, out);
    }

    /** (wᵀGw − minⱼ (Gw)ⱼ) / maxᵢ G_ii, or 0 when G = 0. */
    static double gap(double[] g, int k, double[] w) {
        double[] gw = SmallMatrix.multiply(g, k, w, new double[k]);
        double scale = 0;
        for (int i = 0; i < k; i++) {
            scale = Math.max(scale, g[i * k + i]);
        }
        return scale == 0 ? 0 : Math.max(0, SmallMatrix.dot(w, gw) - gw[argMin(gw)]) / scale;
    }

    private static int argMin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }
}
