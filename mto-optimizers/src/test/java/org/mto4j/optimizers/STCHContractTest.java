package org.mto4j.optimizers;

import java.util.Map;

import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** STCH in its warm-up (the suite makes no end-of-epoch call); epochs are covered by STCHTest and LossMethodsStateTest. */
class STCHContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return Combiners.create("stch", Map.of("warmup_epochs", 0));
    }
}
