package org.mto4j.optimizers;

/**
 * Per-lane accumulators of the column-block workers: a loop that adds into {@code lanes[v]} for every column v of a
 * block vectorises where a running scalar sum would not; the lanes are summed once at the end.
 */
final class Lanes {

    private Lanes() {
    }

    /** Σ of the lanes, in lane order. */
    static double sum(double[] lanes) {
        double t = 0;
        for (double v : lanes) {
            t += v;
        }
        return t;
    }

    /** Σ of float lanes, accumulated in double, in lane order. */
    static double sum(float[] lanes) {
        double t = 0;
        for (float v : lanes) {
            t += v;
        }
        return t;
    }
}
