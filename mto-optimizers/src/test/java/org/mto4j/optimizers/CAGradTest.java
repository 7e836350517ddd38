package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.Gramian;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.buffer.DataType;

class CAGradTest {

    static final double[][] J = {{-4, 1, 1}, {6, 1, 1}};

    @Test
    void agreesWithProjectedGradientOnTheVectors() {
        GramMethodProperties.assertAgreesWithReferenceForEveryK("cagrad", Map.of(),
                j -> VectorSpaceReferences.cagrad(j, 0.5, 3000), 1e-6, 5e-3);
    }

    @Test
    void nonConflictingForCAtLeastOneAndScaleInvariantWeights() {
        for (int seed = 0; seed < 60; seed++) {
            int k = 2 + seed % 8;
            double[][] j = GramTestSupport.conflictingMatrix(1300 + seed, k, 30);
            Gramian g = GramTestSupport.gramOf(j);
            double maxDiagonal = 0;
            for (int i = 0; i < k; i++) {
                maxDiagonal = Math.max(maxDiagonal, g.get(i, i));
            }
            for (double c : new double[] {1, 2}) {
                double[] w = new CAGrad().withC(c).weigh(g, null).values();
                for (double p : GramTestSupport.products(j, GramTestSupport.combine(j, w))) {
                    assertTrue(p >= -1e-7 * maxDiagonal, "seed " + seed + " c=" + c);
                }
            }
            double[] w = new CAGrad().weigh(g, null).values();
            assertArrayEquals(w, new CAGrad().weigh(GramTestSupport.gramOf(GramTestSupport.scale(j, 1e3)), null)
                    .values(), 1e-8);
            int[] perm = GramTestSupport.randomPermutation(seed, k);
            double[] permuted = new CAGrad().weigh(GramTestSupport.gramOf(GramTestSupport.permuteRows(j, perm)),
                    null).values();
            for (int i = 0; i < k; i++) {
                assertTrue(Math.abs(w[perm[i]] - permuted[i]) <= 1e-8, "permutation, seed " + seed);
            }
        }
    }

    @Test
    void rescalingMatchesHandDerivedValues() {
        // TorchJD's golden value (rescale none), then LibMTL's rescale 1 = 1/(1 + c²) and 2 = 1/(1 + c).
        double[] none = direction(Map.of("c", 0.5, "rescale", "none"));
        assertArrayEquals(new double[] {0.1835, 1.2041, 1.2041}, none, 1e-4);
        double[] squared = direction(Map.of("c", 0.5, "rescale", "squared"));
        double[] libMtlDefault = direction(Map.of("c", 0.5, "rescale", 1));
        double[] linear = direction(Map.of("c", 0.5, "rescale", "2"));
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(squared[c] - none[c] / 1.25) < 1e-12);
            assertTrue(Math.abs(libMtlDefault[c] - none[c] / 1.25) < 1e-12);
            assertTrue(Math.abs(linear[c] - none[c] / 1.5) < 1e-12);
        }
        // c = 0 is gradient descent on the mean loss.
        assertArrayEquals(new double[] {1, 1, 1}, direction(Map.of("c", 0.0)), 1e-12);
    }

    private static double[] direction(Map<String, ?> options) {
        return GramTestSupport.toDoubles(Combiners.create("cagrad", options)
                .combine(GramTestSupport.toGradients(J, DataType.DOUBLE)).direction());
    }

    /**
     * Issue 10, point 4: on Pareto-stationary gradients (here g₃ = −g₁ − g₂, so 0 is in their convex hull) ‖g_w*‖
     * vanishes and the direction formula is undefined. TorchJD returns zero weights ({@code degenerate = zero}); the
     * default returns the mean; the diagnostics name the branch either way.
     */
    @Test
    void degenerateStepsGiveTheMeanOrZeroAndSaySo() {
        double[][] j = {{1, 2, 0, 1}, {-3, 1, 1, 0}, {2, -3, -1, -1}};
        Gramian g = GramTestSupport.gramOf(j);
        for (double c : new double[] {0.5, 1, 2}) {
            Weights mean = new CAGrad().withC(c).weigh(g, null);
            assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, mean.values(), 1e-15);
            assertEquals(CAGrad.DEGENERATE_MEAN, mean.diagnostics().solver());
            Weights zero = new CAGrad().withC(c).withDegenerate(CAGrad.Degenerate.ZERO).weigh(g, null);
            assertArrayEquals(new double[3], zero.values(), 0.0);
            assertEquals(CAGrad.DEGENERATE_ZERO, zero.diagnostics().solver());
        }
        Weights ordinary = new CAGrad().weigh(GramTestSupport.gramOf(J), null);
        assertEquals(CAGradSolver.SOLVER, ordinary.diagnostics().solver());
        assertEquals(new CAGrad().withDegenerate(CAGrad.Degenerate.ZERO),
                ((GramCombiner) Combiners.create("cagrad", Map.of("degenerate", "zero"))).weighting());
    }

    @Test
    void badOptionsNameTheOptionAndValue() {
        assertMessage(Map.of("degenerate", "skip"), "degenerate", "skip");
        assertMessage(Map.of("c", -0.5), "c", "-0.5");
        assertMessage(Map.of("rescale", "cubic"), "rescale", "cubic");
        assertMessage(Map.of("norm_eps", Double.NaN), "norm_eps", "NaN");
    }

    static void assertMessage(Map<String, ?> options, String option, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("cagrad", options));
        assertTrue(e.getMessage().contains(option) && e.getMessage().contains(value), e.getMessage());
    }
}
