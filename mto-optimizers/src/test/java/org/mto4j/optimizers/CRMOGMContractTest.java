package org.mto4j.optimizers;

import org.mto4j.core.GramCombiner;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** CR-MOGM around MGDA. */
class CRMOGMContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return new GramCombiner(CRMOGM.wrapping(new MGDA()));
    }
}
