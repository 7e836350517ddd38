package org.mto4j.core;

import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of one step: the direction d, the task weights w, and how the weights were obtained.
 *
 * <p>For every linear method (all Gram weightings, all loss weightings) d = Σ wᵢ gᵢ. Methods that are not linear
 * in J document what their weights mean.
 *
 * @since 0.1.0
 */
public final class Combination {

    private final INDArray direction;
    private final Weights weights;
    private final Gramian gramian;

    /**
     * @param direction d, length P (held, not copied)
     * @param weights   the step's weights
     * @param gramian   G = J Jᵀ when the method computed it, else null
     */
    public Combination(INDArray direction, Weights weights, Gramian gramian) {
        this.direction = Checks.notNull(direction, "direction");
        this.weights = Checks.notNull(weights, "weights");
        this.gramian = gramian;
    }

    /** {@return d, of length P and J's data type: the caller's array for {@code combineInto}} */
    public INDArray direction() {
        return direction;
    }

    /** {@return a copy of the K task weights} */
    public double[] weights() {
        return weights.values();
    }

    /** {@return the weights with their diagnostics} */
    public Weights weightsWithDiagnostics() {
        return weights;
    }

    /** {@return how the weights were found: solver, convergence, iterations, residual} */
    public Diagnostics diagnostics() {
        return weights.diagnostics();
    }

    /**
     * {@return the Gram matrix when the method computed one (every Gram weighting does); norms and cosines come
     * free}
     */
    public Optional<Gramian> gramian() {
        return Optional.ofNullable(gramian);
    }

    /** {@return K} */
    public int numTasks() {
        return weights.size();
    }

    /** {@return ‖d‖: wᵀGw from the Gram matrix when there is one (no pass over d), else computed from d} */
    public double directionNorm() {
        if (gramian != null) {
            return gramian.directionNorm(weights.values());
        }
        return direction.norm2Number().doubleValue();
    }

    @Override
    public String toString() {
        return "Combination[weights=" + java.util.Arrays.toString(weights.values()) + ", " + weights.diagnostics()
                + ", P=" + direction.length() + "]";
    }
}
