package org.mto4j.optimizers;

/** The few dense operations the K x K solvers share, on row-major double[] matrices. Nothing is modified but out. */
final class SmallMatrix {

    private SmallMatrix() {
    }

    /** out = A w for row-major k x k A; returns out. */
    static double[] multiply(double[] a, int k, double[] w, double[] out) {
        for (int i = 0; i < k; i++) {
            double s = 0;
            int row = i * k;
            for (int j = 0; j < k; j++) {
                s += a[row + j] * w[j];
            }
            out[i] = s;
        }
        return out;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    /** wᵀA w. */
    static double quadraticForm(double[] a, int k, double[] w) {
        return dot(w, multiply(a, k, w, new double[k]));
    }

    /** Σᵢ A_ii. */
    static double trace(double[] a, int k) {
        double t = 0;
        for (int i = 0; i < k; i++) {
            t += a[i * k + i];
        }
        return t;
    }
}
