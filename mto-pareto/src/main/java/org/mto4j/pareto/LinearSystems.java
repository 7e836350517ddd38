package org.mto4j.pareto;

/** Small dense linear systems, for the m × m problems of knee points and supported points. */
final class LinearSystems {
    private LinearSystems() {
    }

    /**
     * Solves the augmented m × (m+1) system {@code s} by Gauss–Jordan elimination with partial pivoting.
     * The rows of {@code s} are overwritten.
     *
     * @return the solution, or null when a pivot is below {@code minPivot} in magnitude or a value is not finite
     */
    static double[] solve(double[][] s, int m, double minPivot) {
        for (int c = 0; c < m; c++) {
            int pivot = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(s[r][c]) > Math.abs(s[pivot][c])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(s[pivot][c]) >= minPivot)) {
                return null;
            }
            double[] tmp = s[c];
            s[c] = s[pivot];
            s[pivot] = tmp;
            for (int r = 0; r < m; r++) {
                if (r != c && s[r][c] != 0) {
                    double factor = s[r][c] / s[c][c];
                    for (int k = c; k <= m; k++) {
                        s[r][k] -= factor * s[c][k];
                    }
                }
            }
        }
        double[] x = new double[m];
        for (int j = 0; j < m; j++) {
            x[j] = s[j][m] / s[j][j];
            if (!Double.isFinite(x[j])) {
                return null;
            }
        }
        return x;
    }
}
