package org.mto4j.core;

/**
 * A method whose direction lies in the span of the task gradients and whose weights depend on J only through
 * its Gram matrix: w = f(G, losses), then d = Jᵀw. Gram weightings work on K x K doubles on the host, so they are
 * tested without ND4J; {@link GramCombiner} turns any of them into a {@link GradientCombiner}.
 *
 * @since 0.1.0
 */
public interface GramWeighting extends Lifecycle {

    /**
     * The weights of one step. Advances the state of a stateful weighting by one step.
     *
     * @param gramian G = J Jᵀ; not modified
     * @param losses  the K task losses, or null when the caller has none (then {@link #needsLosses()} is false);
     *                callers have already checked their count against K
     * @return K weights with the solver's diagnostics
     */
    Weights weigh(Gramian gramian, TaskLosses losses);

    /** {@return same configuration, independent state; stateless weightings return themselves} */
    default GramWeighting copy() {
        if (isStateful()) {
            throw new IllegalStateException(getClass().getName() + " is stateful and must override copy()");
        }
        return this;
    }
}
