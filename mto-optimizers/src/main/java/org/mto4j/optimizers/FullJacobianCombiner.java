package org.mto4j.optimizers;

import org.mto4j.core.Combination;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the full-Jacobian methods (GradDrop, TrimmedMean, MoCo, DB-MTL, ExcessMTL) share: the argument checks, done
 * before a step touches any state, and the allocating {@link #combine}. Each method implements {@link #step}.
 */
abstract class FullJacobianCombiner implements GradientCombiner {

    @Override
    public final Combination combine(TaskGradients gradients, TaskLosses losses) {
        requireGradients(gradients);
        return combineInto(gradients, losses, Nd4j.create(gradients.dataType(), gradients.numParams()));
    }

    @Override
    public final Combination combineInto(TaskGradients gradients, TaskLosses losses, INDArray out) {
        requireGradients(gradients);
        gradients.checkDirection(out);
        if (losses == null) {
            if (needsLosses()) {
                throw new IllegalArgumentException("losses are required by '" + name()
                        + "': pass TaskLosses with one value for each of the " + gradients.numTasks() + " tasks");
            }
        } else {
            losses.requireSize(gradients.numTasks());
        }
        return step(gradients, losses, out);
    }

    private static void requireGradients(TaskGradients gradients) {
        if (gradients == null) {
            throw new IllegalArgumentException("gradients must not be null");
        }
    }

    /**
     * One step on checked arguments: d into {@code out}, the state advanced by one step.
     *
     * @param losses the K losses, present when {@link #needsLosses()}
     */
    abstract Combination step(TaskGradients gradients, TaskLosses losses, INDArray out);
}
