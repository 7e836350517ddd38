package org.mto4j.training;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.LossWeightingCombiner;

/**
 * How a training step gets its gradient: the choice that decides what a step costs.
 *
 * @since 0.1.0
 */
public enum ExecutionPath {

    /**
     * ONE backward pass of the weighted loss Σ wᵢ Lᵢ, with w from the combiner's {@code LossWeighting}: the cost of
     * ordinary single-task training. Taken for every {@link LossWeightingCombiner} (static, sum, mean, rlw, and the
     * other loss weightings). No Jacobian is formed.
     */
    WEIGHTED_LOSS,

    /**
     * K backward passes, one per task, filling the K x P Jacobian J of the shared parameters; the combiner turns J
     * into the shared parameters' direction. Taken for every other combiner (MGDA, PCGrad, UPGrad, ...).
     */
    PER_TASK_GRADIENTS;

    /** The path a combiner needs: {@link #WEIGHTED_LOSS} for a {@link LossWeightingCombiner}, else K passes. */
    public static ExecutionPath of(GradientCombiner combiner) {
        if (combiner == null) {
            throw new IllegalArgumentException("combiner must not be null");
        }
        return combiner instanceof LossWeightingCombiner ? WEIGHTED_LOSS : PER_TASK_GRADIENTS;
    }
}
