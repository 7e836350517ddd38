package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;
import org.mto4j.core.GramCombiner;

class UPGradContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return new GramCombiner(new UPGrad());
    }
}
