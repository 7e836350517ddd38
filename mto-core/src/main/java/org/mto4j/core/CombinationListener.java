package org.mto4j.core;

/**
 * Sees every step's {@link Combination}: weights, diagnostics, and through its Gram matrix the task gradient norms
 * and cosines. Called on the training thread right after the combination, so keep it cheap.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CombinationListener {

    /**
     * @param step        0 for the first step a combiner observed, then 1, 2, ...
     * @param combination the step's result; its direction is the caller's buffer, valid until the next step
     */
    void onCombination(long step, Combination combination);
}
