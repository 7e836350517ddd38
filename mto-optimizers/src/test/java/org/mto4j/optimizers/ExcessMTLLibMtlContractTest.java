package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** ExcessMTL in LibMTL's convention, with a step size that moves the weights visibly. */
class ExcessMTLLibMtlContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return ExcessMTL.of(ExcessMTL.Convention.LIBMTL).withRobustStepSize(0.5);
    }
}
