package org.mto4j.core;

/** The contract suite on the cross-batch combiner used with one batch, with a stateful cross Gram weighting. */
class CrossBatchCombinerContractTest extends GradientCombinerContract {
    @Override
    protected GradientCombiner create() {
        return new CrossBatchCombiner(new TestWeightings.DiagonalShare());
    }
}
