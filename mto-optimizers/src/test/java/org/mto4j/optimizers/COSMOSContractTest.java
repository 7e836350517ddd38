package org.mto4j.optimizers;

import java.util.Map;

import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** COSMOS with sampled preference rays. */
class COSMOSContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return Combiners.create("cosmos", Map.of("seed", 5L));
    }

    /** The ray belongs to positions, not to tasks: permuting the tasks does not permute the weights. */
    @Override
    protected boolean isPermutationEquivariant() {
        return false;
    }
}
