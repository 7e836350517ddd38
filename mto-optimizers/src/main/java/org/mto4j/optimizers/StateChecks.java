package org.mto4j.optimizers;

import java.util.Arrays;

import org.mto4j.core.CombinerState;

/**
 * Reading a {@link CombinerState} back, with messages that name the method, the key and the value: a counter is one
 * integer &ge; 0; a vector has the expected length and finite entries, or is empty for "not yet set".
 */
final class StateChecks {

    private StateChecks() {
    }

    /**
     * The state itself, checked to be present and to belong to {@code owner}.
     *
     * @throws IllegalArgumentException for null or another method's state
     */
    static CombinerState owned(CombinerState state, String owner) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        return state.requireOwner(owner);
    }

    /** The one integer &ge; 0 stored under {@code key}. */
    static long counter(CombinerState state, String key) {
        double[] v = state.get(key);
        if (v.length != 1 || !(v[0] >= 0) || v[0] != Math.rint(v[0]) || v[0] >= 0x1p53) {
            throw new IllegalArgumentException("state value '" + key + "' of " + state.owner()
                    + " must be one integer >= 0, got " + Arrays.toString(v));
        }
        return (long) v[0];
    }

    /** The finite vector stored under {@code key}, or null when it is empty. */
    static double[] vectorOrNull(CombinerState state, String key) {
        double[] v = state.get(key);
        if (v.length == 0) {
            return null;
        }
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("state value '" + key + "' of " + state.owner()
                        + " must be finite, got " + Arrays.toString(v));
            }
        }
        return v;
    }

    /** A copy of {@code values} for a snapshot, or an empty array for null ("not yet set"). */
    static double[] orEmpty(double[] values) {
        return values == null ? new double[0] : values.clone();
    }

    /**
     * Checks that state sized for K tasks (or not yet sized: null) suits a step with {@code k} tasks.
     *
     * @throws IllegalArgumentException naming both counts otherwise
     */
    static void requireTasks(String method, double[] state, int k) {
        if (state != null && state.length != k) {
            throw new IllegalArgumentException(method + " holds state for K = " + state.length
                    + " tasks but got K = " + k + "; call reset() when the tasks change");
        }
    }
}
