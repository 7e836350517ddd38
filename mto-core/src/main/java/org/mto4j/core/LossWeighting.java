package org.mto4j.core;

/**
 * A method whose task weights come from the losses alone (or from nothing at all: static weights, random
 * weights). Apply it either as a weighted loss Σ wᵢ Lᵢ with one backward pass, or through
 * {@link LossWeightingCombiner} as d = Jᵀw over per-task gradients (one read of J, no Gram matrix).
 *
 * @since 0.1.0
 */
public interface LossWeighting extends Lifecycle {

    /**
     * The weights of one step. Advances the state of a stateful weighting by one step.
     *
     * @param numTasks K &ge; 1
     * @param losses   the K task losses, or null when the caller has none (then {@link #needsLosses()} is false)
     * @return K weights with their diagnostics
     */
    Weights weigh(int numTasks, TaskLosses losses);

    /** {@return same configuration, FRESH state; stateless weightings return themselves (see {@link Lifecycle})} */
    default LossWeighting copy() {
        if (isStateful()) {
            throw new IllegalStateException(getClass().getName() + " is stateful and must override copy()");
        }
        return this;
    }
}
