package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;
import org.mto4j.core.LossWeightingCombiner;

/** Scalarization with unequal fixed weights; weights follow the tasks, so it is not permutation equivariant. */
class StaticWeightingContractTest extends GradientCombinerContract {
    @Override
    protected GradientCombiner create() {
        return new LossWeightingCombiner(StaticWeighting.of(0.5, 1.0, 2.0, 0.25).withNormalize(true));
    }

    @Override
    protected boolean fixedNumTasks() {
        return true; // four fixed weights
    }

    @Override
    protected boolean isPermutationEquivariant() {
        return false;
    }
}
