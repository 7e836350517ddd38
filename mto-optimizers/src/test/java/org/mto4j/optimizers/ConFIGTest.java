package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mto4j.core.Combiners;
import org.nd4j.linalg.api.buffer.DataType;

class ConFIGTest {

    /** The paper in vector space: x = U⁺ p = Uᵀ (U Uᵀ)⁻¹ p (U full row rank), ĝ = x/‖x‖, d = (Σ ⟨gᵢ, ĝ⟩) ĝ. */
    static double[] naiveConFIG(double[][] j, double[] pref) {
        double[][] u = DenseSolve.units(j);
        double[] y = DenseSolve.solve(DenseSolve.rowProducts(u, u), pref);
        double[] x = GramTestSupport.combine(u, y);
        double[] unit = GramTestSupport.scale(new double[][] {x}, 1 / GramTestSupport.norm(x))[0];
        double length = 0;
        for (double[] g : j) {
            length += GramTestSupport.dot(g, unit);
        }
        return GramTestSupport.scale(new double[][] {unit}, length)[0];
    }

    static double[] ones(int k) {
        double[] p = new double[k];
        java.util.Arrays.fill(p, 1.0);
        return p;
    }

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {1, 2, 3, 5, 8, 32})
    void agreesWithTheVectorSpaceDefinition(int k) {
        GramMethodProperties.assertAgreesWithReference("config", Map.of(), k, j -> naiveConFIG(j, ones(k)), 1e-8, 5e-3);
        double[] pref = new double[k];
        for (int i = 0; i < k; i++) {
            pref[i] = 0.5 + i % 3;
        }
        GramMethodProperties.assertAgreesWithReference("config", Map.of("pref_vector", pref), k,
                j -> naiveConFIG(j, pref), 1e-8, 5e-3);
    }

    @Test
    void preferenceVectorByHand() {
        // Orthogonal unit gradients, p = (1, 2): x = (1, 2), ĝ = x/√5, Σ⟨gᵢ, ĝ⟩ = 3/√5, d = (3/5)(1, 2).
        double[][] j = {{1, 0}, {0, 1}};
        double[] d = GramTestSupport.toDoubles(Combiners.create("config", Map.of("pref_vector", new double[] {1, 2}))
                .combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
        assertArrayEquals(new double[] {0.6, 1.2}, d, 1e-12);
    }

    @Test
    void linearUnderScalingPermutationEquivariantAndScaleInvariantWeights() {
        for (long seed = 0; seed < 20; seed++) {
            double[][] j = GramTestSupport.conflictingMatrix(seed, 2 + (int) (seed % 5), 30);
            double[] d = GramTestSupport.toDoubles(Combiners.create("config", Map.of())
                    .combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
            for (double factor : new double[] {1e-3, 2.5, 1e4}) {
                double[] scaled = GramTestSupport.toDoubles(Combiners.create("config", Map.of())
                        .combine(GramTestSupport.toGradients(GramTestSupport.scale(j, factor), DataType.DOUBLE))
                        .direction());
                double[] expected = GramTestSupport.scale(new double[][] {d}, factor)[0];
                double err = GramTestSupport.relativeError(scaled, expected);
                assertTrue(err <= 1e-9, "seed " + seed + " x" + factor + ": relative error " + err);
            }
        }
        GramMethodProperties.assertPermutationEquivariant(ConFIG.defaults());
        GramMethodProperties.assertScaleInvariantWeights(ConFIG.defaults());
    }

    /**
     * Issue 10, point 3: for exactly opposed gradients no direction has cosine 1 with both, x = U⁺1 = 0 and the
     * direction is 0. Rounding left (|g₁| − |g₂|) u₁.
     */
    @Test
    void exactlyOpposedGradientsGiveAZeroDirection() {
        for (long seed = 0; seed < 20; seed++) {
            double[] g = GramTestSupport.randomMatrix(seed, 1, 3 + (int) seed)[0];
            double factor = -Math.exp(seed - 10.0);
            double[][] j = {g, g.clone()};
            for (int c = 0; c < g.length; c++) {
                j[1][c] *= factor;
            }
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                double[] d = GramTestSupport.toDoubles(Combiners.create("config").combine(GramTestSupport
                        .toGradients(j, type)).direction());
                assertArrayEquals(new double[d.length], d, 0.0, "seed " + seed + " " + type);
            }
        }
    }

    @Test
    void configurationAndBadOptions() {
        assertEquals(ConFIG.defaults().withPrefVector(new double[] {1, 2}),
                ConFIG.defaults().withPrefVector(new double[] {1, 2}));
        assertNotEquals(ConFIG.defaults(), ConFIG.defaults().withPrefVector(new double[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("config", Map.of("pref_vector", new double[] {1, Double.NaN})));
        assertTrue(e.getMessage().contains("pref_vector") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Combiners.create("config",
                Map.of("pref_vector", new double[] {1, 2, 3})).combine(
                        GramTestSupport.toGradients(new double[][] {{1, 0}, {0, 1}}, DataType.DOUBLE)));
        assertTrue(e.getMessage().contains("pref_vector") && e.getMessage().contains("3"), e.getMessage());
    }
}
