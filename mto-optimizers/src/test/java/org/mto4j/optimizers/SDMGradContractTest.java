package org.mto4j.optimizers;

import org.mto4j.core.CrossBatchCombiner;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** SDMGrad with one batch. */
class SDMGradContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return new CrossBatchCombiner(SDMGrad.defaults());
    }
}
