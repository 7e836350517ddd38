package org.mto4j.optimizers;

import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

class MeanContractTest extends GradientCombinerContract {
    @Override
    protected GradientCombiner create() {
        return Combiners.create("mean");
    }
}
