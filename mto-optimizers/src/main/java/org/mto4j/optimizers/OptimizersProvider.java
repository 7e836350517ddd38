package org.mto4j.optimizers;

import java.util.List;

import org.mto4j.core.CombinerProvider;
import org.mto4j.core.CombinerSpec;

/**
 * Registers every method of mto-optimizers with {@link org.mto4j.core.Combiners}. Add one line per method.
 *
 * @since 0.1.0
 */
public final class OptimizersProvider implements CombinerProvider {

    @Override
    public List<CombinerSpec> combiners() {
        return List.of(
                StaticWeighting.spec(),
                StaticWeighting.constantSpec(),
                Mean.spec(),
                Sum.spec(),
                UW.spec(),
                IMTLL.spec(),
                IMTL.spec(),
                DWA.spec(),
                GLS.spec(),
                STCH.spec(),
                FAMO.spec(),
                COSMOS.spec(),
                PBI.spec(),
                GradNorm.spec(),
                MGDA.spec(),
                PCGrad.spec(),
                IMTLG.spec(),
                CAGrad.spec(),
                NashMTL.spec(),
                AlignedMTL.spec(),
                UPGrad.spec(),
                DualProj.spec(),
                GradVac.spec(),
                FairGrad.spec(),
                ConFIG.spec(),
                Krum.spec(),
                RLW.spec(),
                // issue 11, full-Jacobian, robust and cross-batch methods
                DBMTL.spec(), ExcessMTL.spec(), MoCo.spec(), GradDrop.spec(), TrimmedMean.spec(), CRMOGM.spec(),
                MoDo.spec(), SDMGrad.spec());
    }
}
