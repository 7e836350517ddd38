package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Combiners;
import org.mto4j.core.TaskGradients;
import org.nd4j.linalg.api.buffer.DataType;

class ExcessMTLTest {

    static final double[][] J = GoldenValuesTest.J;
    static final double[][] J2 = DBMTLTest.J2;

    /**
     * Worked by hand, libmtl convention (S = K = 2), η = 0.5, steps J, J₂, J. Step 1: h = J∘J, eᵢ = Σ g²/√(g² + 1e-7)
     * ≈ Σ|g| = (6, 8): the scales; weights stay (1, 1), d = (2, 2, 2). Step 2: h = J² + J₂², e = (1/√17 + 4/√5,
     * 9/√10 + 1/√2) = (2.031390, 3.553157), r = e/(6, 8) = (0.338565, 0.444145),
     * w ∝ exp(0.5 r) → (0.973611, 1.026389), d = w · J₂. Step 3: r = (0.650100, 0.640188), w = (0.976088, 1.023912).
     */
    @Test
    void threeStepsWorkedByHand() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-6;
            ExcessMTL excess = ExcessMTL.of(ExcessMTL.Convention.LIBMTL).withRobustStepSize(0.5);
            Combination first = excess.combine(GramTestSupport.toGradients(J, type));
            assertArrayEquals(new double[] {2, 2, 2}, GramTestSupport.toDoubles(first.direction()), tol);
            assertArrayEquals(new double[] {1, 1}, first.weights(), 0);
            Combination second = excess.combine(GramTestSupport.toGradients(J2, type));
            assertArrayEquals(new double[] {0.9736112324776531, 1.0263887675223466}, second.weights(), tol);
            assertArrayEquals(new double[] {0.9736112324776531, 3.0791663025670397, 0.9208336974329596},
                    GramTestSupport.toDoubles(second.direction()), tol);
            Combination third = excess.combine(GramTestSupport.toGradients(J, type));
            assertArrayEquals(new double[] {0.9760876157572946, 1.0239123842427056}, third.weights(), tol);
            assertArrayEquals(new double[] {2.2391238424270554, 2, 2}, GramTestSupport.toDoubles(third.direction()),
                    tol);
        }
    }

    @Test
    void agreesWithAPlainReferenceOverSteps() {
        for (ExcessMTL.Convention convention : ExcessMTL.Convention.values()) {
            for (int k : new int[] {1, 2, 3, 5, 8}) {
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    ExcessMTL excess = ExcessMTL.of(convention).withRobustStepSize(0.7);
                    PlainReferences.ExcessMTL plain = new PlainReferences.ExcessMTL(0.7,
                            convention == ExcessMTL.Convention.LIBMTL ? k : 1);
                    for (int step = 0; step < 4; step++) {
                        double[][] j = GramTestSupport.conflictingMatrix(300 * k + step, k, 300);
                        double[] expected = plain.step(j);
                        Combination c = excess.combine(GramTestSupport.toGradients(j, type));
                        double err = GramTestSupport.relativeError(GramTestSupport.toDoubles(c.direction()), expected);
                        assertTrue(err <= (type == DataType.DOUBLE ? 1e-12 : 1e-4),
                                convention + " K=" + k + " " + type + " step " + step + ": " + err);
                        assertArrayEquals(plain.w, c.weights(), type == DataType.DOUBLE ? 1e-12 : 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void aTaskWithAZeroFirstGradientIsScaledByItsFirstNonZeroEstimate() {
        double[][] first = GramTestSupport.conflictingMatrix(8, 3, 20);
        Arrays.fill(first[1], 0.0);
        ExcessMTL excess = ExcessMTL.of(ExcessMTL.Convention.LIBMTL).withRobustStepSize(0.5);
        PlainReferences.ExcessMTL plain = new PlainReferences.ExcessMTL(0.5, 3);
        for (int step = 0; step < 4; step++) {
            double[][] j = step == 0 ? first : GramTestSupport.conflictingMatrix(9 + step, 3, 20);
            double[] expected = plain.step(j);
            Combination c = excess.combine(GramTestSupport.toGradients(j, DataType.DOUBLE));
            assertTrue(Arrays.stream(c.weights()).allMatch(Double::isFinite), "LibMTL gives NaN here");
            assertTrue(GramTestSupport.relativeError(GramTestSupport.toDoubles(c.direction()), expected) < 1e-12);
        }
        assertTrue(plain.scale[1] > 0);
    }

    @Test
    void registryDefaultsFollowTheConvention() {
        assertEquals(ExcessMTL.defaults(), Combiners.create("excess-mtl"));
        assertEquals(ExcessMTL.of(ExcessMTL.Convention.LIBMTL), Combiners.create("excess-mtl",
                Map.of("convention", "libmtl")));
        assertEquals(ExcessMTL.of(ExcessMTL.Convention.LIBMTL).withRobustStepSize(0.3),
                Combiners.create("excess-mtl", Map.of("convention", "libmtl", "robust_step_size", 0.3)));
        assertEquals("excess-mtl(robust_step_size=1.0, convention=torchjd)", ExcessMTL.defaults().toString());
    }

    @Test
    void accumulatorsAreAllocatedOnce() {
        ExcessMTL excess = ExcessMTL.defaults();
        for (int s = 0; s < 5; s++) {
            excess.combine(GramTestSupport.toGradients(GramTestSupport.randomMatrix(s, 3, 50), DataType.FLOAT));
        }
        assertEquals(2, excess.allocations(), "the accumulator and one scratch array, swapped every step");
    }

    @Test
    void anOverflowingFloatAccumulatorIsAClearErrorAndLeavesTheStateAsItWas() {
        ExcessMTL excess = ExcessMTL.defaults();
        double[][] j = GramTestSupport.conflictingMatrix(3, 3, 30);
        excess.combine(GramTestSupport.toGradients(j, DataType.FLOAT));
        CombinerState before = excess.snapshot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> excess.combine(GramTestSupport.toGradients(GramTestSupport.scale(j, 1e20), DataType.FLOAT)));
        assertTrue(e.getMessage().contains("overflow") && e.getMessage().contains("DOUBLE"), e.getMessage());
        assertEquals(before, excess.snapshot());
        double[][] nan = j.clone();
        nan[0] = j[0].clone();
        nan[0][3] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class,
                () -> excess.combine(GramTestSupport.toGradients(nan, DataType.FLOAT)));
        assertTrue(e.getMessage().contains("[0]"), e.getMessage());
        assertEquals(before, excess.snapshot());
    }

    @Test
    void badOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExcessMTL.defaults().withRobustStepSize(0));
        assertTrue(e.getMessage().contains("robust_step_size") && e.getMessage().contains("0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("excess-mtl", Map.of("convention", "paper")));
        assertTrue(e.getMessage().contains("libmtl") && e.getMessage().contains("torchjd"), e.getMessage());
        TaskGradients g = GramTestSupport.toGradients(GramTestSupport.randomMatrix(1, 3, 10), DataType.DOUBLE);
        ExcessMTL excess = ExcessMTL.defaults();
        excess.combine(g);
        e = assertThrows(IllegalArgumentException.class, () -> excess.combine(
                GramTestSupport.toGradients(GramTestSupport.randomMatrix(2, 2, 10), DataType.DOUBLE)));
        assertTrue(e.getMessage().contains("K = 3") && e.getMessage().contains("K = 2"), e.getMessage());
    }

    /**
     * LibMTL's recorded weights are the reported ones (ReferenceFidelityTest checks the directions). In the zero_row
     * cases LibMTL divides by a zero first estimate and returns NaN from step 2 on; here every step is finite and the
     * first agrees.
     */
    @Test
    void theReportedWeightsAreLibMtlsAndZeroRowsStayFinite() {
        int nanCases = 0;
        for (ReferenceVectors.Case c : ReferenceVectors.read("LibMTL-ExcessMTL").cases()) {
            ExcessMTL excess = ExcessMTL.of(ExcessMTL.Convention.LIBMTL);
            boolean sawNaN = false;
            for (ReferenceVectors.Step step : c.steps()) {
                Combination result = excess.combine(GramTestSupport.toGradients(step.jacobian(), DataType.DOUBLE));
                double[] d = GramTestSupport.toDoubles(result.direction());
                assertTrue(Arrays.stream(d).allMatch(Double::isFinite), c.id());
                if (Double.isNaN(step.weights()[0])) {
                    sawNaN = true;
                } else {
                    assertArrayEquals(step.weights(), result.weights(), 1e-12 * c.numTasks(), c.id());
                    assertTrue(GramTestSupport.relativeError(d, step.direction()) <= 1e-9, c.id());
                }
            }
            nanCases += sawNaN ? 1 : 0;
        }
        assertTrue(nanCases > 0, "the zero_row cases where LibMTL returns NaN were seen");
    }

    @Test
    void theTorchJdConventionIsLibMtlsDividedByK() {
        ReferenceVectors.Case c = ReferenceVectors.read("LibMTL-ExcessMTL").cases().get(4);
        ExcessMTL libmtl = ExcessMTL.of(ExcessMTL.Convention.LIBMTL);
        ExcessMTL torchjd = ExcessMTL.defaults().withRobustStepSize(ExcessMTL.LIBMTL_STEP_SIZE);
        for (ReferenceVectors.Step step : c.steps()) {
            double[] a = libmtl.combine(GramTestSupport.toGradients(step.jacobian(), DataType.DOUBLE)).weights();
            double[] b = torchjd.combine(GramTestSupport.toGradients(step.jacobian(), DataType.DOUBLE)).weights();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i] / c.numTasks(), b[i], 1e-15);
            }
        }
    }
}
