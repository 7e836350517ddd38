package org.mto4j.core;

import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Combines K per-task gradients into one update direction d (length P).
 *
 * <p>Lifecycle: build one per training run (usually by {@link Combiners#create(String, java.util.Map)}), call
 * {@link #combineInto} once per step with a direction buffer you reuse, hand the direction to your updater.
 * J is never modified. Stateless combiners are immutable and may be shared between threads; stateful ones are
 * not thread-safe (see {@link Lifecycle}).
 *
 * @since 0.1.0
 */
public interface GradientCombiner extends Lifecycle {

    /**
     * Combines into a newly allocated direction of length P and J's data type.
     *
     * @param gradients J, K x P; not modified
     * @param losses    the K losses, or null; required when {@link #needsLosses()}
     * @return the direction (a new array), the weights and diagnostics
     * @throws IllegalArgumentException for losses missing when required, a wrong number of losses, or
     *                                  non-finite gradients (the message names the task rows)
     */
    Combination combine(TaskGradients gradients, TaskLosses losses);

    /**
     * {@link #combine(TaskGradients, TaskLosses)} without losses.
     *
     * @param gradients J, K x P; not modified
     * @return the direction, weights and diagnostics
     * @throws IllegalArgumentException if the method needs losses, or for non-finite gradients
     */
    default Combination combine(TaskGradients gradients) {
        return combine(gradients, null);
    }

    /**
     * Combines into a caller's array, allocating nothing of size P when {@code out} is contiguous.
     *
     * @param gradients J, K x P; not modified
     * @param losses    the K losses, or null; required when {@link #needsLosses()}
     * @param out P elements (shape [P], [1, P] or [P, 1]) of J's data type; overwritten with d and returned as
     *            {@link Combination#direction()}
     * @return the combination, whose direction is {@code out}
     * @throws IllegalArgumentException if {@code out} has the wrong length or data type (the message gives both),
     *                                  and as {@link #combine(TaskGradients, TaskLosses)}
     */
    Combination combineInto(TaskGradients gradients, TaskLosses losses, INDArray out);

    /**
     * {@return same configuration, FRESH state (as a new instance with the same options; continuing a run is
     * {@link #snapshot()} / {@link #restore}); stateless combiners return themselves} See {@link Lifecycle}.
     */
    GradientCombiner copy();

    /**
     * A combiner that tells {@code listener} about every step's combination, then returns it.
     *
     * @param listener called after every step, on the calling thread
     * @return a combiner that delegates to this one
     */
    default GradientCombiner withListener(CombinationListener listener) {
        return new ObservedCombiner(this, listener);
    }

    /**
     * The loss weighting this combiner applies as d = Σ wᵢgᵢ, seen through wrappers such as {@link #withListener}.
     * A training loop that finds one can take ONE backward pass of the weighted loss Σ wᵢLᵢ, with
     * w = {@code lossWeighting().weigh(K, losses)}, instead of K per-task passes (mto-training's adapters do); it
     * then hands each step to {@link #notifyListeners}, so that the wrappers' listeners see every step.
     *
     * @return the loss weighting (static, sum, mean, rlw, uw, ...), or empty for a combiner that needs J
     */
    default Optional<LossWeighting> lossWeighting() {
        return Optional.empty();
    }

    /**
     * Passes a step that the caller computed itself, from the weights of {@link #lossWeighting()} and one backward
     * pass of Σ wᵢLᵢ, to the listeners of this combiner and of the combiners it wraps (innermost first, each with
     * its own step count), as {@link #combineInto} would have. A no-op for a combiner without listeners.
     *
     * @param combination the step: d = Σ wᵢgᵢ over the parameters J would have covered (the caller's buffer, valid
     *                    until the caller's next step), the weights {@code lossWeighting().weigh(...)} gave, no
     *                    Gram matrix
     */
    default void notifyListeners(Combination combination) {
        Checks.notNull(combination, "combination");
    }

    /**
     * The parameters of its own that the method learns during training, seen through wrappers such as
     * {@link #withListener}: a training loop trains them unless the method {@link LearnableWeighting#trainsItself()}.
     *
     * @return the method's learnable weighting (UW, IMTL-L, IMTL, FAMO, GradNorm, ...), or empty for methods without
     *         learnable parameters
     */
    default Optional<LearnableWeighting> learnableWeighting() {
        return Optional.empty();
    }
}
