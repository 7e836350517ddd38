package org.mto4j.core;

/** The contract suite on the GEMV-only path, with a stateful weighting that needs losses. */
class LossWeightingCombinerContractTest extends GradientCombinerContract {
    @Override
    protected GradientCombiner create() {
        return new LossWeightingCombiner(new TestWeightings.GrowingLossWeighting());
    }
}
