package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mto4j.core.Combiners;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.Gramian;
import org.nd4j.linalg.api.buffer.DataType;

class AlignedMTLTest {

    /**
     * The paper in vector space for a full-row-rank J: the aligned gradients are s Q, with Q = (J Jᵀ)^(−1/2) J the
     * orthonormal polar factor of J, computed by Newton's iteration X ← ½ (X + (X Xᵀ)⁻¹ X) on the rows; d = s Qᵀ p.
     * s² = λ_min(J Jᵀ) by inverse iteration (min), or trace(J Jᵀ)/K (rmse).
     */
    static double[] naiveAlignedMTL(double[][] j, double[] pref, boolean rmse) {
        int k = j.length;
        double[][] x = j;
        for (int iteration = 0; iteration < 100; iteration++) {
            double[][] xxt = DenseSolve.rowProducts(x, x);
            double[][] next = new double[k][];
            double change = 0;
            for (int i = 0; i < k; i++) {
                double[] unit = new double[k];
                unit[i] = 1;
                double[] row = GramTestSupport.combine(x, DenseSolve.solve(xxt, unit)); // row i of (X Xᵀ)⁻¹ X
                next[i] = new double[row.length];
                for (int c = 0; c < row.length; c++) {
                    next[i][c] = 0.5 * (x[i][c] + row[c]);
                    change = Math.max(change, Math.abs(next[i][c] - x[i][c]));
                }
            }
            x = next;
            if (change < 1e-15) {
                break;
            }
        }
        double[][] g = DenseSolve.rowProducts(j, j);
        double s2;
        if (rmse) {
            s2 = 0;
            for (int i = 0; i < k; i++) {
                s2 += g[i][i] / k;
            }
        } else {
            double[] v = new double[k];
            java.util.Arrays.fill(v, 1.0);
            for (int iteration = 0; iteration < 2000; iteration++) {
                v = DenseSolve.solve(g, v);
                double n = GramTestSupport.norm(v);
                for (int i = 0; i < k; i++) {
                    v[i] /= n;
                }
            }
            double[] gv = new double[k];
            for (int i = 0; i < k; i++) {
                gv[i] = GramTestSupport.dot(g[i], v);
            }
            s2 = GramTestSupport.dot(v, gv);
        }
        double[] d = GramTestSupport.combine(x, pref);
        return GramTestSupport.scale(new double[][] {d}, Math.sqrt(s2))[0];
    }

