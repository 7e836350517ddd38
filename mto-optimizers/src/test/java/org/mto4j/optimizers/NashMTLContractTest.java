package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;
import org.mto4j.core.GramCombiner;

/** Nash-MTL with weights updated every other step, so that the state lifecycle is exercised. */
class NashMTLContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return new GramCombiner(NashMTL.defaults().withUpdateWeightsEvery(2));
    }
}
