package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** TrimmedMean with one value trimmed at each end (K = 4). */
class TrimmedMeanContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return TrimmedMean.defaults();
    }

    @Override
    protected boolean isLinear() {
        return false;
    }
}
