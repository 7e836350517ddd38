package org.mto4j.optimizers;

import java.util.Map;

import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** GradNorm (the paper's rule) with a learning rate large enough that its weights move visibly. */
class GradNormContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return Combiners.create("gradnorm", Map.of("lr", 0.1));
    }
}
