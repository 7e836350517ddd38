package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;

/** DB-MTL with beta = 0: the reported weights reproduce d. */
class DBMTLNoMomentumContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return DBMTL.defaults().withBeta(0);
    }
}
