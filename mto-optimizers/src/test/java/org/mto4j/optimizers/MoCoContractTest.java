package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** MoCo as in the paper: d mixes this step's gradients with the tracked ones. */
class MoCoContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return MoCo.defaults();
    }

    @Override
    protected boolean isLinear() {
        return false;
    }
}
