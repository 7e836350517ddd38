package org.mto4j.training;

import java.util.List;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskLosses;

/**
 * One multi-task training step on a model: per-task gradients (or one weighted-loss gradient), the combiner, the
 * updater. The adapters build it over a user's model: {@code SameDiffMultiTask} over a SameDiff graph,
 * {@code ComputationGraphMultiTask} over a DL4J ComputationGraph.
 * <pre>
 *   for (int epoch = 0; epoch &lt; epochs; epoch++) {
 *       for (B batch : batches) {
 *           StepReport r = step.fit(batch);          // losses, weights, timings of this step
 *       }
 *       step.endEpoch(meanLossesOfTheEpoch);         // per-epoch methods (DWA) need it; a no-op for the others
 *   }
 * </pre>
 *
 * <p>Lifecycle: build one per training run. {@link #checkpoint()} / {@link #restore} continue a run exactly
 * (parameters, updater state, combiner state, the state of the updater of a learnable weighting's parameters,
 * counters).
 *
 * <p>Thread safety: none; a step and its model belong to one thread at a time. Several steps, each over its own
 * model instance and combiner, may train concurrently in one JVM.
 *
 * @param <B> the batch type: placeholder values for SameDiff, a {@code MultiDataSet} for DL4J
 * @since 0.1.0
 */
public interface MultiTaskStep<B> {

    /**
     * Trains on one batch: gradients, combination, one update of every trained parameter (and of the combiner's
     * learnable weighting's parameters, unless the method trains them itself).
     *
     * @return the step's losses (before the update), weights and timings
     * @throws IllegalArgumentException for a batch that does not fit the model (the message names what is missing)
     * @throws ArithmeticException      if a task loss is NaN or infinite (training diverged); nothing was updated
     */
    StepReport fit(B batch);

    /**
     * The K task losses on a batch in inference mode (no dropout, no update): for validation and early stopping.
     *
     * @throws ArithmeticException if a task loss is NaN or infinite
     */
    TaskLosses evaluate(B batch);

    /**
     * Ends an epoch: passes the epoch's mean task losses to the combiner's {@code endEpoch} (DWA and other
     * per-epoch methods use them) and advances the epoch count that learning-rate schedules see.
     *
     * @param epochMeanLosses the mean of each task's training loss over the epoch (K values)
     * @throws IllegalArgumentException for a wrong number of losses
     */
    void endEpoch(TaskLosses epochMeanLosses);

    /** The task names, in task order (the order of losses and weights everywhere). */
    List<String> taskNames();

    /** K. */
    default int numTasks() {
        return taskNames().size();
    }

    /** The combiner (its state advances with every step). */
    GradientCombiner combiner();

    /** Which path this step takes: one weighted-loss backward pass, or K per-task passes. */
    ExecutionPath executionPath();

    /** Updates done so far; the next step's update uses this iteration count. */
    int iteration();

    /** Epochs ended so far with {@link #endEpoch}. */
    int epoch();

    /** A snapshot of everything needed to continue this run exactly. */
    TrainingCheckpoint checkpoint();

    /**
     * Continues from a checkpoint of this step or of a step built the same way.
     *
     * @throws IllegalArgumentException if the checkpoint does not fit (other number of parameters or updater
     *                                  values, or another combiner's state)
     */
    void restore(TrainingCheckpoint checkpoint);
}
