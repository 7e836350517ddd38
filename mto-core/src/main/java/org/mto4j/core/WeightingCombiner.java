package org.mto4j.core;

import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The lifecycle delegation and allocation shared by the two combiners that run a weighting. */
abstract class WeightingCombiner<W extends Lifecycle> implements GradientCombiner {

    final W weighting;

    WeightingCombiner(W weighting) {
        this.weighting = Checks.notNull(weighting, "weighting");
    }

    /** {@return the weighting this combiner runs} */
    public W weighting() {
        return weighting;
    }

    @Override
    public Combination combine(TaskGradients gradients, TaskLosses losses) {
        Checks.notNull(gradients, "gradients");
        return combineInto(gradients, losses, DirectionKernel.allocate(gradients));
    }

    @Override
    public abstract Combination combineInto(TaskGradients gradients, TaskLosses losses, INDArray out);

    @Override
    public Optional<LearnableWeighting> learnableWeighting() {
        return weighting instanceof LearnableWeighting ? Optional.of((LearnableWeighting) weighting)
                : Optional.empty();
    }

    @Override
    public String name() {
        return weighting.name();
    }

    @Override
    public boolean needsLosses() {
        return weighting.needsLosses();
    }

    @Override
    public boolean isStateful() {
        return weighting.isStateful();
    }

    @Override
    public void reset() {
        weighting.reset();
    }

    @Override
    public void endEpoch(TaskLosses epochMeanLosses) {
        weighting.endEpoch(epochMeanLosses);
    }

    @Override
    public CombinerState snapshot() {
        return weighting.snapshot();
    }

    @Override
    public void restore(CombinerState state) {
        weighting.restore(state);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((WeightingCombiner<?>) o).weighting.equals(weighting);
    }

    @Override
    public int hashCode() {
        return 31 * getClass().hashCode() + weighting.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + weighting + "]";
    }
}
