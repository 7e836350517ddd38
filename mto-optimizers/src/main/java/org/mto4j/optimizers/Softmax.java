package org.mto4j.optimizers;

/** The softmax of a few values, shifted by their maximum so that no exponential overflows. */
final class Softmax {

    private Softmax() {
    }

    /**
     * exp(xᵢ) / Σⱼ exp(xⱼ).
     *
     * @param x K finite values; not modified
     * @return a new array of K positive values summing to 1
     */
    static double[] of(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double[] z = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            z[i] = Math.exp(x[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < x.length; i++) {
            z[i] /= sum;
        }
        return z;
    }
}
