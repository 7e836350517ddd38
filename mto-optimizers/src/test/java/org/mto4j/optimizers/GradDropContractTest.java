package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** GradDrop with seed 3: coordinate-wise masks, not a weighted sum of the rows. */
class GradDropContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return GradDrop.defaults().withSeed(3);
    }

    @Override
    protected boolean isLinear() {
        return false;
    }
}
