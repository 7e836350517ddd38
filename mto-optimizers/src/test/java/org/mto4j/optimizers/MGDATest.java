package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.buffer.DataType;

class MGDATest {

    static final double[][] J = {{-4, 1, 1}, {6, 1, 1}};

    @Test
    void agreesWithFrankWolfeOnTheVectors() {
        // FLOAT: Frank-Wolfe's choice of vertex is discontinuous, so FLOAT rounding can change the path (ε = 1e-3).
        GramMethodProperties.assertAgreesWithReferenceForEveryK("mgda", Map.of("solver", "frank-wolfe"),
                j -> VectorSpaceReferences.mgdaFrankWolfe(j, 1e-3, 100), 1e-9, 2e-2);
    }

    @Test
    void defaultIsTheExactMinNormPoint() {
        // d is the min-norm point of the convex hull exactly when w ≥ 0, Σw = 1 and J d ≥ ‖d‖² 1 (the KKT
        // conditions), checked in vector space for every K, including K > P.
        for (int k : GramMethodProperties.TASK_COUNTS) {
            for (int p : new int[] {3, 40}) {
                double[][] j = GramTestSupport.randomMatrix(7000L + k * 100 + p, k, p);
                Combination c = Combiners.create("mgda").combine(GramTestSupport.toGradients(j, DataType.DOUBLE));
                assertEquals(1, Arrays.stream(c.weights()).sum(), 1e-12);
                assertTrue(Arrays.stream(c.weights()).allMatch(w -> w >= 0));
                double[] d = GramTestSupport.toDoubles(c.direction());
                double squaredNorm = GramTestSupport.dot(d, d);
                double scale = Arrays.stream(j).mapToDouble(row -> GramTestSupport.dot(row, row)).max().orElse(1);
                for (double product : GramTestSupport.products(j, d)) {
                    assertTrue(product - squaredNorm >= -1e-12 * scale, "K=" + k + " P=" + p);
                }
                assertTrue(c.diagnostics().converged(), c.diagnostics().toString());
            }
        }
    }

    /** Issue 10, point 7: TorchJD's Frank-Wolfe stops far from MGDA's optimality conditions; the default does not. */
    @Test
    void frankWolfeMissesTheOptimalityConditionsThatTheDefaultMeets() {
        for (int[] kp : new int[][] {{32, 114}, {50, 100}}) {
            for (int seed = 0; seed < 3; seed++) {
                Gramian g = GramTestSupport.gramOf(GramTestSupport.randomMatrix(seed, kp[0], kp[1]));
                Weights torchJd = new MGDA().withSolver(MGDA.Solver.FRANK_WOLFE).weigh(g, null);
                Weights longer = new MGDA().withSolver(MGDA.Solver.FRANK_WOLFE).withEpsilon(1e-5).withMaxIters(1000)
                        .weigh(g, null);
                Weights exact = new MGDA().weigh(g, null);
                String where = kp[0] + " x " + kp[1] + " seed " + seed;
                double v = violation(g, torchJd.values());
                assertTrue(v >= 0.08 && v <= 0.27, where + ": TorchJD's setting misses by " + v);
                v = violation(g, longer.values());
                assertTrue(v >= 0.01 && v <= 0.05, where + ": ε = 1e-5 and 1,000 iterations miss by " + v);
                assertTrue(violation(g, exact.values()) < 1e-12, where + ": " + violation(g, exact.values()));
                assertTrue(exact.diagnostics().converged() && exact.diagnostics().iterations() < 50, where);
                assertFalse(torchJd.diagnostics().converged(), where + ": " + torchJd.diagnostics());
            }
        }
    }

    /** maxᵢ (wᵀGw − (Gw)ᵢ) / wᵀGw: how far w is from MGDA's optimality conditions, relative to ‖d‖². */
    private static double violation(Gramian g, double[] w) {
        double squaredNorm = g.quadraticForm(w);
        double worst = 0;
        for (int i = 0; i < g.size(); i++) {
            double gw = 0;
            for (int j = 0; j < g.size(); j++) {
                gw += g.get(i, j) * w[j];
            }
            worst = Math.max(worst, squaredNorm - gw);
        }
        return worst / squaredNorm;
    }

    /**
     * Issue 10, point 1: LibMTL's projected-gradient step is not capped at 1. With the cap the solver stalled on
     * small gradients (one iteration at |J| ~ 1e-11, duality gap 3.7e-2, reported as converged).
     */
    @Test
    void libMtlSolverDoesNotDependOnTheScaleOfSmallGradients() {
        double[][] j = GramTestSupport.randomMatrix(3, 5, 20);
        MGDA libMtl = new MGDA().withSolver(MGDA.Solver.LIBMTL);
        Weights reference = libMtl.weigh(GramTestSupport.gramOf(j), null);
        assertTrue(reference.diagnostics().converged() && reference.diagnostics().residual() < 1e-5,
                reference.toString());
        for (double scale : new double[] {1e-11, 1e-6, 1e3}) {
            Weights w = libMtl.weigh(GramTestSupport.gramOf(GramTestSupport.scale(j, scale)), null);
            assertArrayEquals(reference.values(), w.values(), 1e-12, "scale " + scale);
            assertEquals(reference.diagnostics().iterations(), w.diagnostics().iterations(), "scale " + scale);
        }
    }

