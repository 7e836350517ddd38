package org.mto4j.optimizers;

import java.util.Arrays;

/**
 * CAGrad's inner problem (Liu et al. 2021, the dual of their Eq. 5), in Gram form:
 * <pre>
 *   minimise F(w) = g₀ᵀx + s ‖x‖   over w ∈ Δ,   x = Jᵀw,  g₀ = Jᵀ1/K,  s = c ‖g₀‖
 * </pre>
 * solved exactly through a one-parameter family of min-norm problems. Since s‖x‖ = min over μ &gt; 0 of
 * (s/2)(‖x‖²/μ + μ), and on the simplex g₀ᵀx + (s/2μ)‖x‖² = (s/2μ)(‖x + τg₀‖² − τ²‖g₀‖²) with τ = μ/s,
 * <pre>
 *   w(μ) = argmin_{w ∈ Δ} ‖Σᵢ wᵢ (gᵢ + τ g₀)‖²         (the min-norm point of the shifted gradients: exact, by the
 *                                                      active-set solve of {@link MinNormPoint#activeSet})
 *   F is minimised by w(μ*) where ‖x(μ*)‖ = μ*          (the optimal μ of s‖x‖)
 * </pre>
 * The outer function of μ is convex, so ‖x(μ)‖/μ is non-increasing and crosses 1 once: μ* is found by secant steps
 * on log μ from μ = 1 down to a bracket, then the Illinois method, each min-norm solve warm-started from the
 * previous one's support (at most 25 solves on the solver tests' random problems, most of them a single
 * factorisation). Every w is an exact KKT point of its min-norm problem, so the KKT conditions of F hold to
 * the accuracy of μ* (relative 1e-13): CAGrad's guarantee (J d)ᵢ &ge; F(w*) &ge; 0 for c &ge; 1 survives the
 * dual-to-primal map d = g₀ + s x/‖x‖ even when ‖x*‖ is small. A first-order method (projected gradient) stalls
 * there, where F is not smooth at its minimum, and d inherits its error divided by ‖x‖.
 *
 * <p>When ‖x(μ)‖/μ &le; 1 already at μ = {@link #MIN_MU} (relative to √tr G = 1), the minimum has ‖x*‖ &le; MIN_MU:
 * 0 is in or next to the convex hull of the gradients (Pareto-stationary) and c &ge; 1, or every gradient is 0; the
 * solver returns w(MIN_MU), whose ‖x‖ is below CAGrad's default degeneracy threshold norm_eps = 1e-4. Smaller μ are
 * not tried: the shift τ g₀ would fall below the active-set solver's tolerance (1e-11 of G).
 *
 * <p>Residual: |‖x(μ)‖/μ − 1| at the returned μ (0 for the degenerate case).
 */
final class CAGradSolver {

    /** Solver name in the diagnostics. */
    static final String SOLVER = "shifted-min-norm";
    /** Relative accuracy of μ* at which the search stops. */
    static final double TOLERANCE = 1e-13;
    /** The smallest μ tried, relative to the scale √tr G = 1 of the normalised problem. */
    static final double MIN_MU = 1e-6;
    static final int MAX_ITERATIONS = 200;

    private CAGradSolver() {
    }

