package org.mto4j.pareto;

/**
 * Whether an objective is to be minimized or maximized.
 *
 * <p>Every point set in this package comes with one {@code Sense} per objective. Internally a
 * maximized objective f is handled as the minimized objective −f; results are always reported in the
 * caller's own units and senses.
 *
 * <p>Thread safety: an enum, immutable.
 *
 * @since 0.1.0
 */
public enum Sense {
    /** Smaller values are better. */
    MINIMIZE,
    /** Larger values are better. */
    MAXIMIZE;

    /**
     * Returns {@code m} copies of this sense, for the common case where every objective has the same sense.
     *
     * @param m number of objectives, {@code m >= 0}
     * @return a new array of length {@code m}
     */
    public Sense[] times(int m) {
        if (m < 0) {
            throw new IllegalArgumentException("m must be >= 0, got " + m);
        }
        Sense[] senses = new Sense[m];
        java.util.Arrays.fill(senses, this);
        return senses;
    }

    /** Returns {@code value} in minimization form: itself for MINIMIZE, its negation for MAXIMIZE. */
    double toMinimization(double value) {
        return this == MINIMIZE ? value : -value;
    }
}
