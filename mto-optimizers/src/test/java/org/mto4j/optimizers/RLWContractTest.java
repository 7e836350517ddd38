package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;
import org.mto4j.core.LossWeightingCombiner;

class RLWContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return new LossWeightingCombiner(RLW.defaults().withSeed(11));
    }

    /** The draw belongs to positions, not to tasks: permuting the tasks does not permute the weights. */
    @Override
    protected boolean isPermutationEquivariant() {
        return false;
    }
}
