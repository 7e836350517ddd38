package org.mto4j.optimizers;

import java.util.Map;

import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** IMTL-L with its built-in Adam, so that the scales move between steps. */
class IMTLLContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return Combiners.create("imtl-l", Map.of("lr", 0.05));
    }
}
