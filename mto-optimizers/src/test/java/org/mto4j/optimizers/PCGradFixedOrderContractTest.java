package org.mto4j.optimizers;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GradientCombinerContract;
import org.mto4j.core.GramCombiner;

/** PCGrad in fixed order with LibMTL's self-projection: stateless. */
class PCGradFixedOrderContractTest extends GradientCombinerContract {

    @Override
    protected GradientCombiner create() {
        return new GramCombiner(PCGrad.libMtl().withOrder(ProjectionOrder.FIXED));
    }

    @Override
    protected boolean isPermutationEquivariant() {
        return false; // index order is not invariant under relabelling the tasks
    }
}
