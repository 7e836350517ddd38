package org.mto4j.optimizers;

import java.util.Arrays;

import org.mto4j.core.CombinerState;

/**
 * Reading a {@link CombinerState} back with checks that name the method, the key and the value: counters are
 * integers &ge; 0, vectors have the expected length and finite entries, and an empty array stands for "not yet".
 */
final class StateValues {

    private StateValues() {
    }

    /**
     * The state, checked to be present and to belong to {@code owner}.
     *
     * @throws IllegalArgumentException if it is null or another method's (naming both owners)
     */
    static CombinerState owned(CombinerState state, String owner) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        return state.requireOwner(owner);
    }

    /** An array for a snapshot: a copy of {@code values}, or an empty array for null ("not yet set"). */
    static double[] orEmpty(double[] values) {
        return values == null ? new double[0] : values.clone();
    }

    /** The one integer &ge; 0 stored under {@code key}. */
    static long counter(CombinerState state, String key) {
        double[] v = state.get(key);
        if (v.length != 1 || !isCount(v[0])) {
            throw new IllegalArgumentException("state value '" + key + "' of " + state.owner()
                    + " must be one integer >= 0, got " + Arrays.toString(v));
        }
        return (long) v[0];
    }

    /** True for an integer in [0, 2⁵³), a count stored exactly as a double. */
    static boolean isCount(double x) {
        return x >= 0 && x == Math.rint(x) && x < 0x1p53;
    }

    /**
     * The vector stored under {@code key}, or null when it is empty.
     *
     * @param length the length it must have when not empty, or -1 for any length
     */
    static double[] vectorOrNull(CombinerState state, String key, int length) {
        double[] v = state.get(key);
        if (v.length == 0) {
            return null;
        }
        if (length >= 0 && v.length != length) {
            throw new IllegalArgumentException("state value '" + key + "' of " + state.owner() + " must hold "
                    + length + " values, got " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("state value '" + key + "' of " + state.owner()
                        + " must be finite, got " + Arrays.toString(v));
            }
        }
        return v;
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
