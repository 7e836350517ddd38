package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.buffer.DataType;

class GradVacTest {

    /** The paper's procedure on the vectors themselves; {@code targets} (K x K) is updated in place. */
    static double[] naiveGradVac(double[][] j, int[][] orders, double[][] targets, double beta, double epsilon,
            boolean alwaysUpdate) {
        int k = j.length;
        double[] d = new double[j[0].length];
        for (int i = 0; i < k; i++) {
            double[] g = j[i].clone();
            for (int other : orders[i]) {
                if (other == i) {
                    continue;
                }
                double normI = GramTestSupport.norm(g);
                double normJ = GramTestSupport.norm(j[other]);
                double denominator = normI * normJ + epsilon;
                double phi = denominator == 0 ? 0 : GramTestSupport.dot(g, j[other]) / denominator;
                double target = targets[i][other];
                double root = Math.sqrt(Math.max(0, 1 - target * target));
                boolean corrected = false;
                if (phi < target && normJ > 0 && normJ * root + epsilon > 0) {
                    double w = normI * (target * Math.sqrt(Math.max(0, 1 - phi * phi)) - phi * root)
                            / (normJ * root + epsilon);
                    for (int c = 0; c < g.length; c++) {
                        g[c] += w * j[other][c];
                    }
                    corrected = true;
                }
                if (alwaysUpdate || corrected) {
                    targets[i][other] = (1 - beta) * target + beta * phi;
                }
            }
            for (int c = 0; c < d.length; c++) {
                d[c] += g[c];
            }
        }
        return d;
    }

