package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.CrossBatchCombiner;
import org.mto4j.core.CrossGramian;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.buffer.DataType;

/** MoDo and SDMGrad: hand-worked steps, plain references over three batches, options and bad input. */
class CrossBatchMethodsTest {

    static final double[][] J = GoldenValuesTest.J;

    /**
     * One batch, G = [[18, −22], [−22, 38]], γ = 1e-3, ρ = 0.1. Step 1: Gλ₀ = (−2, 8), λ₀ − γ(Gλ₀ + ρλ₀) =
     * (0.50195, 0.49195), projected (+0.00305 each) to (0.505, 0.495); d = (0.95, 1, 1). Step 2: (0.5097495, 0.4902505),
     * d = (0.902505, 1, 1).
     */
    @Test
    void moDoTwoStepsWorkedByHand() {
        CrossBatchCombiner modo = new CrossBatchCombiner(MoDo.defaults());
        Combination first = modo.combine(GramTestSupport.toGradients(J, DataType.DOUBLE));
        assertArrayEquals(new double[] {0.505, 0.495}, first.weights(), 1e-15);
        assertArrayEquals(new double[] {0.95, 1, 1}, GramTestSupport.toDoubles(first.direction()), 1e-14);
        Combination second = modo.combine(GramTestSupport.toGradients(J, DataType.DOUBLE));
        assertArrayEquals(new double[] {0.5097495, 0.4902505}, second.weights(), 1e-15);
    }

