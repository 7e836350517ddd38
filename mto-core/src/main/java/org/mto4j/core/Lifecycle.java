package org.mto4j.core;

/**
 * What every combiner and weighting shares: a name, whether it needs losses, and the state lifecycle.
 *
 * <p>Stateless implementations are immutable and thread-safe; the defaults here describe them. Stateful ones
 * (GradVac's moving averages, Nash-MTL's previous weights, DWA's loss history, ...) are not thread-safe, override
 * {@link #isStateful()}, {@link #reset()}, {@link #snapshot()} and {@link #restore(CombinerState)}. Each call that
 * produces weights advances the state by exactly one step.
 *
 * <p><b>copy() versus snapshot/restore.</b> {@code copy()} (of a combiner or a weighting) gives the same
 * configuration with FRESH state, as Tribuo's optimisers do: the copy behaves as a new instance built with the same
 * options, whatever the original has seen, and the two evolve independently. To continue a run where it is (a
 * checkpoint, or a second instance that picks up from the first), take {@link #snapshot()} and
 * {@link #restore(CombinerState)} it into an instance of the same configuration. Stateless methods return themselves
 * from {@code copy()}. The contract suite holds every method to this.
 *
 * @since 0.1.0
 */
public interface Lifecycle {

    /** {@return the registry name (lower case, as in {@link Combiners#names()})} */
    String name();

    /** {@return true if the method cannot run without the K task losses} */
    default boolean needsLosses() {
        return false;
    }

    /** {@return true if results depend on earlier steps} */
    default boolean isStateful() {
        return false;
    }

    /** Forgets earlier steps: the next step behaves as the first. No-op for stateless methods. */
    default void reset() {
    }

    /**
     * Tells a method that works per epoch (DWA's loss history, STCH's warm-up) that a training epoch has ended.
     * A training loop calls it once after each epoch, before the next epoch's first step. No-op for every other
     * method, so a loop may always call it.
     *
     * @param epochMeanLosses the mean of each task's training loss over the epoch that ended (K values)
     * @throws IllegalArgumentException if the losses do not suit the method (wrong count, or values it cannot take)
     */
    default void endEpoch(TaskLosses epochMeanLosses) {
        Checks.notNull(epochMeanLosses, "epochMeanLosses");
    }

    /** {@return the state after the last step; restoring it later makes the following steps repeat exactly} */
    default CombinerState snapshot() {
        return CombinerState.empty(name());
    }

    /**
     * Replaces the state by a snapshot taken from a method of the same name and configuration.
     *
     * @param state a snapshot from {@link #snapshot()} of a method with the same name
     * @throws IllegalArgumentException if the snapshot belongs to another method
     */
    default void restore(CombinerState state) {
        Checks.notNull(state, "state").requireOwner(name());
    }
}
