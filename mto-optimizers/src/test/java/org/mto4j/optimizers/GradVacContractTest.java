package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;
import org.mto4j.core.GramCombiner;

/** GradVac with its defaults: stateful (target cosines, step counter), seeded random order. */
class GradVacContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return new GramCombiner(GradVac.defaults());
    }

    @Override
    protected boolean isPermutationEquivariant() {
        return false; // the visiting order depends on the task indices
    }
}
