package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

class MGDATest {

    static final double[][] J = {{-4, 1, 1}, {6, 1, 1}};

    @Test
    void agreesWithFrankWolfeOnTheVectors() {
        // FLOAT: Frank-Wolfe's choice of vertex is discontinuous, so FLOAT rounding can change the path (ε = 1e-3).
        GramMethodProperties.assertAgreesWithReferenceForEveryK("mgda", Map.of(),
                j -> VectorSpaceReferences.mgdaFrankWolfe(j, 1e-3, 100), 1e-9, 2e-2);
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
