package org.mto4j.optimizers;

import org.mto4j.core.TaskLosses;

/**
 * Checks of the losses a loss-based method receives (their count, and their sign where the method takes a
 * logarithm, divides by them, or needs them non-negative), with messages that name the method, the task and the
 * value. NaN and infinite losses are already rejected by {@link TaskLosses#of}.
 */
final class LossChecks {

    private LossChecks() {
    }

    /** The K loss values; the losses must be present and hold K values. */
    static double[] values(String method, int numTasks, TaskLosses losses) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("numTasks must be >= 1, got " + numTasks);
        }
        if (losses == null) {
            throw new IllegalArgumentException("losses are required by '" + method
                    + "': pass TaskLosses with one value for each of the " + numTasks + " tasks");
        }
        return losses.requireSize(numTasks).toArray();
    }

    /**
     * The K loss values, each &gt; 0.
     *
     * @param why what the method does with them, for the message ("takes their logarithm")
     */
    static double[] positive(String method, int numTasks, TaskLosses losses, String why) {
        double[] l = values(method, numTasks, losses);
        for (int i = 0; i < l.length; i++) {
            if (!(l[i] > 0)) {
                throw new IllegalArgumentException("'" + method + "' " + why + ", so every loss must be > 0: loss of"
                        + " task " + i + " is " + l[i]);
            }
        }
        return l;
    }

    /** The K loss values, each &ge; 0. */
    static double[] nonNegative(String method, int numTasks, TaskLosses losses, String why) {
        double[] l = values(method, numTasks, losses);
        for (int i = 0; i < l.length; i++) {
            if (!(l[i] >= 0)) {
                throw new IllegalArgumentException("'" + method + "' " + why + ", so every loss must be >= 0: loss"
                        + " of task " + i + " is " + l[i]);
            }
        }
        return l;
    }
}
