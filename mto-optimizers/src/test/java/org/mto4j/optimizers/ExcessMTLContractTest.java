package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** ExcessMTL in the paper's convention (weights sum to 1). */
class ExcessMTLContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return ExcessMTL.defaults();
    }
}
