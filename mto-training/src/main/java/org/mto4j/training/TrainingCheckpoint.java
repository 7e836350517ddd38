package org.mto4j.training;

import java.io.Serializable;
import java.util.Arrays;

import org.mto4j.core.CombinerState;

/**
 * Everything a multi-task training step needs to continue a run exactly: the parameters, the updater's state,
 * the combiner's state (with the values of a learnable weighting's parameters), the state of the updater that
 * trains those parameters, and the iteration and epoch counts. Immutable and serializable; values are stored as
 * doubles (exact for FLOAT and DOUBLE models).
 *
 * <p>Take it with {@link MultiTaskStep#checkpoint()}; give it to {@link MultiTaskStep#restore} of the same step or
 * of a new step built the same way (same model, tasks, combiner configuration and updater) and the following
 * steps repeat those of the original run.
 *
 * @since 0.1.0
 */
public final class TrainingCheckpoint implements Serializable {

    private static final long serialVersionUID = 2L;

    private final int iteration;
    private final int epoch;
    private final double[] parameters;
    private final double[] updaterState;
    private final CombinerState combinerState;
    private final double[] weightingUpdaterState;

    /**
     * @param iteration     updates done so far (&ge; 0)
     * @param epoch         epochs finished so far (&ge; 0)
     * @param parameters    every trained parameter, in the step's layout; copied
     * @param updaterState  the updater's state (empty for updaters without state); copied
     * @param combinerState the combiner's {@link CombinerState}
     * @param weightingUpdaterState the state of the updater of a learnable weighting's parameters (empty when the
     *                      step trains none, or its updater has no state); copied
     * @throws IllegalArgumentException for negative counts or null arrays
     */
    public TrainingCheckpoint(int iteration, int epoch, double[] parameters, double[] updaterState,
                              CombinerState combinerState, double[] weightingUpdaterState) {
        if (iteration < 0 || epoch < 0) {
            throw new IllegalArgumentException("iteration and epoch must be >= 0, got " + iteration + " and "
                    + epoch);
        }
        if (parameters == null || updaterState == null || combinerState == null || weightingUpdaterState == null) {
            throw new IllegalArgumentException("parameters, updaterState, combinerState and weightingUpdaterState "
                    + "must not be null");
        }
        this.iteration = iteration;
        this.epoch = epoch;
        this.parameters = parameters.clone();
        this.updaterState = updaterState.clone();
        this.combinerState = combinerState;
        this.weightingUpdaterState = weightingUpdaterState.clone();
    }

    public int iteration() {
        return iteration;
    }

    public int epoch() {
        return epoch;
    }

    /** A copy of the parameters. */
    public double[] parameters() {
        return parameters.clone();
    }

    /** A copy of the updater's state. */
    public double[] updaterState() {
        return updaterState.clone();
    }

    public CombinerState combinerState() {
        return combinerState;
    }

    /** A copy of the state of the updater that trains a learnable weighting's parameters (often empty). */
    public double[] weightingUpdaterState() {
        return weightingUpdaterState.clone();
    }

    /** Number of parameters. */
    public int numParameters() {
        return parameters.length;
    }

    /** Number of updater state values. */
    public int updaterStateSize() {
        return updaterState.length;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrainingCheckpoint)) {
            return false;
        }
        TrainingCheckpoint c = (TrainingCheckpoint) o;
        return iteration == c.iteration && epoch == c.epoch && Arrays.equals(parameters, c.parameters)
                && Arrays.equals(updaterState, c.updaterState) && combinerState.equals(c.combinerState)
                && Arrays.equals(weightingUpdaterState, c.weightingUpdaterState);
    }

    @Override
    public int hashCode() {
        return ((31 * iteration + epoch) * 31 + Arrays.hashCode(parameters)) * 31 + combinerState.hashCode();
    }

    @Override
    public String toString() {
        return "TrainingCheckpoint[iteration=" + iteration + ", epoch=" + epoch + ", " + parameters.length
                + " parameters, " + updaterState.length + " updater values, " + combinerState.owner() + ", "
                + weightingUpdaterState.length + " weighting updater values]";
    }
}