    /**
     * @param g row-major K x K, trace 1 (callers normalise); not modified
     * @param s c ‖g₀‖ for that G
     */
    static Solution solve(double[] g, int k, double s) {
        if (!(s > 0)) {
            // c = 0 (or g₀ = 0): F = g₀ᵀx, and the direction is g₀ whatever w is.
            double[] uniform = new double[k];
            Arrays.fill(uniform, 1.0 / k);
            return new Solution(uniform, true, 0, 0.0);
        }
        double[] b = new double[k];
        double squaredMean = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                b[i] += g[i * k + j] / k;
            }
            squaredMean += b[i] / k;
        }
        Shifted shifted = new Shifted(g, k, b, squaredMean, s);
        // ψ(m) = log(‖x(μ)‖ / μ) at m = log μ is non-increasing with one root m*. Since ‖x‖ ≤ √tr G = 1, ψ(0) ≤ 0.
        // From m = 0, step left by secant (the first step is the fixed-point step μ ← ‖x(μ)‖, which never passes
        // m*) until ψ changes sign, then close the bracket by the Illinois method. Each solve is warm-started from
        // the previous support, so a step usually costs one factorisation.
        double min = Math.log(MIN_MU);
        double hi = 0;
        double psiHi = shifted.psi(hi);
        if (psiHi >= 0) {
            return new Solution(shifted.w, shifted.converged, shifted.evaluations, Math.abs(Math.expm1(psiHi)));
        }
        double previous = Double.NaN;
        double psiPrevious = Double.NaN;
        double lo;
        double psiLo;
        while (true) {
            double next = Double.isNaN(previous) ? hi + psiHi
                    : hi - psiHi * (hi - previous) / (psiHi - psiPrevious);
            if (!(next < hi)) {
                next = hi + psiHi;
            }
            next = Math.max(next, min);
            double psi = shifted.psi(next);
            if (psi > 0) {
                lo = next;
                psiLo = psi;
                break;
            }
            if (psi == 0 || next == min || shifted.evaluations >= MAX_ITERATIONS || hi - next <= TOLERANCE) {
                // A root, ‖x*‖ ≤ MIN_MU (degenerate: the caller's norm_eps decides), or no progress left.
                return new Solution(shifted.w, shifted.converged && shifted.evaluations < MAX_ITERATIONS,
                        shifted.evaluations, next == min ? 0.0 : Math.abs(Math.expm1(psi)));
            }
            previous = hi;
            psiPrevious = psiHi;
            hi = next;
            psiHi = psi;
        }
        double m = hi;
        double psi = psiHi;
        double[] best = shifted.w;
        int side = 0;
        while (shifted.evaluations < MAX_ITERATIONS && hi - lo > TOLERANCE) {
            // Illinois (regula falsi with halving of the stale end), safeguarded by bisection.
            m = (lo * psiHi - hi * psiLo) / (psiHi - psiLo);
            if (!(m > lo && m < hi)) {
                m = 0.5 * (lo + hi);
            }
            psi = shifted.psi(m);
            best = shifted.w;
            if (psi == 0) {
                break;
            }
            if (psi > 0) {
                lo = m;
                psiLo = psi;
                if (side == 1) {
                    psiHi /= 2;
                }
                side = 1;
            } else {
                hi = m;
                psiHi = psi;
                if (side == -1) {
                    psiLo /= 2;
                }
                side = -1;
            }
        }
        double residual = Math.abs(Math.expm1(psi));
        return new Solution(best, shifted.converged && (hi - lo <= TOLERANCE || psi == 0), shifted.evaluations,
                residual);
    }

    /** The min-norm points of the shifted gradients gᵢ + τ g₀, and the last one found. */
    private static final class Shifted {
        private final double[] g;
        private final int k;
        private final double[] b;
        private final double squaredMean;
        private final double s;
        private final double[] h;
        double[] w;
        boolean converged = true;
        int evaluations;

        Shifted(double[] g, int k, double[] b, double squaredMean, double s) {
            this.g = g;
            this.k = k;
            this.b = b;
            this.squaredMean = squaredMean;
            this.s = s;
            this.h = new double[k * k];
        }

        /** log(‖x(μ)‖ / μ) for μ = exp(m); leaves w(μ) in {@link #w}. */
        double psi(double m) {
            double mu = Math.exp(m);
            double tau = mu / s;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    h[i * k + j] = g[i * k + j] + tau * (b[i] + b[j]) + tau * tau * squaredMean;
                }
            }
            Solution inner = MinNormPoint.activeSet(h, k, w);
            evaluations++;
            converged &= inner.converged();
            w = inner.x();
            double norm = Math.sqrt(Math.max(0, SmallMatrix.quadraticForm(g, k, w)));
            return norm == 0 ? Double.NEGATIVE_INFINITY : Math.log(norm) - m;
        }
    }
}
