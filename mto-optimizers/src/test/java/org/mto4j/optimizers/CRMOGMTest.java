package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Combiners;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.Gramian;
import org.mto4j.core.Weights;

class CRMOGMTest {

    /**
     * MGDA on G = [[18, −22], [−22, 38]] (TorchJD's example): λ̂ = (60, 40)/100, the first step's weights. Then G = I:
     * λ̂ = (½, ½), so λ₂ = 0.9 (0.6, 0.4) + 0.1 (0.5, 0.5) = (0.59, 0.41). Then G = I again: (0.581, 0.419).
     */
    @Test
    void threeStepsWorkedByHand() {
        CRMOGM cr = CRMOGM.wrapping(new MGDA());
        Gramian example = Gramian.of(new double[][] {{18, -22}, {-22, 38}});
        Gramian identity = Gramian.of(new double[][] {{1, 0}, {0, 1}});
        assertArrayEquals(new double[] {0.6, 0.4}, cr.weigh(example, null).values(), 1e-12);
        assertArrayEquals(new double[] {0.59, 0.41}, cr.weigh(identity, null).values(), 1e-12);
        assertArrayEquals(new double[] {0.581, 0.419}, cr.weigh(identity, null).values(), 1e-12);
    }

    @Test
    void isTheMovingAverageOfTheBasesWeights() {
        for (String base : new String[] {"upgrad", "cagrad", "pcgrad", "nash-mtl"}) {
            CRMOGM cr = (CRMOGM) ((GramCombiner) Combiners.create("cr-mogm", Map.of("base", base, "alpha", 0.7)))
                    .weighting();
            var alone = ((GramCombiner) Combiners.create(base)).weighting();
            double[] average = null;
            for (int step = 0; step < 4; step++) {
                Gramian g = GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(step, 4, 30));
                double[] fresh = alone.weigh(g, null).values();
                if (average == null) {
                    average = fresh;
                } else {
                    for (int i = 0; i < 4; i++) {
                        average[i] = 0.7 * average[i] + 0.3 * fresh[i];
                    }
                }
                assertArrayEquals(average, cr.weigh(g, null).values(), 1e-12, base + " step " + step);
            }
        }
    }

    @Test
    void theBasesStateIsPartOfTheSnapshot() {
        CRMOGM cr = CRMOGM.wrapping(GradVac.defaults()).withAlpha(0.5);
        Gramian[] g = new Gramian[6];
        for (int s = 0; s < 6; s++) {
            g[s] = GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(40 + s, 3, 20));
        }
        cr.weigh(g[0], null);
        cr.weigh(g[1], null);
        CombinerState state = cr.snapshot();
        assertTrue(state.keys().contains("base.targets") && state.keys().contains("previous"), state.toString());
        double[][] expected = new double[4][];
        for (int s = 2; s < 6; s++) {
            expected[s - 2] = cr.weigh(g[s], null).values();
        }
        CRMOGM resumed = CRMOGM.wrapping(GradVac.defaults()).withAlpha(0.5);
        resumed.restore(state);
        for (int s = 2; s < 6; s++) {
            assertArrayEquals(expected[s - 2], resumed.weigh(g[s], null).values(), 0.0);
        }
    }

    @Test
    void diagnosticsAreTheBases() {
        Gramian g = GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(1, 5, 20));
        Weights w = CRMOGM.wrapping(new MGDA()).weigh(g, null);
        assertEquals(new MGDA().weigh(g, null).diagnostics(), w.diagnostics());
    }

    @Test
    void badOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("cr-mogm", Map.of("base", "static")));
        assertTrue(e.getMessage().contains("must name a Gram method") && e.getMessage().contains("upgrad"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Combiners.create("cr-mogm", Map.of("base", "cr-mogm")));
        assertTrue(e.getMessage().contains("another Gram method"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Combiners.create("cr-mogm", Map.of("base", "nope")));
        assertTrue(e.getMessage().contains("unknown combiner 'nope'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CRMOGM.wrapping(new MGDA()).withAlpha(1));
        assertTrue(e.getMessage().contains("alpha must be in [0, 1), got 1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CRMOGM.wrapping(null));
        CRMOGM cr = CRMOGM.wrapping(new MGDA());
        cr.weigh(GramTestSupport.gramOf(GramTestSupport.randomMatrix(1, 3, 5)), null);
        e = assertThrows(IllegalArgumentException.class,
                () -> cr.weigh(GramTestSupport.gramOf(GramTestSupport.randomMatrix(1, 4, 5)), null));
        assertTrue(e.getMessage().contains("K = 3") && e.getMessage().contains("K = 4"), e.getMessage());
        assertEquals(CRMOGM.wrapping(new MGDA()), ((GramCombiner) Combiners.create("cr-mogm")).weighting());
    }
}
