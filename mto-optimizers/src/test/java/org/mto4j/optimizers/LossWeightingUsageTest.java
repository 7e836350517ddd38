package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The usage docs/methods.md shows for loss weightings, run as written. */
class LossWeightingUsageTest {

    static final int K = 3;
    static final double[][] J = GramTestSupport.conflictingMatrix(5, K, 16);

    /** (a) the weights of a weighted loss and (b) the combiner over J give the same update. */
    @Test
    void oneBackwardPassAndTheCombinerGiveTheSameUpdate() {
        for (String name : new String[] {"uw", "imtl-l", "dwa", "gls", "stch", "famo", "cosmos", "pbi"}) {
            LossWeighting weighting = (LossWeighting) ((LossWeightingCombiner) Combiners.create(name)).weighting();
            LossWeighting twin = weighting.copy();
            for (int s = 0; s < 4; s++) {
                double[] losses = LossMethodTestSupport.fallingLosses(s, K);
                double[] w = weighting.weigh(K, TaskLosses.of(losses)).values();
                // the gradient of Σᵢ w[i]·Lᵢ with w held constant is Σᵢ w[i]·gᵢ
                double[] oneBackwardPass = GramTestSupport.combine(J, w);
                INDArray direction = Nd4j.create(DataType.DOUBLE, 16);
                Combination step = new LossWeightingCombiner(twin).combineInto(
                        GramTestSupport.toGradients(J, DataType.DOUBLE), TaskLosses.of(losses), direction);
                assertArrayEquals(oneBackwardPass, GramTestSupport.toDoubles(step.direction()), 1e-12, name);
            }
        }
    }

    @Test
    void theCallerTrainsUWsLogVariancesWithItsOwnUpdater() {
        UW uw = UW.defaults();
        double learningRate = 0.5;
        double[] losses = {4, 1, 0.25};
        for (int s = 0; s < 200; s++) {
            uw.weigh(K, TaskLosses.of(losses));
            double[] p = uw.parameters();
            double[] g = uw.parameterGradient();
            for (int i = 0; i < K; i++) {
                p[i] -= learningRate * g[i]; // the caller's plain SGD
            }
            uw.setParameters(p);
        }
        // at the optimum e^s = L: the weights ½e^(−s) = 1/(2L)
        assertArrayEquals(new double[] {0.125, 0.5, 2}, uw.weigh(K, TaskLosses.of(losses)).values(), 1e-6);
    }

    @Test
    void aTrainingLoopWithEpochsAndFamosUpdate() {
        GradientCombiner dwa = Combiners.create("dwa", Map.of("temperature", 2.0));
        GradientCombiner famoCombiner = Combiners.create("famo");
        FAMO famo = (FAMO) ((LossWeightingCombiner) famoCombiner).weighting();
        TaskGradients grads = GramTestSupport.toGradients(J, DataType.FLOAT);
        INDArray direction = Nd4j.create(DataType.FLOAT, 16);
        int step = 0;
        for (int epoch = 0; epoch < 4; epoch++) {
            double[] sum = new double[K];
            for (int batch = 0; batch < 5; batch++, step++) {
                double[] losses = LossMethodTestSupport.fallingLosses(step, K);
                dwa.combineInto(grads, TaskLosses.of(losses), direction);
                famoCombiner.combineInto(grads, TaskLosses.of(losses), direction);
                famo.update(TaskLosses.of(LossMethodTestSupport.fallingLosses(step + 1, K)));
                for (int i = 0; i < K; i++) {
                    sum[i] += losses[i] / 5;
                }
            }
            dwa.endEpoch(TaskLosses.of(sum));
            famoCombiner.endEpoch(TaskLosses.of(sum)); // a no-op for FAMO: a loop may call it for every method
        }
        double sum = 0;
        for (double w : dwa.combine(grads, TaskLosses.of(1, 1, 1)).weights()) {
            sum += w;
        }
        assertEquals(K, sum, 1e-12, "DWA's weights sum to K once it has two epochs of history");
        GradientCombiner forgetful = Combiners.create("dwa");
        for (int s = 0; s < 5; s++) {
            forgetful.combine(grads, null);
        }
        forgetful.endEpoch(TaskLosses.of(1, 1, 1));
        for (int s = 0; s < 10; s++) {
            forgetful.combine(grads, null);
        }
        assertThrows(IllegalStateException.class, () -> forgetful.combine(grads, null));
    }

    @Test
    void cosmosFeedsTheNetworkTheRayItsNextStepUses() {
        COSMOS cosmos = COSMOS.defaults().withLambda(0);
        for (int s = 0; s < 3; s++) {
            double[] ray = cosmos.preference(K); // the network's extra input for this step
            assertArrayEquals(ray, cosmos.weigh(K, TaskLosses.of(1, 2, 3)).values(), 0.0);
        }
    }
}
