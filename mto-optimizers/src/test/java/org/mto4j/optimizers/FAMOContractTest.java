package org.mto4j.optimizers;

import java.util.Map;

import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** FAMO driven by combine alone: each step's losses stand in for the previous step's update. */
class FAMOContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return Combiners.create("famo", Map.of());
    }
}
