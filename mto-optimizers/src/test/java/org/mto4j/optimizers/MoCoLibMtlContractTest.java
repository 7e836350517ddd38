package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** MoCo as LibMTL runs it (loss-scaled unit gradients, softmax). */
class MoCoLibMtlContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return MoCo.libMtl();
    }

    @Override
    protected boolean isLinear() {
        return false;
    }
}
