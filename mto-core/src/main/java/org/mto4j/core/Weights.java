package org.mto4j.core;

import java.util.Arrays;

/**
 * The K task weights a weighting produced for one step, with how they were obtained.
 *
 * @since 0.1.0
 */
public final class Weights {

    private final double[] values;
    private final Diagnostics diagnostics;

    /**
     * @param values      K finite weights; copied
     * @param diagnostics how they were obtained
     */
    public Weights(double[] values, Diagnostics diagnostics) {
        Checks.notNull(values, "values");
        this.diagnostics = Checks.notNull(diagnostics, "diagnostics");
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalStateException("weight of task " + i + " is " + values[i] + " (solver "
                        + diagnostics.solver() + "); weights must be finite");
            }
        }
        this.values = values.clone();
    }

    /**
     * Closed-form weights.
     *
     * @param values K finite weights; copied
     * @return the weights with {@link Diagnostics#closedForm()}
     */
    public static Weights of(double... values) {
        return new Weights(values, Diagnostics.closedForm());
    }

    /** {@return a copy of the weights} */
    public double[] values() {
        return values.clone();
    }

    /**
     * The weight of one task.
     *
     * @param i a task index in [0, K)
     * @return the weight of task {@code i}
     */
    public double get(int i) {
        return values[i];
    }

    /** {@return K} */
    public int size() {
        return values.length;
    }

    /** {@return how the weights were found} */
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    @Override
    public String toString() {
        return "Weights" + Arrays.toString(values) + " " + diagnostics;
    }
}
