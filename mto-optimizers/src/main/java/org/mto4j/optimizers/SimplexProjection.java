package org.mto4j.optimizers;

import java.util.Arrays;

/**
 * Euclidean projection onto the probability simplex Δ = {w : w &ge; 0, Σ wᵢ = 1}:
 * <pre>
 *   P(y) = max(y − τ1, 0),   τ such that Σᵢ max(yᵢ − τ, 0) = 1
 * </pre>
 * found by sorting y in decreasing order (Held, Wolfe, Crowder 1974; Duchi et al. 2008), O(K log K).
 */
final class SimplexProjection {

    private SimplexProjection() {
    }

    /**
     * P(y) into {@code out} (may be {@code y} itself); {@code y} is read before {@code out} is written. P is computed
     * for y − maxᵢ yᵢ (P(y + c1) = P(y)): τ is then found next to the largest entries, where the result is decided,
     * and entries of y far beyond 1 (a long projected-gradient step) cannot swallow the 1 of Σ wᵢ = 1.
     */
    static double[] project(double[] y, double[] out) {
        int k = y.length;
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        double shift = sorted[k - 1];
        for (int i = 0; i < k; i++) {
            sorted[i] -= shift;
        }
        double tau = Double.NaN;
        double partial = 0;
        for (int r = 0; r < k - 1; r++) {
            partial += sorted[k - 1 - r];
            double candidate = (partial - 1) / (r + 1);
            if (candidate > sorted[k - 2 - r]) {
                tau = candidate;
                break;
            }
        }
        if (Double.isNaN(tau)) {
            tau = (partial + sorted[0] - 1) / k;
        }
        for (int i = 0; i < k; i++) {
            out[i] = Math.max(y[i] - shift - tau, 0.0);
        }
        return out;
    }
}
