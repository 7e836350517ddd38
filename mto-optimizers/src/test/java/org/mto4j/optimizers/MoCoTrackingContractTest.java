package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** MoCo with beta_t = 1: Y is this step's gradients, so the reported weights reproduce d. */
class MoCoTrackingContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return MoCo.defaults().withBeta(1).withBetaSigma(0);
    }
}
