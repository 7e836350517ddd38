package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Map;

import org.mto4j.core.CombinerState;

/**
 * The epoch count of a method that works per epoch (DWA, STCH's warm-up, GradNorm's LibMTL variant), and the guard
 * against a training loop that forgot to call {@code endEpoch}: an epoch that runs more than
 * {@value #MAX_EPOCH_GROWTH} times as many steps as the longest epoch before it is taken as a missing call (an
 * {@link IllegalStateException}), since the method would otherwise silently stay in its current epoch. Before
 * the first {@code endEpoch} nothing is known about epoch lengths and nothing is checked.
 */
final class EpochClock {

    /** How many times longer than the longest earlier epoch an epoch may run before it counts as unended. */
    static final int MAX_EPOCH_GROWTH = 2;

    private static final String KEY = "epoch_clock";

    private long epochsEnded;
    private long stepsInEpoch;
    private long longestEpoch;

    /** The current epoch, counted from 0: the number of {@code endEpoch} calls so far. */
    long epoch() {
        return epochsEnded;
    }

    /**
     * Counts one step of the current epoch.
     *
     * @throws IllegalStateException if the epoch has run too long for {@code endEpoch} to have been called
     */
    void step(String method) {
        if (longestEpoch > 0 && stepsInEpoch >= MAX_EPOCH_GROWTH * longestEpoch) {
            throw new IllegalStateException("'" + method + "': epoch " + epochsEnded + " has run " + stepsInEpoch
                    + " steps, more than " + MAX_EPOCH_GROWTH + " times the longest earlier epoch (" + longestEpoch
                    + " steps): call endEpoch(meanLosses) after every epoch, or reset() to start a new run");
        }
        stepsInEpoch++;
    }

    /** Ends the current epoch. */
    void endEpoch() {
        longestEpoch = Math.max(longestEpoch, stepsInEpoch);
        stepsInEpoch = 0;
        epochsEnded++;
    }

    void reset() {
        epochsEnded = 0;
        stepsInEpoch = 0;
        longestEpoch = 0;
    }

    void save(Map<String, double[]> values) {
        values.put(KEY, new double[] {epochsEnded, stepsInEpoch, longestEpoch});
    }

    void restore(CombinerState state) {
        double[] v = state.get(KEY);
        if (v.length != 3 || !StateValues.isCount(v[0]) || !StateValues.isCount(v[1])
                || !StateValues.isCount(v[2])) {
            throw new IllegalArgumentException("state value '" + KEY + "' of " + state.owner()
                    + " must hold 3 integers >= 0 (epochs ended, steps in the epoch, longest epoch), got "
                    + Arrays.toString(v));
        }
        epochsEnded = (long) v[0];
        stepsInEpoch = (long) v[1];
        longestEpoch = (long) v[2];
    }
}
