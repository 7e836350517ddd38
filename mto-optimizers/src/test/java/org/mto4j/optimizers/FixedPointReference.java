package org.mto4j.optimizers;

/**
 * A plain vector-space reference for the positive fixed point of Nash-MTL and FairGrad, independent of the
 * Gram-space Newton solver: exact coordinate minimisation of F(w) = ½‖Σ wᵢgᵢ‖² − Σ h(wᵢ), h'(w) = w^(−1/a),
 * keeping d = Σ wᵢgᵢ up to date. Each coordinate step solves gᵢᵀd₋ᵢ + wᵢ‖gᵢ‖² = wᵢ^(−1/a) (increasing in wᵢ) by
 * bisection on log wᵢ.
 */
final class FixedPointReference {

    private FixedPointReference() {
    }

    /** The weights w &gt; 0 with gᵢᵀ(Σⱼ wⱼgⱼ) = wᵢ^(−1/a); rows must be non-zero and not positively dependent. */
    static double[] weights(double[][] j, double a) {
        int k = j.length;
        int p = j[0].length;
        double[] w = new double[k];
        double[] d = new double[p];
        double[] squaredNorms = new double[k];
        for (int i = 0; i < k; i++) {
            squaredNorms[i] = GramTestSupport.dot(j[i], j[i]);
            w[i] = Math.pow(squaredNorms[i], -a / (a + 1));
            for (int c = 0; c < p; c++) {
                d[c] += w[i] * j[i][c];
            }
        }
        for (int sweep = 0; sweep < 20000; sweep++) {
            double change = 0;
            for (int i = 0; i < k; i++) {
                double others = GramTestSupport.dot(j[i], d) - w[i] * squaredNorms[i];
                double updated = solveCoordinate(others, squaredNorms[i], a);
                double delta = updated - w[i];
                for (int c = 0; c < p; c++) {
                    d[c] += delta * j[i][c];
                }
                change = Math.max(change, Math.abs(delta) / updated);
                w[i] = updated;
            }
            if (change < 1e-13) {
                return w;
            }
        }
        throw new AssertionError("reference coordinate descent did not converge");
    }

    /** The root of c + w q − w^(−1/a) = 0 in w &gt; 0. */
    private static double solveCoordinate(double c, double q, double a) {
        double lo = -1;
        double hi = 1;
        while (value(Math.exp(lo), c, q, a) > 0) {
            lo *= 2;
        }
        while (value(Math.exp(hi), c, q, a) < 0) {
            hi *= 2;
        }
        for (int it = 0; it < 200 && hi - lo > 1e-15; it++) {
            double mid = 0.5 * (lo + hi);
            if (value(Math.exp(mid), c, q, a) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.exp(0.5 * (lo + hi));
    }

    private static double value(double w, double c, double q, double a) {
        return c + w * q - Math.pow(w, -1 / a);
    }
}
