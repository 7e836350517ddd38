package org.mto4j.optimizers;

import org.mto4j.core.CrossBatchCombiner;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** MoDo with one batch, a step size that moves lambda visibly. */
class MoDoContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return new CrossBatchCombiner(MoDo.defaults().withGamma(0.05));
    }
}