    /**
     * Issue 10, point 9: LibMTL's rule Σ|Δw| &lt; 1e-5 also fires far from the optimum; the diagnostics say converged
     * only when the duality gap certifies the point.
     */
    @Test
    void libMtlSolverReportsConvergedOnlyWhenItsGapIsSmall() {
        int stoppedFarFromTheOptimum = 0;
        for (int seed = 0; seed < 200; seed++) {
            int k = 3 + seed % 30;
            int p = 3 + seed % 100;
            Gramian g = GramTestSupport.gramOf(seed % 2 == 0 ? GramTestSupport.randomMatrix(seed, k, p)
                    : GramTestSupport.conflictingMatrix(seed, k, p));
            Weights w = new MGDA().withSolver(MGDA.Solver.LIBMTL).weigh(g, null);
            if (w.diagnostics().converged()) {
                assertTrue(w.diagnostics().residual() <= MinNormPoint.LIBMTL_CONVERGED_GAP, w.toString());
            } else if (w.diagnostics().iterations() < MinNormPoint.LIBMTL_MAX_ITERATIONS
                    && w.diagnostics().residual() >= 1e-2) {
                stoppedFarFromTheOptimum++;
            }
        }
        // LibMTL's own rule stops with a duality gap of 1e-2 or more on a good share of problems.
        assertTrue(stoppedFarFromTheOptimum >= 10, stoppedFarFromTheOptimum + " of 200 stops far from the optimum");
    }

    /** Issue 10, point 12: task norms 1e-28 .. 1e29 gave a NaN weight (and an IllegalStateException). */
    @Test
    void everySolverStaysOnTheSimplexForTaskNormsFarApart() {
        double[] norms = {1e-28, 1e-5, 1e10, 1e29};
        for (int shift = 0; shift < 4; shift++) {
            double[][] j = GramTestSupport.randomMatrix(4 + shift, 4, 10);
            for (int i = 0; i < 4; i++) {
                for (int c = 0; c < 10; c++) {
                    j[i][c] *= norms[(i + shift) % 4];
                }
            }
            Gramian g = GramTestSupport.gramOf(j);
            for (MGDA.Solver solver : MGDA.Solver.values()) {
                double[] w = new MGDA().withSolver(solver).weigh(g, null).values();
                assertEquals(1, Arrays.stream(w).sum(), 1e-12, solver + " shift " + shift);
                assertTrue(Arrays.stream(w).allMatch(x -> x >= 0 && Double.isFinite(x)), Arrays.toString(w));
            }
            // The min-norm point is no longer than the shortest row, to the precision of a problem that spans 1e57.
            double shortest = Arrays.stream(g.diagonal()).min().orElseThrow();
            double longest = Arrays.stream(g.diagonal()).max().orElseThrow();
            assertTrue(g.quadraticForm(new MGDA().weigh(g, null).values()) <= shortest + 1e-15 * longest);
        }
    }

    @Test
    void kktConditionsAndNonConflict() {
        for (int seed = 0; seed < 100; seed++) {
            int k = 2 + seed % 9;
            double[][] j = GramTestSupport.conflictingMatrix(seed, k, 30);
            Gramian g = GramTestSupport.gramOf(j);
            double maxDiagonal = 0;
            for (int i = 0; i < k; i++) {
                maxDiagonal = Math.max(maxDiagonal, g.get(i, i));
            }
            for (MGDA.Solver solver : MGDA.Solver.values()) {
                Weights w = new MGDA().withSolver(solver).weigh(g, null);
                double[] v = w.values();
                double sum = 0;
                for (double x : v) {
                    assertTrue(x >= 0);
                    sum += x;
                }
                assertEquals(1, sum, 1e-9);
                double tolerance = (w.diagnostics().residual() + 1e-12) * maxDiagonal;
                if (solver == MGDA.Solver.ACTIVE_SET) {
                    assertTrue(w.diagnostics().residual() < 1e-9, w.toString());
                }
                double quadratic = g.quadraticForm(v);
                double[] products = GramTestSupport.products(j, GramTestSupport.combine(j, v));
                for (int i = 0; i < k; i++) {
                    assertTrue(products[i] - quadratic >= -tolerance, "KKT seed " + seed + " " + solver);
                    assertTrue(products[i] >= -tolerance, "non-conflicting seed " + seed + " " + solver);
                }
            }
        }
    }

