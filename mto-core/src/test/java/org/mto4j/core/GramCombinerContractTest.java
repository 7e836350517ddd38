package org.mto4j.core;

/** The contract suite on the shared Gram path, with a stateless Gram weighting. */
class GramCombinerContractTest extends GradientCombinerContract {
    @Override
    protected GradientCombiner create() {
        return new GramCombiner(new TestWeightings.NormalizedMean());
    }
}
