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

    /**
     * Checks the per-task sums of squares from which a method forms its weights (each task's share of its squared
     * norm): DOUBLE gradients above about 1e154 make them overflow, and the shares are then undefined.
     *
     * @param method the method's name, for the message
     * @param sums   per task, the sums of squares the weights are formed from
     * @throws IllegalArgumentException naming the tasks whose sums overflow
     */
    static void requireFiniteSquares(String method, double[]... sums) {
        java.util.List<Integer> rows = new java.util.ArrayList<>();
        for (int i = 0; i < sums[0].length; i++) {
            for (double[] s : sums) {
                if (!Double.isFinite(s[i])) {
                    rows.add(i);
                    break;
                }
            }
        }
        if (!rows.isEmpty()) {
            throw new IllegalArgumentException("the squared norms of task rows " + rows + " overflow DOUBLE, so "
                    + method + "'s weights (each task's share of its squared norm) are undefined; scale the losses "
                    + "down");
        }
    }
}
