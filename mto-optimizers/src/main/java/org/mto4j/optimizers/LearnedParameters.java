package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Map;

import org.mto4j.core.CombinerState;

/**
 * A method's K learnable parameters (UW's and IMTL-L's log-scales, FAMO's logits, GradNorm's weights): their
 * values, created at the first step with one initial value each, the gradient of the method's own objective at the
 * last step, and an optional built-in {@link SmallAdam}. This is the shared state behind
 * {@link org.mto4j.core.LearnableWeighting}. Not thread-safe.
 */
final class LearnedParameters {

    private static final String VALUES = "parameters";
    private static final String GRADIENT = "gradient";

    private final String method;
    private final double initialValue;
    private final SmallAdam adam; // null: the caller updates the values
    private double[] values;
    private double[] gradient;

    /**
     * @param method       the owner's name, for messages
     * @param initialValue every parameter's value before the first update
     * @param adam         the built-in optimizer, or null when the caller trains the parameters
     */
    LearnedParameters(String method, double initialValue, SmallAdam adam) {
        this.method = method;
        this.initialValue = initialValue;
        this.adam = adam;
    }

    /** The live values for K tasks, created at the first call; not a copy. */
    double[] forTasks(int numTasks) {
        if (values == null) {
            values = new double[numTasks];
            Arrays.fill(values, initialValue);
        } else if (values.length != numTasks) {
            throw new IllegalArgumentException("'" + method + "' holds parameters for K = " + values.length
                    + " tasks and now gets K = " + numTasks + "; call reset() before changing the number of tasks");
        }
        return values;
    }

    /** Records the gradient of the last step (not copied: the caller hands it over) and runs Adam if built in. */
    void applyGradient(double[] grad) {
        gradient = grad;
        if (adam != null) {
            adam.step(values, grad);
        }
    }

    /** A copy of the values, or an empty array before the first step. */
    double[] values() {
        return StateValues.orEmpty(values);
    }

    /** A copy of the last gradient, or an empty array before there is one. */
    double[] gradient() {
        return StateValues.orEmpty(gradient);
    }

    /** Replaces the values (a user's own updater); also fixes K if no step has been taken. */
    void set(double[] newValues) {
        if (newValues == null) {
            throw new IllegalArgumentException("parameters of '" + method + "' must not be null");
        }
        if (newValues.length == 0 || values != null && newValues.length != values.length) {
            throw new IllegalArgumentException("parameters of '" + method + "' must hold one value per task ("
                    + (values == null ? "K >= 1" : "K = " + values.length) + "), got " + newValues.length);
        }
        for (int i = 0; i < newValues.length; i++) {
            if (!Double.isFinite(newValues[i])) {
                throw new IllegalArgumentException("parameters of '" + method + "' must be finite, got parameter "
                        + i + " = " + newValues[i]);
            }
        }
        values = newValues.clone();
    }

    void reset() {
        values = null;
        gradient = null;
        if (adam != null) {
            adam.reset();
        }
    }

    void save(Map<String, double[]> state) {
        state.put(VALUES, StateValues.orEmpty(values));
        state.put(GRADIENT, StateValues.orEmpty(gradient));
        if (adam != null) {
            adam.save(state);
        }
    }

    void restore(CombinerState state) {
        double[] savedValues = StateValues.vectorOrNull(state, VALUES, -1);
        double[] savedGradient = StateValues.vectorOrNull(state, GRADIENT, savedValues == null ? 0
                : savedValues.length);
        if (adam != null) {
            adam.restore(state);
        }
        values = savedValues;
        gradient = savedGradient;
    }
}
