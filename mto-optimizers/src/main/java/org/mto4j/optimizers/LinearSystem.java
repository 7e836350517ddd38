package org.mto4j.optimizers;

/**
 * Solves a small dense square system A x = b by Gaussian elimination with partial pivoting, or reports it
 * singular: a pivot at or below {@code relativeTolerance} · max|Aᵢⱼ| (an exactly or numerically singular A).
 */
final class LinearSystem {

    private LinearSystem() {
    }

    /**
     * x with A x = b.
     *
     * @param a                 row-major n x n; not modified
     * @param b                 n values; not modified
     * @param relativeTolerance pivots at or below this fraction of the largest |Aᵢⱼ| count as zero
     * @return a new array, or null when A is singular (or all zero)
     */
    static double[] solve(double[] a, int n, double[] b, double relativeTolerance) {
        double[] m = a.clone();
        double[] x = b.clone();
        double scale = 0;
        for (double v : m) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tiny = relativeTolerance * scale;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r * n + col]) > Math.abs(m[pivot * n + col])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(m[pivot * n + col]) > tiny)) {
                return null;
            }
            if (pivot != col) {
                for (int c = 0; c < n; c++) {
                    double t = m[col * n + c];
                    m[col * n + c] = m[pivot * n + c];
                    m[pivot * n + c] = t;
                }
                double t = x[col];
                x[col] = x[pivot];
                x[pivot] = t;
            }
            double p = m[col * n + col];
            for (int r = col + 1; r < n; r++) {
                double f = m[r * n + col] / p;
                if (f != 0) {
                    for (int c = col; c < n; c++) {
                        m[r * n + c] -= f * m[col * n + c];
                    }
                    x[r] -= f * x[col];
                }
            }
        }
        for (int r = n - 1; r >= 0; r--) {
            double s = x[r];
            for (int c = r + 1; c < n; c++) {
                s -= m[r * n + c] * x[c];
            }
            x[r] = s / m[r * n + r];
        }
        return x;
    }
}
