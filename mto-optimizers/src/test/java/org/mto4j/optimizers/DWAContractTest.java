package org.mto4j.optimizers;

import java.util.Map;

import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** DWA without end-of-epoch calls (the suite makes none): weights 1; epochs are covered by DWATest and LossMethodsStateTest. */
class DWAContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return Combiners.create("dwa", Map.of());
    }
}