    static Map<String, Object> fixed(String emaUpdate, double epsilon) {
        Map<String, Object> o = new HashMap<>();
        o.put("order", "fixed");
        o.put("ema_update", emaUpdate);
        o.put("epsilon", epsilon);
        return o;
    }

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {1, 2, 3, 5, 8, 32})
    void fixedOrderEqualsTheNaiveSequentialProcedureOverSeveralSteps(int k) {
        int p = k == 32 ? 3_000 : 10_000;
        for (String ema : new String[] {"always", "on_correction"}) {
            GradientCombiner inDouble = Combiners.create("gradvac", fixed(ema, GradVac.DEFAULT_EPSILON));
            GradientCombiner inFloat = Combiners.create("gradvac", fixed(ema, GradVac.DEFAULT_EPSILON));
            double[][] targets = new double[k][k];
            for (int step = 0; step < 4; step++) {
                double[][] j = GramTestSupport.conflictingMatrix(77L * k + step, k, step == 3 ? 50 : p);
                double[] expected = naiveGradVac(j, ProjectionOrder.FIXED.orders(0, step, k), targets,
                        GradVac.DEFAULT_BETA, GradVac.DEFAULT_EPSILON, ema.equals("always"));
                double[] actual = GramTestSupport.toDoubles(
                        inDouble.combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
                double err = GramTestSupport.relativeError(actual, expected);
                assertTrue(err <= 1e-9, "K=" + k + " " + ema + " step " + step + ": DOUBLE relative error " + err);
                actual = GramTestSupport.toDoubles(
                        inFloat.combine(GramTestSupport.toGradients(j, DataType.FLOAT)).direction());
                err = GramTestSupport.relativeError(actual, expected);
                assertTrue(err <= 5e-3, "K=" + k + " " + ema + " step " + step + ": FLOAT relative error " + err);
            }
        }
    }

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {2, 3, 5, 8})
    void randomOrderEqualsTheNaiveProcedureInTheSameSeededOrders(int k) {
        GradientCombiner gradvac = Combiners.create("gradvac", Map.of("seed", 5L));
        double[][] targets = new double[k][k];
        for (int step = 0; step < 3; step++) {
            double[][] j = GramTestSupport.conflictingMatrix(900L * k + step, k, 64);
            double[] expected = naiveGradVac(j, ProjectionOrder.RANDOM.orders(5L, step, k), targets,
                    GradVac.DEFAULT_BETA, GradVac.DEFAULT_EPSILON, true);
            double[] actual = GramTestSupport.toDoubles(
                    gradvac.combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
            double err = GramTestSupport.relativeError(actual, expected);
            assertTrue(err <= 1e-9, "K=" + k + " step " + step + ": relative error " + err);
        }
    }

    @Test
    void firstStepEqualsPCGradWithoutSelfProjection() {
        for (long seed = 0; seed < 30; seed++) {
            int k = 2 + (int) (seed % 6);
            double[][] j = GramTestSupport.conflictingMatrix(seed, k, 40);
            double[] gradvac = GradVac.defaults().withEpsilon(0).withSeed(seed)
                    .weigh(GramTestSupport.gramOf(j), null).values();
            double[] pcgrad = PCGrad.defaults().withSeed(seed).weigh(GramTestSupport.gramOf(j), null).values();
            assertArrayEquals(pcgrad, gradvac, 1e-10 * (1 + GramTestSupport.norm(pcgrad)), "seed " + seed);
        }
    }

    /**
     * K = 2 by hand. Step 1 on TorchJD's J: φ = −22/√684, the correction is PCGrad's, and both settings move the
     * targets to φ/2. Step 2 on g₁ = (1, 0), g₂ = (1, 1): φ = 1/√2 is above the target, no correction; the paper's
     * and LibMTL's rule (always) moves the target to t = φ/4 + 1/(2√2), on_correction keeps φ/2 &lt; 0. Step 3 on
     * orthogonal unit gradients: always corrects both by w = t/√(1 − t²), d = (1 + w, 1 + w); with on_correction the
     * target is below 0 = φ, so d = (1, 1).
     */
    @Test
    void libraryConventionsOnAHandCheckedExample() {
        double phi = -22 / Math.sqrt(684);
        double t = phi / 4 + 1 / (2 * Math.sqrt(2));
        double w = t / Math.sqrt(1 - t * t);
        double[][][] steps = {{{-4, 1, 1}, {6, 1, 1}}, {{1, 0}, {1, 1}}, {{1, 0}, {0, 1}}};
        for (String ema : new String[] {"always", "on_correction"}) {
            GradientCombiner gradvac = Combiners.create("gradvac", Map.of("ema_update", ema));
            double[] first = GramTestSupport.toDoubles(
                    gradvac.combine(GramTestSupport.toGradients(steps[0], DataType.DOUBLE)).direction());
            assertArrayEquals(new double[] {0.5848, 3.8012, 3.8012}, first, 1e-4, ema);
            gradvac.combine(GramTestSupport.toGradients(steps[1], DataType.DOUBLE));
            double[] third = GramTestSupport.toDoubles(
                    gradvac.combine(GramTestSupport.toGradients(steps[2], DataType.DOUBLE)).direction());
            double expected = ema.equals("always") ? 1 + w : 1;
            assertArrayEquals(new double[] {expected, expected}, third, 1e-6, ema);
        }
        assertEquals(GradVac.libMtl(), GradVac.defaults()); // LibMTL moves every visited pair's target
    }

    /**
     * Issue 10, point 5: a corrected gradient tiny against the rows it was corrected with. Task 2 loses its
     * components along g₀ and g₁ (norms near 1.2e7) and keeps about (0, 0, 1), so cᵀGc sums terms of 1e14 to about 1:
     * plain double got the cosine of that gradient with g₃ wrong by 1.5 % (the target −0.2843 instead of −0.2887).
     * G is exact here (integers below 2⁴⁹), the accurate sum recovers the cosine of the procedure on the vectors to
     * 1e-10, and the diagnostics still say that G in general (with its rounding) would not determine it.
     */
    @Test
    void cosineOfACancelledCorrectedGradientIsAccurate() {
        double[][] j = {{11179640, 0, 0}, {0, 13915586, 0}, {-16506732, -16506731, 1}, {1, 1, -1}};
        double[][] targets = new double[4][4];
        double[] expected = naiveGradVac(j, ProjectionOrder.FIXED.orders(0, 0, 4), targets, GradVac.DEFAULT_BETA,
                0, true);
        GradVac gradvac = GradVac.defaults().withEpsilon(0).withOrder(ProjectionOrder.FIXED);
        Weights w = gradvac.weigh(GramTestSupport.gramOf(j), null);
        assertEquals(targets[2][3], gradvac.snapshot().get("targets")[2 * 4 + 3], 1e-10, "target of (2, 3)");
        assertTrue(GramTestSupport.relativeError(GramTestSupport.combine(j, w.values()), expected) <= 1e-12);
        assertFalse(w.diagnostics().converged(), w.toString());
    }

    /**
     * When a corrected gradient cancels below the rounding of G itself (TorchJD's doc example with entries of 1e11
     * and 1: G_00 = 1e22 + 9 keeps no trace of the 9), G does not determine it: the diagnostics say so, and every
     * cosine stays in [−1, 1].
     */
    @Test
    void cancellationBelowTheRoundingOfGIsReported() {
        double[][] j = {{1e11, 3}, {1, -1e11}, {-1e10, 1e10}, {2, 2}};
        GradVac gradvac = GradVac.defaults().withOrder(ProjectionOrder.FIXED);
        Weights w = gradvac.weigh(GramTestSupport.gramOf(j), null);
        assertFalse(w.diagnostics().converged(), w.toString());
        assertTrue(w.diagnostics().residual() >= 1, w.toString());
        for (double target : gradvac.snapshot().get("targets")) {
            assertTrue(target >= -1 && target <= 1, "target cosine " + target);
        }
        // Ordinary conflicting gradients are resolved.
        Weights ordinary = GradVac.defaults().weigh(GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(3, 6,
                40)), null);
        assertTrue(ordinary.diagnostics().converged(), ordinary.toString());
    }

    @Test
    void weightsAreScaleInvariantWithoutEpsilon() {
        for (long seed = 0; seed < 30; seed++) {
            double[][] j = GramTestSupport.conflictingMatrix(seed, 2 + (int) (seed % 6), 30);
            GradVac a = GradVac.defaults().withEpsilon(0).withOrder(ProjectionOrder.FIXED);
            GradVac b = a.copy();
            for (int step = 0; step < 3; step++) {
                double[][] js = GramTestSupport.conflictingMatrix(seed * 10 + step, j.length, 30);
                double[] w = a.weigh(GramTestSupport.gramOf(js), null).values();
                double[] scaled = b.weigh(GramTestSupport.gramOf(GramTestSupport.scale(js, 1e5)), null).values();
                assertArrayEquals(w, scaled, 1e-8 * (1 + GramTestSupport.norm(w)), "seed " + seed + " step " + step);
            }
        }
    }

    @Test
    void stateRoundTripsAndGuardsTheNumberOfTasks() {
        GradVac gradvac = GradVac.defaults();
        CombinerState empty = gradvac.snapshot();
        assertEquals(0, empty.get("targets").length);
        gradvac.weigh(GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(1, 3, 20)), null);
        CombinerState state = gradvac.snapshot();
        assertEquals(9, state.get("targets").length);
        assertEquals(1.0, state.get("step")[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gradvac.weigh(GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(2, 4, 20)), null));
        assertTrue(e.getMessage().contains("K = 3") && e.getMessage().contains("K = 4"), e.getMessage());
        GradVac other = GradVac.defaults();
        other.restore(state);
        assertEquals(state, other.snapshot());
        gradvac.reset();
        assertEquals(empty, gradvac.snapshot());
        e = assertThrows(IllegalArgumentException.class,
                () -> other.restore(CombinerState.of("gradvac", Map.of("step", new double[] {1}, "targets", new double[5]))));
        assertTrue(e.getMessage().contains("targets") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void badOptionsNameTheOptionAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("gradvac", Map.of("beta", 1.5)));
        assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Combiners.create("gradvac", Map.of("epsilon", -2.0)));
        assertTrue(e.getMessage().contains("epsilon") && e.getMessage().contains("-2.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("gradvac", Map.of("ema_update", "sometimes")));
        assertTrue(e.getMessage().contains("ema_update") && e.getMessage().contains("sometimes"), e.getMessage());
    }
}
