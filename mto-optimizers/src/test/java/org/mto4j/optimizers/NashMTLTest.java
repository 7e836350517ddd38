package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Combiners;
import org.mto4j.core.Gramian;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.buffer.DataType;

class NashMTLTest {

    static final double[][] TORCHJD_J = {{-4, 1, 1}, {6, 1, 1}};

    /** The reference direction: the fixed point in vector space, then ‖d‖ clipped to maxNorm (0: none). */
    static double[] referenceDirection(double[][] j, double maxNorm) {
        double[] d = GramTestSupport.combine(j, FixedPointReference.weights(j, 1));
        double norm = GramTestSupport.norm(d);
        if (maxNorm > 0 && norm > maxNorm) {
            for (int c = 0; c < d.length; c++) {
                d[c] *= maxNorm / norm;
            }
        }
        return d;
    }

    @Test
    void agreesWithAVectorSpaceReferenceInFloatAndDouble() {
        for (int k : new int[] {1, 2, 3, 5, 8, 32}) {
            int p = k == 32 ? 10_000 : 300;
            double[][] j = k == 32 ? GramTestSupport.randomMatrix(k, k, p) : GramTestSupport.conflictingMatrix(k, k, p);
            for (double maxNorm : new double[] {0, 1, 100}) {
                double[] expected = referenceDirection(j, maxNorm);
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    Combination c = Combiners.create(NashMTL.NAME, Map.of("max_norm", maxNorm))
                            .combine(GramTestSupport.toGradients(j, type));
                    double err = GramTestSupport.relativeError(GramTestSupport.toDoubles(c.direction()), expected);
                    double tolerance = type == DataType.DOUBLE ? 1e-7 : 2e-3;
                    assertTrue(err <= tolerance, "K=" + k + " max_norm=" + maxNorm + " " + type + ": error " + err);
                    assertTrue(c.diagnostics().converged(), c.diagnostics().toString());
                }
            }
        }
    }

    @Test
    void unclippedWeightsSolveAlphaTimesGAlphaEqualsOne() {
        for (int seed = 0; seed < 60; seed++) {
            int k = 2 + seed % 7;
            Gramian g = GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(400 + seed, k, 3 * k + 5));
            double[] w = NashMTL.defaults().withMaxNorm(0).weigh(g, null).values();
            double[][] m = g.toArray();
            for (int i = 0; i < k; i++) {
                double gw = 0;
                for (int q = 0; q < k; q++) {
                    gw += m[i][q] * w[q];
                }
                assertEquals(1.0, w[i] * gw, PositiveFixedPoint.TOLERANCE, "seed " + seed + " task " + i);
            }
        }
    }

    @Test
    void clippedDirectionNeverExceedsMaxNorm() {
        for (int seed = 0; seed < 30; seed++) {
            double[][] j = GramTestSupport.conflictingMatrix(500 + seed, 5, 30);
            for (double maxNorm : new double[] {0.01, 1, 3}) {
                double[] w = NashMTL.defaults().withMaxNorm(maxNorm).weigh(GramTestSupport.gramOf(j), null).values();
                double norm = GramTestSupport.norm(GramTestSupport.combine(j, w));
                assertTrue(norm <= maxNorm * (1 + 1e-12), "seed " + seed + ": ‖d‖ = " + norm + " > " + maxNorm);
            }
        }
    }

    @Test
    void permutationInvarianceAndScaleInvarianceOfTheUnclippedDirection() {
        for (int seed = 0; seed < 20; seed++) {
            double[][] j = GramTestSupport.conflictingMatrix(600 + seed, 6, 40);
            int[] perm = GramTestSupport.randomPermutation(seed, 6);
            double[] w = NashMTL.defaults().withMaxNorm(0).weigh(GramTestSupport.gramOf(j), null).values();
            double[] pw = NashMTL.defaults().withMaxNorm(0)
                    .weigh(GramTestSupport.gramOf(GramTestSupport.permuteRows(j, perm)), null).values();
            for (int i = 0; i < 6; i++) {
                assertEquals(w[perm[i]], pw[i], 1e-9 * w[perm[i]], "seed " + seed);
            }
            // J → cJ: α → α/c, so d = Jᵀα does not change.
            double[] d = GramTestSupport.combine(j, w);
            for (double c : new double[] {1e-8, 0.5, 1e8}) {
                double[][] scaled = GramTestSupport.scale(j, c);
                double[] sw = NashMTL.defaults().withMaxNorm(0).weigh(GramTestSupport.gramOf(scaled), null).values();
                double err = GramTestSupport.relativeError(GramTestSupport.combine(scaled, sw), d);
                assertTrue(err <= 1e-9, "seed " + seed + " c=" + c + ": " + err);
            }
        }
    }

    @Test
    void handDerivedValuesOfEachOption() {
        // TorchJD's example: the fixed point gives d = [0.0766, 0.9985, 0.9985] with ‖d‖ = 1.4143 (see FairGradTest).
        double[] unclipped = direction(NashMTL.defaults().withMaxNorm(0), TORCHJD_J);
        double y = 1 / Math.sqrt(38 - 22 * Math.sqrt(19.0 / 9));
        double x = y * Math.sqrt(19.0 / 9);
        double[] exact = {-4 * x + 6 * y, x + y, x + y};
        assertArrayEquals(exact, unclipped, 1e-10);
        double norm = GramTestSupport.norm(exact);
        // max_norm above ‖d‖: unchanged; below: d scaled to that norm (0.5 → half of the max_norm = 1 direction).
        assertArrayEquals(exact, direction(NashMTL.defaults().withMaxNorm(2), TORCHJD_J), 1e-10);
        double[] half = exact.clone();
        for (int c = 0; c < 3; c++) {
            half[c] *= 0.5 / norm;
        }
        assertArrayEquals(half, direction(NashMTL.defaults().withMaxNorm(0.5), TORCHJD_J), 1e-10);
        // optim_niter = 1 on a hard problem: one Newton step, reported as not converged.
        Weights oneStep = NashMTL.defaults().withOptimNiter(1)
                .weigh(GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(7, 8, 20)), null);
        assertEquals(1, oneStep.diagnostics().iterations());
        assertFalse(oneStep.diagnostics().converged(), oneStep.diagnostics().toString());
    }

    @Test
    void updateWeightsEveryReusesTheLastSolveBetweenUpdates() {
        NashMTL every3 = NashMTL.defaults().withUpdateWeightsEvery(3).withMaxNorm(0);
        Gramian[] g = new Gramian[7];
        for (int s = 0; s < g.length; s++) {
            g[s] = GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(700 + s, 4, 30));
        }
        double[] solved = null;
        for (int s = 0; s < g.length; s++) {
            Weights w = every3.weigh(g[s], null);
            if (s % 3 == 0) {
                solved = NashMTL.defaults().withMaxNorm(0).weigh(g[s], null).values();
                assertEquals(PositiveFixedPoint.SOLVER, w.diagnostics().solver());
            } else {
                assertEquals(NashMTL.REUSED, w.diagnostics().solver(), "step " + s);
            }
            assertArrayEquals(solved, w.values(), 1e-9 * solved[0], "step " + s);
        }
        // Reused weights are clipped with the current step's norm.
        NashMTL clipped = NashMTL.defaults().withUpdateWeightsEvery(2).withMaxNorm(0.1);
        clipped.weigh(g[0], null);
        double[] second = clipped.weigh(g[1], null).values();
        assertEquals(0.1, Math.sqrt(g[1].quadraticForm(second)), 1e-12);
    }

    @Test
    void snapshotRestoreResetAndCopy() {
        NashMTL method = NashMTL.defaults().withUpdateWeightsEvery(3);
        Gramian[] g = new Gramian[8];
        for (int s = 0; s < g.length; s++) {
            g[s] = GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(800 + s, 5, 30));
        }
        for (int s = 0; s < 4; s++) {
            method.weigh(g[s], null);
        }
        CombinerState state = method.snapshot();
        double[][] expected = new double[4][];
        for (int s = 4; s < 8; s++) {
            expected[s - 4] = method.weigh(g[s], null).values();
        }
        NashMTL resumed = NashMTL.defaults().withUpdateWeightsEvery(3);
        resumed.restore(state);
        method.restore(state);
        for (int s = 4; s < 8; s++) {
            assertArrayEquals(expected[s - 4], resumed.weigh(g[s], null).values(), 0.0, "resumed, step " + s);
            assertArrayEquals(expected[s - 4], method.weigh(g[s], null).values(), 0.0, "restored, step " + s);
        }
        NashMTL copy = method.copy();
        method.reset();
        NashMTL fresh = NashMTL.defaults().withUpdateWeightsEvery(3);
        for (int s = 0; s < 4; s++) {
            double[] w = fresh.weigh(g[s], null).values();
            assertArrayEquals(w, method.weigh(g[s], null).values(), 0.0, "after reset, step " + s);
            assertArrayEquals(w, copy.weigh(g[s], null).values(), 0.0, "copy, step " + s);
        }
        assertEquals(method, copy);
        assertNotEquals(method, NashMTL.defaults());
    }

    /**
     * Issue 10, point 6. On this ordinary 3-task Gaussian J (TorchJD's recorded case gaussian_K3_P3), (G1)₁ &lt; 0,
     * so the references' first sub-problem, linearised at α = 1, is unbounded: they keep α = 1 and return the plain
     * sum clipped to norm 1 (their recorded weights 0.5386 each). {@code infeasible = keep} does the same; the default
     * solves the fixed point. A zero gradient makes the sub-problem infeasible: kept as well.
     */
    @Test
    void keepReproducesTheReferencesWhereTheirSubProblemHasNoSolution() {
        double[][] j = {{1.7580733970605578, -0.9297670583125046, -0.7397154826679344},
                {-2.3895409082028207, 0.7213016130590798, -1.1528828125076396},
                {0.25800061182792366, 0.4956412303603835, 0.09661866199778545}};
        Gramian g = GramTestSupport.gramOf(j);
        assertTrue(NashMTL.referencesFindNoSolution(g.toArray(), new double[] {1, 1, 1}));
        Weights kept = NashMTL.defaults().withInfeasible(NashMTL.Infeasible.KEEP).weigh(g, null);
        assertEquals(NashMTL.KEPT, kept.diagnostics().solver());
        assertArrayEquals(new double[] {0.5385778317841388, 0.5385778317841388, 0.5385778317841388}, kept.values(),
                1e-12);
        Weights solved = NashMTL.defaults().weigh(g, null);
        assertEquals(PositiveFixedPoint.SOLVER, solved.diagnostics().solver());
        assertTrue(solved.diagnostics().converged());
        // At the fixed point itself every (Gα)ᵢ = 1/αᵢ > 0: the linearised sub-problem is bounded.
        NashMTL unclipped = NashMTL.defaults().withMaxNorm(0);
        assertFalse(NashMTL.referencesFindNoSolution(g.toArray(), unclipped.weigh(g, null).values()));
        double[][] zeroRow = {j[0], {0, 0, 0}, j[2]};
        assertTrue(NashMTL.referencesFindNoSolution(GramTestSupport.gramOf(zeroRow).toArray(), new double[] {1, 1, 1}));
        // Orthogonal gradients: (G1)ᵢ = ‖gᵢ‖² > 0, bounded and feasible; keep solves as the default does.
        Gramian orthogonal = Gramian.of(new double[][] {{4, 0}, {0, 1}});
        assertArrayEquals(NashMTL.defaults().weigh(orthogonal, null).values(),
                NashMTL.defaults().withInfeasible(NashMTL.Infeasible.KEEP).weigh(orthogonal, null).values(), 0);
    }

    @Test
    void badOptionsAndMisuseAreRejectedWithNameAndValue() {
        assertRejected(() -> Combiners.create(NashMTL.NAME, Map.of("infeasible", "skip")), "infeasible", "skip");
        assertRejected(() -> NashMTL.defaults().withMaxNorm(-1), "max_norm", "-1.0");
        assertRejected(() -> NashMTL.defaults().withMaxNorm(Double.NaN), "max_norm", "NaN");
        assertRejected(() -> NashMTL.defaults().withUpdateWeightsEvery(0), "update_weights_every", "0");
        assertRejected(() -> NashMTL.defaults().withOptimNiter(-3), "optim_niter", "-3");
        assertRejected(() -> Combiners.create(NashMTL.NAME, Map.of("optim_niter", 0)), "optim_niter", "0");
        assertRejected(() -> Combiners.create(NashMTL.NAME, Map.of("update_weights_every", 1.5)),
                "update_weights_every", "1.5");
        assertRejected(() -> Combiners.create(NashMTL.NAME, Map.of("maxnorm", 1)), "maxnorm", "max_norm");
        NashMTL used = NashMTL.defaults();
        used.weigh(GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(1, 3, 10)), null);
        assertRejected(() -> used.weigh(GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(1, 4, 10)), null),
                "K = 3", "K = 4");
        assertRejected(() -> used.restore(CombinerState.empty("fairgrad")), "fairgrad", NashMTL.NAME);
    }

    private static void assertRejected(Runnable action, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' missing from: " + e.getMessage());
        }
    }

    private static double[] direction(NashMTL method, double[][] j) {
        return GramTestSupport.combine(j, method.weigh(GramTestSupport.gramOf(j), null).values());
    }
}
