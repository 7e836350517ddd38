package org.mto4j.pareto;

/**
 * Validation of point sets and their conversion to the flat minimization form used by the algorithms.
 * The caller's arrays are only read.
 */
final class Points {
    private Points() {
    }

    static void checkSenses(Sense[] senses) {
        if (senses == null) {
            throw new IllegalArgumentException("senses must not be null");
        }
        for (int j = 0; j < senses.length; j++) {
            if (senses[j] == null) {
                throw new IllegalArgumentException("senses[" + j + "] is null");
            }
        }
    }

    static void checkVector(double[] v, String name, int m) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (v.length != m) {
            throw new IllegalArgumentException(name + " has " + v.length + " objectives but senses has " + m);
        }
        for (int j = 0; j < m; j++) {
            if (Double.isNaN(v[j])) {
                throw new IllegalArgumentException(name + "[" + j + "] is NaN");
            }
        }
    }

    /** Checks shape and NaN: every row non-null with exactly {@code senses.length} non-NaN values. */
    static void check(double[][] points, String name, Sense[] senses) {
        checkSenses(senses);
        if (points == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        int m = senses.length;
        for (int i = 0; i < points.length; i++) {
            double[] row = points[i];
            if (row == null) {
                throw new IllegalArgumentException(name + "[" + i + "] is null");
            }
            if (row.length != m) {
                throw new IllegalArgumentException(name + "[" + i + "] has " + row.length
                        + " objectives but senses has " + m + " (ragged rows?)");
            }
            for (int j = 0; j < m; j++) {
                if (Double.isNaN(row[j])) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + j + "] is NaN (point " + i
                            + ", objective " + j + ")");
                }
            }
        }
    }

    /**
     * Validates and returns the points row-major in minimization form (maximized objectives negated,
     * −0.0 turned into 0.0 so that equal values have equal bits).
     */
    static double[] minimizationFlat(double[][] points, String name, Sense[] senses) {
        check(points, name, senses);
        int n = points.length;
        int m = senses.length;
        double[] flat = new double[n * m];
        for (int j = 0; j < m; j++) {
            double sign = senses[j] == Sense.MINIMIZE ? 1.0 : -1.0;
            for (int i = 0, k = j; i < n; i++, k += m) {
                flat[k] = sign * points[i][j] + 0.0;
            }
        }
        return flat;
    }

    /** Returns a vector in minimization form. */
    static double[] minimization(double[] v, Sense[] senses) {
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = senses[j].toMinimization(v[j]) + 0.0;
        }
        return out;
    }

    /** Returns whether row {@code a} weakly dominates row {@code b} of a flat minimization array. */
    static boolean weaklyDominates(double[] flat, int m, int a, int b) {
        int oa = a * m;
        int ob = b * m;
        for (int j = 0; j < m; j++) {
            if (flat[oa + j] > flat[ob + j]) {
                return false;
            }
        }
        return true;
    }

    /** Returns whether rows {@code a} and {@code b} of a flat array are identical. */
    static boolean equalRows(double[] flat, int m, int a, int b) {
        int oa = a * m;
        int ob = b * m;
        for (int j = 0; j < m; j++) {
            if (flat[oa + j] != flat[ob + j]) {
                return false;
            }
        }
        return true;
    }
}
