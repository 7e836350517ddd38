package org.mto4j.optimizers;

import org.mto4j.core.Diagnostics;

/**
 * The eigendecomposition A = V Λ Vᵀ of a small symmetric K x K matrix in double, by the cyclic Jacobi method.
 *
 * <p>Why Jacobi: the Gram matrices here are small (K &le; 128), positive semi-definite and often rank-deficient
 * (duplicated or collinear task gradients). Jacobi with the Demmel–Veselić stopping rule (an off-diagonal entry is
 * negligible when |a_pq| &le; ε·√(|a_pp a_qq|)) computes the small eigenvalues of such matrices to high relative
 * accuracy, which the pseudo-inverse and Aligned-MTL's λ^(−1/2) depend on, and it is a few dozen lines with no
 * dependency. Cost: about 4K³ flops per sweep, and it converges quadratically in 5–12 sweeps for K &le; 128.
 *
 * <p>The input is scaled by its largest entry first, so matrices with entries near 1e±150 neither overflow nor
 * underflow. Eigenvalues come sorted in descending order, eigenvectors as the columns of {@link #vectors()}.
 * Immutable once built; the static factory is thread-safe.
 */
final class SymmetricEigen {

    /** Solver name reported in {@link Diagnostics}. */
    static final String SOLVER = "jacobi-eigen";
    /** Sweeps after which the method stops and reports non-convergence. */
    static final int MAX_SWEEPS = 64;

    private static final double EPSILON = 0x1p-52;
    /** Entries below this fraction of the (scaled) Frobenius norm are zero for any purpose. */
    private static final double ABSOLUTE_FLOOR = 1e-300;

    private final double[] values;
    private final double[][] vectors;
    private final int sweeps;
    private final boolean converged;
    private final double residual;

    private SymmetricEigen(double[] values, double[][] vectors, int sweeps, boolean converged, double residual) {
        this.values = values;
        this.vectors = vectors;
        this.sweeps = sweeps;
        this.converged = converged;
        this.residual = residual;
    }

    /**
     * Decomposes a symmetric matrix; only its upper triangle is read.
     *
     * @param matrix K x K, K &ge; 1, finite; not modified
     * @throws IllegalArgumentException if it is not square or holds NaN or infinity
     */
    static SymmetricEigen of(double[][] matrix) {
        int k = matrix.length;
        if (k == 0) {
            throw new IllegalArgumentException("matrix must be K x K with K >= 1, got 0 rows");
        }
        double scale = 0;
        for (int i = 0; i < k; i++) {
            if (matrix[i].length != k) {
                throw new IllegalArgumentException("matrix must be square: it has " + k + " rows and row " + i
                        + " has " + matrix[i].length + " columns");
            }
            for (int j = i; j < k; j++) {
                if (!Double.isFinite(matrix[i][j])) {
                    throw new IllegalArgumentException("matrix must be finite, got [" + i + "][" + j + "] = "
                            + matrix[i][j]);
                }
                scale = Math.max(scale, Math.abs(matrix[i][j]));
            }
        }
        double[][] v = identity(k);
        if (scale == 0) {
            return new SymmetricEigen(new double[k], v, 0, true, 0.0);
        }
        double[][] a = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                a[i][j] = matrix[i][j] / scale;
                a[j][i] = a[i][j];
            }
        }
        double floor = ABSOLUTE_FLOOR * frobenius(a);
        int sweep = 0;
        boolean rotated = true;
        while (rotated && sweep < MAX_SWEEPS) {
            rotated = false;
            sweep++;
            for (int p = 0; p < k - 1; p++) {
                for (int q = p + 1; q < k; q++) {
                    double apq = a[p][q];
                    if (apq == 0) {
                        continue;
                    }
                    if (Math.abs(apq) <= EPSILON * Math.sqrt(Math.abs(a[p][p] * a[q][q])) || Math.abs(apq) <= floor) {
                        a[p][q] = 0;
                        a[q][p] = 0;
                        continue;
                    }
                    rotate(a, v, p, q);
                    rotated = true;
                }
            }
        }
        double off = 0;
        for (int p = 0; p < k; p++) {
            for (int q = p + 1; q < k; q++) {
                off += a[p][q] * a[p][q];
            }
        }
        double[] lambda = new double[k];
        for (int i = 0; i < k; i++) {
            lambda[i] = a[i][i] * scale;
        }
        return sorted(lambda, v, sweep, !rotated, Math.sqrt(2 * off) / Math.max(frobenius(a), Double.MIN_NORMAL));
    }

    /** One Jacobi rotation in the (p, q) plane that zeroes a_pq; V accumulates the rotations. */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        int k = a.length;
        double apq = a[p][q];
        double theta = (a[q][q] - a[p][p]) / (2 * apq);
        // t = tan of the rotation angle, the smaller root of t² + 2θt − 1 = 0; for huge θ, θ² would overflow.
        double t = Math.abs(theta) > 1e150 ? 0.5 / theta
                : Math.copySign(1.0, theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        a[p][p] -= t * apq;
        a[q][q] += t * apq;
        a[p][q] = 0;
        a[q][p] = 0;
        for (int r = 0; r < k; r++) {
            if (r != p && r != q) {
                double arp = a[r][p];
                double arq = a[r][q];
                a[r][p] = c * arp - s * arq;
                a[p][r] = a[r][p];
                a[r][q] = s * arp + c * arq;
                a[q][r] = a[r][q];
            }
            double vrp = v[r][p];
            double vrq = v[r][q];
            v[r][p] = c * vrp - s * vrq;
            v[r][q] = s * vrp + c * vrq;
        }
    }

    private static SymmetricEigen sorted(double[] lambda, double[][] v, int sweeps, boolean converged,
            double residual) {
        int k = lambda.length;
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(lambda[y], lambda[x]));
        double[] values = new double[k];
        double[][] vectors = new double[k][k];
        for (int c = 0; c < k; c++) {
            values[c] = lambda[order[c]];
            for (int r = 0; r < k; r++) {
                vectors[r][c] = v[r][order[c]];
            }
        }
        return new SymmetricEigen(values, vectors, sweeps, converged, residual);
    }

    private static double[][] identity(int k) {
        double[][] m = new double[k][k];
        for (int i = 0; i < k; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double frobenius(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double x : row) {
                s += x * x;
            }
        }
        return Math.sqrt(s);
    }

    /** K. */
    int size() {
        return values.length;
    }

    /** The eigenvalues in descending order, a new array. */
    double[] values() {
        return values.clone();
    }

    /** Eigenvalue {@code c} in descending order. */
    double value(int c) {
        return values[c];
    }

    /** A new K x K array whose column c is the unit eigenvector of {@code value(c)}. */
    double[][] vectors() {
        double[][] copy = new double[vectors.length][];
        for (int r = 0; r < vectors.length; r++) {
            copy[r] = vectors[r].clone();
        }
        return copy;
    }

    /** Component r of eigenvector c. */
    double vector(int r, int c) {
        return vectors[r][c];
    }

    /** Jacobi sweeps used. */
    int sweeps() {
        return sweeps;
    }

    /** True when a whole sweep found every off-diagonal entry negligible. */
    boolean converged() {
        return converged;
    }

    /** ‖off-diagonal part‖_F / ‖A‖_F at the end (0 for a diagonal result). */
    double residual() {
        return residual;
    }

    /** How the decomposition went, for a method's {@link org.mto4j.core.Weights}. */
    Diagnostics diagnostics() {
        return new Diagnostics(SOLVER, converged, sweeps, residual);
    }
}
