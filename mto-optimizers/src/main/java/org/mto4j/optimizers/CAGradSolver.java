package org.mto4j.optimizers;

import java.util.Arrays;

/**
 * CAGrad's inner problem (Liu et al. 2021, the dual of their Eq. 5), in Gram form:
 * <pre>
 *   minimise F(w) = wᵀG 1/K + s √(wᵀG w)   subject to w &ge; 0, Σᵢ wᵢ = 1,      s = c ‖g₀‖ = c √(1ᵀG1) / K
 * </pre>
 * F is convex (a linear term plus the norm ‖Jᵀw‖). Solved by the spectral projected gradient method (Birgin,
 * Martínez and Raydan 2000): Barzilai-Borwein step lengths, projection onto the simplex
 * ({@link SimplexProjection}) and a non-monotone Armijo line search. Where Jᵀw = 0 the norm is not differentiable
 * and 0 is used as its subgradient.
 *
 * <p>Residual: ‖P(w − ∇F(w)) − w‖_∞ for G scaled to unit trace, the projected-gradient stationarity measure; the
 * solve stops when it is at most {@link #TOLERANCE}.
 */
final class CAGradSolver {

    /** Solver name in the diagnostics. */
    static final String SOLVER = "spectral-projected-gradient";
    static final double TOLERANCE = 1e-10;
    static final int MAX_ITERATIONS = 5000;
    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;
    private static final double MIN_STEP = 1e-12;
    private static final double MAX_STEP = 1e12;

    private CAGradSolver() {
    }

    /** @param g row-major K x K, trace 1 (callers normalise); not modified */
    static Solution solve(double[] g, int k, double s) {
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            double row = 0;
            for (int j = 0; j < k; j++) {
                row += g[i * k + j];
            }
            b[i] = row / k;
        }
        double[] w = new double[k];
        Arrays.fill(w, 1.0 / k);
        double[] gw = new double[k];
        double[] grad = new double[k];
        double f = evaluate(g, k, b, s, w, gw, grad);
        double[] history = new double[MEMORY];
        Arrays.fill(history, f);
        double[] trial = new double[k];
        double[] trialGw = new double[k];
        double[] trialGrad = new double[k];
        double[] direction = new double[k];
        double lambda = 1;
        int iterations = 0;
        double residual = stationarity(w, grad, trial);
        while (residual > TOLERANCE && iterations < MAX_ITERATIONS) {
            iterations++;
            for (int i = 0; i < k; i++) {
                trial[i] = w[i] - lambda * grad[i];
            }
            SimplexProjection.project(trial, trial);
            double slope = 0;
            for (int i = 0; i < k; i++) {
                direction[i] = trial[i] - w[i];
                slope += direction[i] * grad[i];
            }
            double reference = history[0];
            for (double h : history) {
                reference = Math.max(reference, h);
            }
            double t = 1;
            double trialF;
            while (true) {
                for (int i = 0; i < k; i++) {
                    trial[i] = w[i] + t * direction[i];
                }
                trialF = evaluate(g, k, b, s, trial, trialGw, trialGrad);
                if (trialF <= reference + ARMIJO * t * slope || t < 1e-20) {
                    break;
                }
                t *= 0.5;
            }
            double ss = 0;
            double sy = 0;
            for (int i = 0; i < k; i++) {
                double step = trial[i] - w[i];
                ss += step * step;
                sy += step * (trialGrad[i] - grad[i]);
            }
            lambda = sy > 0 ? Math.min(MAX_STEP, Math.max(MIN_STEP, ss / sy)) : MAX_STEP;
            System.arraycopy(trial, 0, w, 0, k);
            System.arraycopy(trialGrad, 0, grad, 0, k);
            f = trialF;
            history[iterations % MEMORY] = f;
            residual = stationarity(w, grad, trial);
            if (ss == 0) {
                break;
            }
        }
        return new Solution(w, residual <= TOLERANCE, iterations, residual);
    }

    /** F(w), with G w into gw and ∇F(w) into grad. */
    private static double evaluate(double[] g, int k, double[] b, double s, double[] w, double[] gw,
            double[] grad) {
        SmallMatrix.multiply(g, k, w, gw);
        double norm = Math.sqrt(Math.max(0, SmallMatrix.dot(w, gw)));
        for (int i = 0; i < k; i++) {
            grad[i] = b[i] + (norm > 0 ? s * gw[i] / norm : 0);
        }
        return SmallMatrix.dot(b, w) + s * norm;
    }

    /** ‖P(w − ∇F) − w‖_∞, using {@code scratch}. */
    private static double stationarity(double[] w, double[] grad, double[] scratch) {
        for (int i = 0; i < w.length; i++) {
            scratch[i] = w[i] - grad[i];
        }
        SimplexProjection.project(scratch, scratch);
        double r = 0;
        for (int i = 0; i < w.length; i++) {
            r = Math.max(r, Math.abs(scratch[i] - w[i]));
        }
        return r;
    }
}
