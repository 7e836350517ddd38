package org.mto4j.training;

import org.mto4j.core.GradientCombiner;

/**
 * How a training step gets its gradient: the choice that decides what a step costs.
 *
 * @since 0.1.0
 */
public enum ExecutionPath {

    /**
     * ONE backward pass of the weighted loss Σ wᵢ Lᵢ, with w from the combiner's {@code LossWeighting}: the cost of
     * ordinary single-task training. Taken for every combiner that has a
     * {@link GradientCombiner#lossWeighting() loss weighting} (static, sum, mean, rlw, uw, and the other loss
     * weightings), also when wrapped by {@code withListener}, whose listener then sees every step. No Jacobian is
     * formed.
     */
    WEIGHTED_LOSS,

    /**
     * K backward passes, one per task, filling the K x P Jacobian J of the shared parameters; the combiner turns J
     * into the shared parameters' direction. Taken for every other combiner (MGDA, PCGrad, UPGrad, ...).
     */
    PER_TASK_GRADIENTS;

    /** The path a combiner needs: {@link #WEIGHTED_LOSS} for a loss weighting, else K passes. */
    public static ExecutionPath of(GradientCombiner combiner) {
        if (combiner == null) {
            throw new IllegalArgumentException("combiner must not be null");
        }
        return combiner.lossWeighting().isPresent() ? WEIGHTED_LOSS : PER_TASK_GRADIENTS;
    }
}
