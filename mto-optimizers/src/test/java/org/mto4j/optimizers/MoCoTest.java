package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Combiners;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class MoCoTest {

    static final double[][] J = GoldenValuesTest.J;

    static double[] losses(long seed, int k) {
        Random r = new Random(seed);
        double[] l = new double[k];
        for (int i = 0; i < k; i++) {
            l[i] = 0.2 + 2 * r.nextDouble();
        }
        return l;
    }

    /**
     * Worked by hand on J = [[-4, 1, 1], [6, 1, 1]] (G = [[18, -22], [-22, 38]]), paper defaults, J twice.
     * Step 1: β₁ = 0.5, Y = J/2, YYᵀ = G/4; λ₀ = (½, ½): (YYᵀ)λ₀ = (−0.5, 2), γ₁ = 0.1, λ₀ − 0.1·(−0.5, 2) =
     * (0.55, 0.3), projected (+0.075 each) to λ₁ = (0.625, 0.375); d = Yᵀλ₁ = ½(−0.25, 1, 1); w = λ₁ β₁ = (0.3125,
     * 0.1875). Step 2: β₂ = 0.5/√2, Y = (1 − β₂)J/2 + β₂J = 0.676777 J, YYᵀ = 0.458027 G, Gλ₁ = (3, 0.5), γ₂ = 0.1/√2:
     * λ₁ − γ₂ 0.458027 (3, 0.5) = (0.527838, 0.358806), projected to λ₂ = (0.584516, 0.415484);
     * d = 0.676777 (0.154842, 1, 1).
     */
    @Test
    void twoStepsWorkedByHand() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-6;
            MoCo moco = MoCo.defaults();
            Combination first = moco.combine(GramTestSupport.toGradients(J, type));
            assertArrayEquals(new double[] {-0.125, 0.5, 0.5}, GramTestSupport.toDoubles(first.direction()), tol);
            assertArrayEquals(new double[] {0.3125, 0.1875}, first.weights(), tol);
            assertArrayEquals(new double[] {0.625, 0.375}, moco.lambda(), tol);
            Combination second = moco.combine(GramTestSupport.toGradients(J, type));
            assertArrayEquals(new double[] {0.10479361119638764, 0.6767766952966368, 0.6767766952966368},
                    GramTestSupport.toDoubles(second.direction()), tol);
            assertArrayEquals(new double[] {0.5845157772239105, 0.4154842227760895}, moco.lambda(), tol);
            assertArrayEquals(new double[] {0.2066575348927762, 0.1468958557004975}, second.weights(), tol);
        }
    }

    @Test
    void agreesWithAPlainReferenceOverSteps() {
        for (boolean libmtl : new boolean[] {false, true}) {
            for (int k : new int[] {1, 2, 3, 5, 8}) {
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    MoCo moco = libmtl ? MoCo.libMtl() : MoCo.defaults().withRho(0.1);
                    PlainReferences.MoCo plain = libmtl ? new PlainReferences.MoCo(0.5, 0.5, 0.1, 0.5, 0, true, true)
                            : new PlainReferences.MoCo(0.5, 0.5, 0.1, 0.5, 0.1, false, false);
                    for (int step = 0; step < 4; step++) {
                        double[][] j = GramTestSupport.conflictingMatrix(100 * k + step, k, 300);
                        double[] l = losses(step, k);
                        double[] expected = plain.step(j, l);
                        double[] actual = GramTestSupport.toDoubles(
                                moco.combine(GramTestSupport.toGradients(j, type), TaskLosses.of(l)).direction());
                        double err = GramTestSupport.relativeError(actual, expected);
                        assertTrue(err <= (type == DataType.DOUBLE ? 1e-12 : 1e-4),
                                "libmtl=" + libmtl + " K=" + k + " " + type + " step " + step + ": " + err);
                    }
                    assertArrayEquals(plain.lambda, moco.lambda(), type == DataType.DOUBLE ? 1e-12 : 1e-4);
                }
            }
        }
    }

    @Test
    void yIsAllocatedOnceAndAgainOnlyAfterResetOrRestore() {
        MoCo moco = MoCo.defaults();
        for (int s = 0; s < 5; s++) {
            moco.combine(GramTestSupport.toGradients(GramTestSupport.randomMatrix(s, 3, 50), DataType.FLOAT));
        }
        assertEquals(1, moco.allocations());
        CombinerState state = moco.snapshot();
        moco.reset();
        moco.combine(GramTestSupport.toGradients(GramTestSupport.randomMatrix(9, 3, 50), DataType.FLOAT));
        assertEquals(2, moco.allocations());
        moco.restore(state);
        moco.combine(GramTestSupport.toGradients(GramTestSupport.randomMatrix(10, 3, 50), DataType.FLOAT));
        moco.combine(GramTestSupport.toGradients(GramTestSupport.randomMatrix(11, 3, 50), DataType.FLOAT));
        assertEquals(3, moco.allocations());
    }

    @Test
    void aFloatSnapshotRestoredIntoDoubleContinuesFromTheSameValues() {
        MoCo inFloat = MoCo.defaults();
        MoCo inDouble = MoCo.defaults();
        for (int s = 0; s < 3; s++) {
            double[][] j = GramTestSupport.conflictingMatrix(s, 4, 64);
            inFloat.combine(GramTestSupport.toGradients(j, DataType.FLOAT));
            inDouble.combine(GramTestSupport.toGradients(j, DataType.DOUBLE));
        }
        MoCo resumed = MoCo.defaults();
        resumed.restore(inFloat.snapshot());
        double[][] j = GramTestSupport.conflictingMatrix(7, 4, 64);
        double[] a = GramTestSupport.toDoubles(resumed.combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
        double[] b = GramTestSupport.toDoubles(inDouble.combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
        assertTrue(GramTestSupport.relativeError(a, b) < 1e-5);
    }

    @Test
    void badInputs() {
        TaskGradients g = GramTestSupport.toGradients(GramTestSupport.randomMatrix(1, 3, 10), DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MoCo.libMtl().combine(g));
        assertTrue(e.getMessage().contains("losses are required by 'moco'"), e.getMessage());
        assertFalse(MoCo.defaults().needsLosses());
        e = assertThrows(IllegalArgumentException.class, () -> MoCo.defaults().withBeta(0));
        assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MoCo.defaults().withGamma(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> MoCo.defaults().withBetaSigma(-1));
        assertThrows(IllegalArgumentException.class, () -> MoCo.defaults().withRho(-0.1));
        e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("moco", Map.of("lambda_update", "sigmoid")));
        assertTrue(e.getMessage().contains("softmax") && e.getMessage().contains("projection"), e.getMessage());
        MoCo moco = MoCo.defaults();
        moco.combine(g);
        e = assertThrows(IllegalArgumentException.class, () -> moco.combine(
                GramTestSupport.toGradients(GramTestSupport.randomMatrix(2, 4, 10), DataType.DOUBLE)));
        assertTrue(e.getMessage().contains("K = 3") && e.getMessage().contains("reset()"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> moco.combine(
                GramTestSupport.toGradients(GramTestSupport.randomMatrix(2, 3, 11), DataType.DOUBLE)));
        assertTrue(e.getMessage().contains("3 x 10") && e.getMessage().contains("3 x 11"), e.getMessage());
        // A rejected step leaves the state as it was.
        CombinerState before = moco.snapshot();
        double[][] bad = GramTestSupport.randomMatrix(3, 3, 10);
        bad[1][4] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> moco.combine(GramTestSupport.toGradients(bad,
                DataType.DOUBLE)));
        assertThrows(IllegalArgumentException.class, () -> moco.combineInto(g, null, Nd4j.create(DataType.FLOAT, 10)));
        assertEquals(before, moco.snapshot());
    }

    @Test
    void lambdaStaysOnTheSimplexAtLargeScales() {
        // Regression: at 1e20 the step γ(YYᵀ)λ is ~1e39 and a projection that does not shift by the maximum first
        // returned λ = 0 (d = 0).
        MoCo moco = MoCo.defaults();
        double[][] j = GramTestSupport.scale(GramTestSupport.conflictingMatrix(6, 3, 30), 1e20);
        for (int s = 0; s < 3; s++) {
            Combination c = moco.combine(GramTestSupport.toGradients(j, DataType.DOUBLE));
            assertEquals(1.0, java.util.Arrays.stream(moco.lambda()).sum(), 1e-12);
            assertTrue(GramTestSupport.norm(GramTestSupport.toDoubles(c.direction())) > 0);
        }
    }

    /** LibMTL reports λ as MoCo's weights: here it is {@link MoCo#lambda()} (ReferenceFidelityTest checks d). */
    @Test
    void lambdaIsWhatLibMtlReports() {
        for (ReferenceVectors.Case c : ReferenceVectors.read("LibMTL-MoCo").cases()) {
            MoCo moco = MoCo.libMtl();
            for (ReferenceVectors.Step step : c.steps()) {
                moco.combine(GramTestSupport.toGradients(step.jacobian(), DataType.DOUBLE),
                        TaskLosses.of(step.losses()));
                assertArrayEquals(step.weights(), moco.lambda(), 1e-12, c.id());
            }
        }
    }
}
