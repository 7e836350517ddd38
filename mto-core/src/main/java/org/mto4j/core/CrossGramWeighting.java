package org.mto4j.core;

/**
 * A double-sampling method: its weights come from the cross Gram matrix C = J₁ J₂ᵀ of two independent batches, and
 * its direction is d = J₃ᵀw over a third batch (MoDo, SDMGrad). Sampling the batches independently makes the
 * weights' estimate of the true Gram matrix unbiased. Cross Gram weightings work on K x K doubles on the host, so
 * they are tested without ND4J; {@link CrossBatchCombiner} runs any of them.
 *
 * @since 0.1.0
 */
public interface CrossGramWeighting extends Lifecycle {

    /**
     * The weights of one step, applied to the third batch. Advances the state of a stateful weighting by one step.
     *
     * @param crossGramian C = J₁ J₂ᵀ (or J Jᵀ when the caller has a single batch); not modified
     * @param losses       the K task losses, or null when the caller has none (then {@link #needsLosses()} is
     *                     false); callers have already checked their count against K
     * @return K finite weights w, with d = J₃ᵀw
     */
    Weights weigh(CrossGramian crossGramian, TaskLosses losses);

    /**
     * Same configuration, fresh state; stateless weightings return themselves.
     *
     * @return the copy
     */
    default CrossGramWeighting copy() {
        if (isStateful()) {
            throw new IllegalStateException(getClass().getName() + " is stateful and must override copy()");
        }
        return this;
    }
}