    static double[] uniform(int k, double value) {
        double[] p = new double[k];
        java.util.Arrays.fill(p, value);
        return p;
    }

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {1, 2, 3, 5, 8, 32})
    void agreesWithTheVectorSpacePolarFactor(int k) {
        GramMethodProperties.assertAgreesWithReference("aligned-mtl", Map.of(), k,
                j -> naiveAlignedMTL(j, uniform(k, 1.0 / k), false), 1e-8, 5e-3);
        GramMethodProperties.assertAgreesWithReference("aligned-mtl",
                Map.of("scale_mode", "rmse", "pref_vector", uniform(k, 1.0)), k,
                j -> naiveAlignedMTL(j, uniform(k, 1.0), true), 1e-8, 5e-3);
    }

    /**
     * Orthogonal gradients of norms 1, 2, 3: λ = 9, 4, 1. B = s diag(1, 1/2, 1/3), p = 1/3: s = 1 (min),
     * 2 (median), √(14/3) (rmse); d = (s/3) (g₁ + g₂/2 + g₃/3) = (s/3)(1, 1, 1). LibMTL's preference 1 is 3 times that.
     */
    @Test
    void scaleModesAndLibraryPreferencesByHand() {
        double[][] j = {{1, 0, 0}, {0, 2, 0}, {0, 0, 3}};
        Map<String, Double> scales = Map.of("min", 1.0, "median", 2.0, "rmse", Math.sqrt(14.0 / 3));
        for (Map.Entry<String, Double> e : scales.entrySet()) {
            double expected = e.getValue() / 3;
            double[] torchJd = GramTestSupport.toDoubles(Combiners.create("aligned-mtl", Map.of("scale_mode", e.getKey()))
                    .combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
            assertArrayEquals(uniform(3, expected), torchJd, 1e-12, e.getKey());
            double[] libMtl = GramTestSupport.toDoubles(Combiners.create("aligned-mtl",
                    Map.of("scale_mode", e.getKey(), "pref_vector", uniform(3, 1.0)))
                    .combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
            assertArrayEquals(uniform(3, 3 * expected), libMtl, 1e-12, e.getKey());
        }
        // Even rank: the lower median of λ = (9, 1) is 1, as torch.median.
        double[] d = GramTestSupport.toDoubles(Combiners.create("aligned-mtl", Map.of("scale_mode", "median"))
                .combine(GramTestSupport.toGradients(new double[][] {{1, 0}, {0, 3}}, DataType.DOUBLE)).direction());
        assertArrayEquals(new double[] {0.5, 0.5}, d, 1e-12);
        assertEquals(AlignedMTL.libMtl(3), AlignedMTL.defaults().withPrefVector(uniform(3, 1.0)).withRankEps(0x1p-52));
    }

    @Test
    void alignedGradientsAreOrthogonalWithEqualNorms() {
        for (long seed = 0; seed < 20; seed++) {
            int k = 2 + (int) (seed % 6);
            double[][] j = GramTestSupport.conflictingMatrix(seed, k, 3 * k + 2);
            // Row i of the aligned system B J is the direction for p = eᵢ.
            double[][] aligned = new double[k][];
            for (int i = 0; i < k; i++) {
                double[] p = new double[k];
                p[i] = 1;
                aligned[i] = GramTestSupport.combine(j,
                        AlignedMTL.defaults().withPrefVector(p).weigh(GramTestSupport.gramOf(j), null).values());
            }
            double[][] g = DenseSolve.rowProducts(aligned, aligned);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    assertEquals(a == b ? g[0][0] : 0.0, g[a][b], 1e-9 * g[0][0], "seed " + seed);
                }
            }
        }
    }

    @Test
    void permutationEquivariantAndScaleInvariant() {
        for (AlignedMTL.ScaleMode mode : AlignedMTL.ScaleMode.values()) {
            GramMethodProperties.assertPermutationEquivariant(AlignedMTL.defaults().withScaleMode(mode));
            GramMethodProperties.assertScaleInvariantWeights(AlignedMTL.defaults().withScaleMode(mode));
        }
    }

    /**
     * Issue 10, point 2: the rank tolerance K · rank_eps · λ₁. Gradients of norms 1e-3 and 1e3 have λ₂/λ₁ = 1e-12,
     * below TorchJD's K · 2⁻²³ (the small task is dropped: B keeps one direction) and above LibMTL's recorded
     * K · 2⁻⁵² (both are aligned: the aligned gradients are orthogonal with equal norms).
     */
    @Test
    void rankEpsDecidesWhichEigenvaluesAreKept() {
        double[][] j = {{1e3, 0, 0}, {0, 1e-3, 0}};
        Gramian g = GramTestSupport.gramOf(j);
        double[] torchJd = AlignedMTL.defaults().weigh(g, null).values();
        double[] libMtl = AlignedMTL.libMtl(2).weigh(g, null).values();
        // Kept only λ₁ = 1e6: B = √λ₁ v₁ v₁ᵀ / √λ₁ = e₁e₁ᵀ, so w = (1/2, 0).
        assertArrayEquals(new double[] {0.5, 0}, torchJd, 1e-15);
        // Both kept: B = √λ₂ diag(λ₁^(−1/2), λ₂^(−1/2)) = diag(1e-6, 1): w = (1e-6, 1), aligned gradients of
        // norm 1e-3 each.
        assertArrayEquals(new double[] {1e-6, 1}, libMtl, 1e-15);
        assertEquals(0x1p-52, AlignedMTL.libMtl(2).rankEps());
        assertEquals(AlignedMTL.DEFAULT_RANK_EPS, Combiners.create("aligned-mtl") instanceof GramCombiner gc
                ? ((AlignedMTL) gc.weighting()).rankEps() : Double.NaN);
    }

    @Test
    void badOptionsNameTheOptionAndValue() {
        for (double bad : new double[] {-1e-16, 1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Combiners.create("aligned-mtl", Map.of("rank_eps", bad)));
            assertTrue(e.getMessage().contains("rank_eps") && e.getMessage().contains(String.valueOf(bad)),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("aligned-mtl", Map.of("scale_mode", "max")));
        assertTrue(e.getMessage().contains("scale_mode") && e.getMessage().contains("max"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("aligned-mtl", Map.of("pref_vector", new double[] {Double.POSITIVE_INFINITY})));
        assertTrue(e.getMessage().contains("pref_vector") && e.getMessage().contains("Infinity"), e.getMessage());
    }
}
