package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.Gramian;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.buffer.DataType;

class FairGradTest {

    static final double[] ALPHAS = {0.5, 1, 2};

    @Test
    void agreesWithAVectorSpaceReferenceInFloatAndDouble() {
        for (int k : new int[] {1, 2, 3, 5, 8, 32}) {
            int p = k == 32 ? 10_000 : 300;
            double[][] j = k == 32 ? GramTestSupport.randomMatrix(k, k, p) : GramTestSupport.conflictingMatrix(k, k, p);
            for (double alpha : k == 32 ? new double[] {1} : ALPHAS) {
                double[] expected = GramTestSupport.combine(j, FixedPointReference.weights(j, alpha));
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    Combination c = Combiners.create(FairGrad.NAME, Map.of("alpha", alpha))
                            .combine(GramTestSupport.toGradients(j, type));
                    double err = GramTestSupport.relativeError(GramTestSupport.toDoubles(c.direction()), expected);
                    double tolerance = type == DataType.DOUBLE ? 1e-7 : 2e-3;
                    assertTrue(err <= tolerance, "K=" + k + " alpha=" + alpha + " " + type + ": error " + err);
                    assertTrue(c.diagnostics().converged(), c.diagnostics().toString());
                }
            }
        }
    }

    @Test
    void weightsSolveTheFixedPointOnManyMatrices() {
        for (int seed = 0; seed < 60; seed++) {
            int k = 2 + seed % 7;
            Gramian g = GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(100 + seed, k, 3 * k + 5));
            for (double alpha : ALPHAS) {
                Weights w = FairGrad.defaults().withAlpha(alpha).weigh(g, null);
                double residual = PositiveFixedPoint.residual(g.toArray(), alpha, w.values());
                assertTrue(residual <= PositiveFixedPoint.TOLERANCE, "seed " + seed + " alpha=" + alpha + ": " + residual);
                assertEquals(residual, w.diagnostics().residual(), 1e-6);
            }
        }
    }

    @Test
    void permutingTasksPermutesTheWeights() {
        for (int seed = 0; seed < 20; seed++) {
            double[][] j = GramTestSupport.conflictingMatrix(200 + seed, 6, 40);
            int[] perm = GramTestSupport.randomPermutation(seed, 6);
            for (double alpha : ALPHAS) {
                FairGrad method = FairGrad.defaults().withAlpha(alpha);
                double[] w = method.weigh(GramTestSupport.gramOf(j), null).values();
                double[] pw = method.weigh(GramTestSupport.gramOf(GramTestSupport.permuteRows(j, perm)), null).values();
                for (int i = 0; i < 6; i++) {
                    assertEquals(w[perm[i]], pw[i], 1e-9 * w[perm[i]], "seed " + seed + " alpha=" + alpha);
                }
            }
        }
    }

    @Test
    void scalingJScalesTheWeightsByCToTheMinus2AlphaOverAlphaPlus1() {
        double[][] j = GramTestSupport.conflictingMatrix(300, 4, 30);
        for (double alpha : ALPHAS) {
            FairGrad method = FairGrad.defaults().withAlpha(alpha);
            double[] w = method.weigh(GramTestSupport.gramOf(j), null).values();
            for (double c : new double[] {1e-10, 0.1, 7, 1e10}) {
                double[] scaled = method.weigh(GramTestSupport.gramOf(GramTestSupport.scale(j, c)), null).values();
                double factor = Math.pow(c, -2 * alpha / (alpha + 1));
                for (int i = 0; i < 4; i++) {
                    assertEquals(w[i] * factor, scaled[i], 1e-9 * w[i] * factor, "alpha=" + alpha + " c=" + c);
                }
            }
        }
    }

    @Test
    void handDerivedValues() {
        // Orthogonal gradients: (Gw)ᵢ = Gᵢᵢwᵢ, so wᵢ = Gᵢᵢ^(−α/(α+1)). G = diag(4, 1), α = 2: w = (4^(−2/3), 1).
        Weights orthogonal = FairGrad.defaults().withAlpha(2).weigh(Gramian.of(new double[][] {{4, 0}, {0, 1}}), null);
        assertArrayEquals(new double[] {Math.pow(4, -2.0 / 3), 1}, orthogonal.values(), 1e-12);
        // TorchJD's example, α = 1: G = [[18, −22], [−22, 38]]; 18x² − 22xy = 1 = 38y² − 22xy gives
        // x = y√(19/9) and y² = 1 / (38 − 22√(19/9)).
        double y = 1 / Math.sqrt(38 - 22 * Math.sqrt(19.0 / 9));
        double x = y * Math.sqrt(19.0 / 9);
        Weights torchjd = FairGrad.defaults().weigh(Gramian.of(new double[][] {{18, -22}, {-22, 38}}), null);
        assertArrayEquals(new double[] {x, y}, torchjd.values(), 1e-10);
        // K = 1: w = ‖g‖^(−2α/(α+1)); α = 1 gives the unit vector g/‖g‖.
        Weights single = FairGrad.defaults().weigh(Gramian.of(new double[][] {{9}}), null);
        assertEquals(1.0 / 3, single.get(0), 1e-12);
    }

    @Test
    void badAlphaIsRejectedWithItsNameAndValue() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FairGrad.defaults().withAlpha(bad));
            assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains(String.valueOf(bad)), e.getMessage());
            IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                    () -> Combiners.create(FairGrad.NAME, Map.of("alpha", bad)));
            assertTrue(r.getMessage().contains("alpha"), r.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create(FairGrad.NAME, Map.of("alpha", "fair")));
        assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains("fair"), e.getMessage());
    }

    @Test
    void configurationEquality() {
        assertEquals(FairGrad.defaults(), FairGrad.defaults().withAlpha(1.0));
        assertEquals(FairGrad.defaults().hashCode(), FairGrad.defaults().withAlpha(1.0).hashCode());
        assertTrue(!FairGrad.defaults().equals(FairGrad.defaults().withAlpha(2)));
        assertEquals(FairGrad.defaults().withAlpha(2), ((org.mto4j.core.GramCombiner) Combiners.create(FairGrad.NAME,
                Map.of("alpha", 2))).weighting());
    }
}
