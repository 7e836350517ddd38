package org.mto4j.optimizers;

/**
 * The Moore–Penrose pseudo-inverse A⁺ = V Λ⁺ Vᵀ of a symmetric K x K matrix, from its {@link SymmetricEigen}
 * decomposition: λ⁺ = 1/λ for |λ| &gt; cutoff · max|λ|, and 0 otherwise.
 *
 * <p>The relative cutoff matters for the rank-deficient Gram matrices of duplicated or collinear task gradients:
 * their "zero" eigenvalues come out as rounding noise, and inverting noise would blow the weights up.
 * {@link #relativeCutoff(int, double)} is K · ε for the machine epsilon ε of the gradients' type (2⁻²³ for FLOAT,
 * 2⁻⁵² for DOUBLE), the default of torch's {@code pinv} for a K x K input of that type, which TorchJD's IMTL-G and
 * ConFIG call. A cutoff of FLOAT's K · 2⁻²³ on DOUBLE gradients would drop the directions along which J's singular
 * values fall below √(K · 2⁻²³) ≈ 3.5e-4 √K of the largest, which gradients of norms 1e-3 and 1e3 together have.
 */
final class PseudoInverse {

    private PseudoInverse() {
    }

    /** torch's default relative cutoff for a K x K matrix of a type with machine epsilon {@code epsilon}: K · ε. */
    static double relativeCutoff(int k, double epsilon) {
        return k * epsilon;
    }

    /** The number of eigenvalues above the cutoff. */
    static int rank(SymmetricEigen eigen, double relativeCutoff) {
        double threshold = threshold(eigen, relativeCutoff);
        int rank = 0;
        for (int c = 0; c < eigen.size(); c++) {
            if (Math.abs(eigen.value(c)) > threshold) {
                rank++;
            }
        }
        return rank;
    }

    /**
     * x = A⁺ b.
     *
     * @param b K values; not modified
     * @return a new array
     */
    static double[] times(SymmetricEigen eigen, double[] b, double relativeCutoff) {
        return times(eigen, b, relativeCutoff, 0.0);
    }

    /**
     * x = A⁺ b, with the components of b along the kept eigenvectors that are at most {@code projectionFloor} in
     * magnitude taken as 0. When b is orthogonal to the range of A in exact arithmetic, rounding in A's
     * eigenvectors leaves components of the order of ε‖b‖, and A⁺ would turn them into a full-size x.
     *
     * @param b K values; not modified
     * @return a new array
     */
    static double[] times(SymmetricEigen eigen, double[] b, double relativeCutoff, double projectionFloor) {
        int k = eigen.size();
        if (b.length != k) {
            throw new IllegalArgumentException("b must have length K = " + k + ", got " + b.length);
        }
        double threshold = threshold(eigen, relativeCutoff);
        double[] x = new double[k];
        for (int c = 0; c < k; c++) {
            double lambda = eigen.value(c);
            if (Math.abs(lambda) <= threshold) {
                continue;
            }
            double projection = 0;
            for (int r = 0; r < k; r++) {
                projection += eigen.vector(r, c) * b[r];
            }
            if (Math.abs(projection) <= projectionFloor) {
                continue;
            }
            double coefficient = projection / lambda;
            for (int r = 0; r < k; r++) {
                x[r] += coefficient * eigen.vector(r, c);
            }
        }
        return x;
    }

    /** The whole K x K pseudo-inverse, a new array (the methods only need {@link #times}). */
    static double[][] of(SymmetricEigen eigen, double relativeCutoff) {
        int k = eigen.size();
        double[][] inverse = new double[k][];
        for (int i = 0; i < k; i++) {
            double[] unit = new double[k];
            unit[i] = 1;
            inverse[i] = times(eigen, unit, relativeCutoff); // A⁺ is symmetric: column i is row i
        }
        return inverse;
    }

    private static double threshold(SymmetricEigen eigen, double relativeCutoff) {
        if (!(relativeCutoff >= 0) || relativeCutoff >= 1) {
            throw new IllegalArgumentException("relativeCutoff must be in [0, 1), got " + relativeCutoff);
        }
        double largest = 0;
        for (int c = 0; c < eigen.size(); c++) {
            largest = Math.max(largest, Math.abs(eigen.value(c)));
        }
        // An all-zero matrix has the zero pseudo-inverse: the threshold 0 with |λ| <= 0 cuts everything.
        return relativeCutoff * largest;
    }
}
