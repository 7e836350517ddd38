package org.mto4j.training;

import java.util.Arrays;

import org.mto4j.core.Diagnostics;
import org.mto4j.core.TaskLosses;

/**
 * What one training step did: the K losses, the task weights, and where the time went. Immutable.
 *
 * <p>Times are wall-clock nanoseconds of this step, measured by the step itself:
 * <ul>
 *   <li>{@link #passNanos()}: forward and backward passes; one entry per task on
 *   {@link ExecutionPath#PER_TASK_GRADIENTS}, one entry on {@link ExecutionPath#WEIGHTED_LOSS};</li>
 *   <li>{@link #forwardNanos()}: the forward pass that reads the losses before the weighted backward pass, for
 *   loss weightings that need the losses (0 otherwise);</li>
 *   <li>{@link #gramNanos()}, {@link #solveNanos()}, {@link #combineNanos()}: the Gram matrix, the weights' solve
 *   and d = Jᵀw, measured separately for a {@code GramCombiner}; for any other combiner the whole combination is
 *   in {@code combineNanos}; on the weighted-loss path the weighting's time is {@code solveNanos};</li>
 *   <li>{@link #updateNanos()}: regularization, updater and parameter update, and the step of a learnable
 *   weighting's parameters that the step trains.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class StepReport {

    private final int iteration;
    private final ExecutionPath path;
    private final double[] losses;
    private final double[] weights;
    private final Diagnostics diagnostics;
    private final long[] passNanos;
    private final long forwardNanos;
    private final long gramNanos;
    private final long solveNanos;
    private final long combineNanos;
    private final long updateNanos;

    StepReport(int iteration, ExecutionPath path, double[] losses, double[] weights, Diagnostics diagnostics,
               long[] passNanos, long forwardNanos, long gramNanos, long solveNanos, long combineNanos,
               long updateNanos) {
        this.iteration = iteration;
        this.path = path;
        this.losses = losses.clone();
        this.weights = weights.clone();
        this.diagnostics = diagnostics;
        this.passNanos = passNanos.clone();
        this.forwardNanos = forwardNanos;
        this.gramNanos = gramNanos;
        this.solveNanos = solveNanos;
        this.combineNanos = combineNanos;
        this.updateNanos = updateNanos;
    }

    /** The iteration count this step's update used (0 for the first step of a run). */
    public int iteration() {
        return iteration;
    }

    public ExecutionPath path() {
        return path;
    }

    /** A copy of the K task losses of this step's batch, before the update. */
    public double[] losses() {
        return losses.clone();
    }

    /** The losses as {@link TaskLosses}. */
    public TaskLosses taskLosses() {
        return TaskLosses.of(losses);
    }

    /** A copy of the K task weights the combiner or loss weighting chose. */
    public double[] weights() {
        return weights.clone();
    }

    /** How the weights were obtained (solver, convergence). */
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** A copy of the forward+backward pass times: K entries (per task) or 1 (the weighted loss). */
    public long[] passNanos() {
        return passNanos.clone();
    }

    public long forwardNanos() {
        return forwardNanos;
    }

    public long gramNanos() {
        return gramNanos;
    }

    public long solveNanos() {
        return solveNanos;
    }

    public long combineNanos() {
        return combineNanos;
    }

    public long updateNanos() {
        return updateNanos;
    }

    /** The sum of all the times above. */
    public long totalNanos() {
        long sum = forwardNanos + gramNanos + solveNanos + combineNanos + updateNanos;
        for (long p : passNanos) {
            sum += p;
        }
        return sum;
    }

    @Override
    public String toString() {
        return "StepReport[iteration=" + iteration + ", " + path + ", losses=" + Arrays.toString(losses)
                + ", weights=" + Arrays.toString(weights) + ", passes=" + Arrays.toString(passNanos) + " ns, total="
                + totalNanos() + " ns]";
    }
}