    /**
     * Three batches J₁ = [[1, 2, 0], [0, 1, −1]], J₂ = [[2, 0, 1], [−1, 1, 1]], J₃ = [[0, 1, 0], [1, 0, 1]], γ = 0.1:
     * C = J₁J₂ᵀ = [[2, 1], [−1, 0]], Cλ₀ = (1.5, −0.5), λ₀ − 0.1 (Cλ₀ + 0.1 λ₀) = (0.345, 0.545) → (0.4, 0.6);
     * d = J₃ᵀλ = (0.6, 0.4, 0.6). C is not symmetric: J₂J₁ᵀ would give other weights.
     */
    @Test
    void moDoOnThreeBatchesWorkedByHand() {
        double[][] j1 = {{1, 2, 0}, {0, 1, -1}};
        double[][] j2 = {{2, 0, 1}, {-1, 1, 1}};
        double[][] j3 = {{0, 1, 0}, {1, 0, 1}};
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            CrossBatchCombiner modo = new CrossBatchCombiner(MoDo.defaults().withGamma(0.1));
            Combination c = modo.combine(GramTestSupport.toGradients(j1, type), GramTestSupport.toGradients(j2, type),
                    GramTestSupport.toGradients(j3, type), null);
            assertArrayEquals(new double[] {0.4, 0.6}, c.weights(), 1e-7);
            assertArrayEquals(new double[] {0.6, 0.4, 0.6}, GramTestSupport.toDoubles(c.direction()), 1e-7);
        }
    }

    /**
     * SDMGrad with one inner iteration on one batch, G as above: s = (√18 + √38)/2, C = G/s², row means
     * (−2, 8)/s², u = C(½, ½) + 0.3 (−2, 8)/s² = 1.3 (−2, 8)/s² = (−0.096023, 0.384094), w₀ − 5u = (0.980115,
     * −1.420470) → projected to (1, 0); weights (1 + 0.15, 0.15)/1.3, d = (−2.846154, 1, 1).
     */
    @Test
    void sdmGradOneIterationWorkedByHand() {
        CrossBatchCombiner sdm = new CrossBatchCombiner(SDMGrad.defaults().withNiter(1));
        Combination c = sdm.combine(GramTestSupport.toGradients(J, DataType.DOUBLE));
        assertArrayEquals(new double[] {1.15 / 1.3, 0.15 / 1.3}, c.weights(), 1e-15);
        assertArrayEquals(new double[] {-2.846153846153846, 1, 1}, GramTestSupport.toDoubles(c.direction()), 1e-14);
        assertEquals(1, c.diagnostics().iterations());
    }

    @Test
    void bothAgreeWithPlainReferencesOnThreeBatchesOverSteps() {
        for (int k : new int[] {1, 2, 3, 5, 8}) {
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                CrossBatchCombiner modo = new CrossBatchCombiner(MoDo.defaults().withGamma(0.02));
                CrossBatchCombiner sdm = new CrossBatchCombiner(SDMGrad.defaults());
                PlainReferences.MoDo plainModo = new PlainReferences.MoDo(0.02, 0.1);
                PlainReferences.SDMGrad plainSdm = new PlainReferences.SDMGrad(0.3, 20, 5);
                for (int step = 0; step < 3; step++) {
                    double[][] j1 = GramTestSupport.conflictingMatrix(10 * k + step, k, 60);
                    double[][] j2 = GramTestSupport.conflictingMatrix(20 * k + step, k, 60);
                    double[][] j3 = GramTestSupport.conflictingMatrix(30 * k + step, k, 60);
                    double tol = type == DataType.DOUBLE ? 1e-12 : 1e-4;
                    double[] expected = plainModo.step(j1, j2, j3);
                    double[] actual = GramTestSupport.toDoubles(modo.combine(GramTestSupport.toGradients(j1, type),
                            GramTestSupport.toGradients(j2, type), GramTestSupport.toGradients(j3, type), null)
                            .direction());
                    assertTrue(GramTestSupport.relativeError(actual, expected) <= tol, "MoDo K=" + k + " " + type);
                    expected = plainSdm.step(j1, j2, j3);
                    actual = GramTestSupport.toDoubles(sdm.combine(GramTestSupport.toGradients(j1, type),
                            GramTestSupport.toGradients(j2, type), GramTestSupport.toGradients(j3, type), null)
                            .direction());
                    // Projected SGD with η = 5 may amplify FLOAT's rounding in C; DOUBLE agrees to rounding.
                    assertTrue(GramTestSupport.relativeError(actual, expected) <= (type == DataType.DOUBLE ? 1e-10
                            : 1e-2), "SDMGrad K=" + k + " " + type + " step " + step);
                }
            }
        }
    }

    @Test
    void sdmGradWeightsSumToOneAndLargeLambdaGivesTheMean() {
        CrossGramian c = CrossGramian.of(new double[][] {{3, -1, 0.5}, {-2, 4, 1}, {0, 1, 2}});
        Weights w = SDMGrad.defaults().weigh(c, null);
        assertEquals(1.0, Arrays.stream(w.values()).sum(), 1e-14);
        Weights mean = SDMGrad.defaults().withLambda(1e12).weigh(c, null);
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, mean.values(), 1e-11);
    }

    @Test
    void optionsAndBadInputs() {
        assertEquals(new CrossBatchCombiner(MoDo.defaults().withGamma(0.1).withRho(0)),
                Combiners.create("modo", Map.of("gamma", 0.1, "rho", 0)));
        assertEquals(new CrossBatchCombiner(SDMGrad.defaults().withLambda(0.5).withNiter(10).withLr(10)),
                Combiners.create("sdmgrad", Map.of("lambda", 0.5, "niter", 10, "lr", 10)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MoDo.defaults().withGamma(0));
        assertTrue(e.getMessage().contains("gamma must be finite and > 0, got 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MoDo.defaults().withRho(-1));
        e = assertThrows(IllegalArgumentException.class, () -> SDMGrad.defaults().withNiter(0));
        assertTrue(e.getMessage().contains("niter must be >= 1, got 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SDMGrad.defaults().withLr(-5));
        assertThrows(IllegalArgumentException.class, () -> SDMGrad.defaults().withLambda(Double.NaN));
        MoDo modo = MoDo.defaults();
        modo.weigh(CrossGramian.of(new double[][] {{1, 0}, {0, 1}}), null);
        e = assertThrows(IllegalArgumentException.class,
                () -> modo.weigh(CrossGramian.of(new double[][] {{1}}), null));
        assertTrue(e.getMessage().contains("K = 2") && e.getMessage().contains("K = 1"), e.getMessage());
    }
}