    @Test
    void permutationEquivariantAndScaleInvariantWeights() {
        for (int seed = 0; seed < 50; seed++) {
            int k = 2 + seed % 7;
            double[][] j = GramTestSupport.conflictingMatrix(500 + seed, k, 30);
            int[] perm = GramTestSupport.randomPermutation(seed, k);
            double[] w = new MGDA().weigh(GramTestSupport.gramOf(j), null).values();
            double[] permuted = new MGDA().weigh(GramTestSupport.gramOf(GramTestSupport.permuteRows(j, perm)), null)
                    .values();
            for (int i = 0; i < k; i++) {
                assertEquals(w[perm[i]], permuted[i], 1e-9);
            }
            double[] scaled = new MGDA().weigh(GramTestSupport.gramOf(GramTestSupport.scale(j, 1e-3)), null)
                    .values();
            assertArrayEquals(w, scaled, 1e-9);
        }
    }

    @Test
    void normalizationsMatchHandDerivedValues() {
        Gramian g = GramTestSupport.gramOf(J); // G = [[18, −22], [−22, 38]]
        TaskLosses losses = TaskLosses.of(2, 0.5);
        // none: segment minimum γ = (38 + 22) / (18 + 38 + 44) = 0.6
        assertArrayEquals(new double[] {0.6, 0.4}, new MGDA().weigh(g, null).values(), 1e-12);
        // l2: unit vectors, so γ = 1/2 and wᵢ = 0.5 / ‖gᵢ‖
        assertArrayEquals(new double[] {0.5 / Math.sqrt(18), 0.5 / Math.sqrt(38)},
                new MGDA().withNormalization(MGDA.Normalization.L2).weigh(g, null).values(), 1e-12);
        // loss: Ĝ = [[18/4, −22/1], [−22, 38/0.25]], γ = (152 + 22) / (4.5 + 152 + 44)
        double gamma = 174 / 200.5;
        assertArrayEquals(new double[] {gamma / 2, (1 - gamma) / 0.5},
                new MGDA().withNormalization(MGDA.Normalization.LOSS).weigh(g, losses).values(), 1e-12);
        // loss+: Ĝ = [[1/4, cos/(2·0.5)], [·, 1/0.25]], cos = −22/√(18·38)
        double cos = -22 / Math.sqrt(18 * 38);
        gamma = (4 - cos) / (0.25 + 4 - 2 * cos);
        assertArrayEquals(new double[] {gamma / (2 * Math.sqrt(18)), (1 - gamma) / (0.5 * Math.sqrt(38))},
                new MGDA().withNormalization(MGDA.Normalization.LOSS_PLUS).weigh(g, losses).values(), 1e-12);
        // The registry spells them as LibMTL does.
        assertArrayEquals(new double[] {gamma / (2 * Math.sqrt(18)) * -4 + (1 - gamma) / (0.5 * Math.sqrt(38)) * 6},
                new double[] {GramTestSupport.toDoubles(Combiners.create("mgda", Map.of("normalization", "loss+",
                        "solver", "libmtl")).combine(GramTestSupport.toGradients(J,
                        org.nd4j.linalg.api.buffer.DataType.DOUBLE), losses).direction())[0]}, 1e-12);
    }

    @Test
    void libMtlSolverKeepsItsEndPointWeights() {
        // G = [[1, 2], [2, 5]]: the optimum is the first end point; LibMTL keeps 0.001 of the other gradient.
        Gramian g = Gramian.of(new double[][] {{1, 2}, {2, 5}});
        assertArrayEquals(new double[] {0.999, 0.001},
                new MGDA().withSolver(MGDA.Solver.LIBMTL).weigh(g, null).values(), 1e-15);
        assertArrayEquals(new double[] {1, 0}, new MGDA().weigh(g, null).values(), 0);
    }

    @Test
    void badOptionsNameTheOptionAndValue() {
        assertMessage(Map.of("epsilon", -1.0), "epsilon", "-1.0");
        assertMessage(Map.of("max_iters", 0), "max_iters", "0");
        assertMessage(Map.of("normalization", "l3"), "normalization", "l3");
        assertMessage(Map.of("solver", "quadprog"), "solver", "quadprog");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MGDA()
                .withNormalization(MGDA.Normalization.LOSS).weigh(GramTestSupport.gramOf(J), TaskLosses.of(1, -2)));
        assertTrue(e.getMessage().contains("loss") && e.getMessage().contains("-2.0"), e.getMessage());
    }

    static void assertMessage(Map<String, ?> options, String option, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("mgda", options));
        assertTrue(e.getMessage().contains(option) && e.getMessage().contains(value), e.getMessage());
    }
}
