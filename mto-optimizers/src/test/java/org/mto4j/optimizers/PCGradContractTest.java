package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;
import org.mto4j.core.GramCombiner;

/** PCGrad with its default random (seeded, stateful) order. */
class PCGradContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return new GramCombiner(PCGrad.defaults());
    }

    @Override
    protected boolean isPermutationEquivariant() {
        return false; // the projection order depends on the task indices
    }
}
