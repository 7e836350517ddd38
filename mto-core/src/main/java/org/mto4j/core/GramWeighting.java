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

    /**
     * True when the weights depend on G only through ratios of its entries: the weights of c² G equal those of G
     * for every c &gt; 0, apart from absolute thresholds (norm_eps, ε) that act only on gradients many orders of
     * magnitude below 1. Such a weighting also runs on gradients whose squared norms exceed double's range, on the
     * Gram matrix of J / s ({@link Gramian#unitScale()}); the others are refused there. False unless a method says
     * so; a test checks every method that says so.
     *
     * @return whether the weights are invariant to a positive scaling of G
     */
    default boolean isScaleInvariant() {
        return false;
    }

    /** {@return same configuration, FRESH state; stateless weightings return themselves (see {@link Lifecycle})} */
    default GramWeighting copy() {
        if (isStateful()) {
            throw new IllegalStateException(getClass().getName() + " is stateful and must override copy()");
        }
        return this;
    }
}
