package org.mto4j.optimizers;

/**
 * Dot products with cancellation: Σᵢ xᵢ yᵢ computed as if in twice the working precision and then rounded (the Dot2
 * algorithm of Ogita, Rump and Oishi, "Accurate Sum and Dot Product", SIAM J. Sci. Comput. 26(6), 2005), from an
 * exact product split by {@link Math#fma} and an error-free sum. The result has relative error about
 * 2⁻⁵³ + K · 2⁻¹⁰⁶ · Σ|xᵢyᵢ| / |Σ xᵢyᵢ|: terms of 1e20 that cancel to 0.04 still give 0.04 to 1e-11. About four
 * times the cost of a plain dot product; used where a method detects cancellation.
 */
final class AccurateDot {

    private AccurateDot() {
    }

    /** Σᵢ xᵢ yᵢ over the first {@code n} entries. */
    static double dot(double[] x, double[] y, int n) {
        double sum = 0;
        double error = 0;
        for (int i = 0; i < n; i++) {
            double product = x[i] * y[i];
            double productError = Math.fma(x[i], y[i], -product);
            double t = sum + product;
            double z = t - sum;
            error += (sum - (t - z)) + (product - z) + productError;
            sum = t;
        }
        return sum + error;
    }
}
