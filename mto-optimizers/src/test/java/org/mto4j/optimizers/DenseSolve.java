package org.mto4j.optimizers;

/** Gaussian elimination with partial pivoting for the small square systems of the vector-space references. */
final class DenseSolve {

    private DenseSolve() {
    }

    /** x with A x = b; A and b are not modified. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= m[r][c] * x[c];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }

    /** Rows of J divided by their norms. */
    static double[][] units(double[][] j) {
        double[][] u = new double[j.length][];
        for (int i = 0; i < j.length; i++) {
            double n = GramTestSupport.norm(j[i]);
            u[i] = GramTestSupport.scale(new double[][] {j[i]}, 1 / n)[0];
        }
        return u;
    }

    /** X Yᵀ of two row sets. */
    static double[][] rowProducts(double[][] x, double[][] y) {
        double[][] out = new double[x.length][y.length];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < y.length; k++) {
                out[i][k] = GramTestSupport.dot(x[i], y[k]);
            }
        }
        return out;
    }
}
