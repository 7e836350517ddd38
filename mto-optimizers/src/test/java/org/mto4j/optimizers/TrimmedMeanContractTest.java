package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** TrimmedMean with one value trimmed at each end (K = 4). */
class TrimmedMeanContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return TrimmedMean.defaults();
    }

    /** trim_number = 1 needs K &ge; 3. */
    @Override
    protected int minNumTasks() {
        return 3;
    }

    @Override
    protected boolean isLinear() {
        return false;
    }
}
