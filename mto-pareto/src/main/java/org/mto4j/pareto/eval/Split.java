package org.mto4j.pareto.eval;

/**
 * Which metrics of a {@link Run} to read: those on the training data or on the held-out test data.
 *
 * @since 0.1.0
 */
public enum Split {
    /** Metrics measured on the training data (what the scalarization optimized). */
    TRAIN,
    /** Metrics measured on held-out data (what is reported). */
    TEST
}
