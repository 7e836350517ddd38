package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** DB-MTL with LibMTL's defaults: d mixes this step's gradients with the moving average. */
class DBMTLContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return DBMTL.defaults();
    }

    @Override
    protected boolean isLinear() {
        return false;
    }
}
