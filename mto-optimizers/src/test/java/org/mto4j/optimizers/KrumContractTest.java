package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;
import org.mto4j.core.GramCombiner;

/** Multi-Krum with one Byzantine row and two selected (K = 4 in the suite). */
class KrumContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return new GramCombiner(Krum.defaults().withF(1).withM(2));
    }

    @Override
    protected int minNumTasks() {
        return 4; // K ≥ f + 3
    }
}
