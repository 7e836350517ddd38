package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.Gramian;
import org.nd4j.linalg.api.buffer.DataType;

/** UPGrad and DualProj: both project onto the dual cone of the rows ({@link DualConeProjection}). */
class DualConeMethodsTest {

    static final double[][] J = {{-4, 1, 1}, {6, 1, 1}};
    static final double REG = UPGrad.DEFAULT_REG_EPS;

    @Test
    void upgradAgreesWithVectorSpaceProjections() {
        GramMethodProperties.assertAgreesWithReferenceForEveryK("upgrad", Map.of(), j -> {
            double[] d = new double[j[0].length];
            for (int i = 0; i < j.length; i++) {
                double[] u = new double[j.length];
                u[i] = 1.0 / j.length;
                double[] projected = VectorSpaceReferences.dualConeProjection(j, u, REG);
                for (int c = 0; c < d.length; c++) {
                    d[c] += projected[c];
                }
            }
            return d;
        }, 1e-7, 5e-3);
    }

    @Test
    void dualProjAgreesWithVectorSpaceProjection() {
        GramMethodProperties.assertAgreesWithReferenceForEveryK("dualproj", Map.of(), j -> {
            double[] u = new double[j.length];
            Arrays.fill(u, 1.0 / j.length);
            return VectorSpaceReferences.dualConeProjection(j, u, REG);
        }, 1e-7, 5e-3);
    }

    @Test
    void kktOfEveryProjectionAndNonConflict() {
        for (int seed = 0; seed < 100; seed++) {
            int k = 2 + seed % 9;
            double[][] j = GramTestSupport.conflictingMatrix(700 + seed, k, 30);
            Gramian g = GramTestSupport.gramOf(j);
            double trace = 0;
            for (int i = 0; i < k; i++) {
                trace += g.get(i, i);
            }
            double[][] a = g.toArray();
            for (int i = 0; i < k; i++) {
                for (int c = 0; c < k; c++) {
                    a[i][c] = a[i][c] / trace + (i == c ? REG : 0);
                }
            }
            DualConeProjection projection = new DualConeProjection(g, UPGrad.DEFAULT_NORM_EPS, REG);
            for (int i = 0; i < k; i++) {
                double[] u = new double[k];
                u[i] = 1.0 / k;
                assertProjectionKkt(a, u, projection.projectRow(i, u[i]).x(), seed);
            }
            double[] mean = new double[k];
            Arrays.fill(mean, 1.0 / k);
            double[] dualProj = new DualProj().weigh(g, null).values();
            assertProjectionKkt(a, mean, dualProj, seed);
            double[] upgrad = new UPGrad().weigh(g, null).values();
            for (double[] w : new double[][] {upgrad, dualProj}) {
                double[] products = GramTestSupport.products(j, GramTestSupport.combine(j, w));
                for (int i = 0; i < k; i++) {
                    // Exact for G/tr + εI, so J d >= −ε tr(G) w componentwise.
                    assertTrue(products[i] >= -REG * trace * w[i] - 1e-9 * trace, "seed " + seed);
                }
            }
        }
    }

    private static void assertProjectionKkt(double[][] a, double[] u, double[] v, int seed) {
        int k = u.length;
        double complementarity = 0;
        for (int i = 0; i < k; i++) {
            assertTrue(v[i] >= u[i] - 1e-15, "primal feasibility, seed " + seed);
            double av = GramTestSupport.dot(a[i], v);
            assertTrue(av >= -1e-10, "dual feasibility, seed " + seed);
            complementarity += (v[i] - u[i]) * av;
        }
        assertEquals(0, complementarity, 1e-10, "complementarity, seed " + seed);
    }

    @Test
    void invariances() {
        for (int seed = 0; seed < 40; seed++) {
            int k = 2 + seed % 7;
            double[][] j = GramTestSupport.conflictingMatrix(900 + seed, k, 30);
            int[] perm = GramTestSupport.randomPermutation(seed, k);
            for (boolean up : new boolean[] {true, false}) {
                double[] w = weights(up, j);
                double[] permuted = weights(up, GramTestSupport.permuteRows(j, perm));
                for (int i = 0; i < k; i++) {
                    assertEquals(w[perm[i]], permuted[i], 1e-9);
                }
                // Scale-invariant weights, hence d(aJ) = a d(J): UPGrad's linearity under scaling.
                assertArrayEquals(w, weights(up, GramTestSupport.scale(j, 0.1)), 1e-9);
                assertArrayEquals(w, weights(up, GramTestSupport.scale(j, 10)), 1e-9);
            }
        }
    }

    private static double[] weights(boolean upgrad, double[][] j) {
        Gramian g = GramTestSupport.gramOf(j);
        return (upgrad ? new UPGrad().weigh(g, null) : new DualProj().weigh(g, null)).values();
    }

    @Test
    void upgradIsStronglyStationary() {
        for (int seed = 0; seed < 40; seed++) {
            // P > K: rows independent, so no positive v has vᵀJ = 0, and d must not vanish.
            double[][] j = GramTestSupport.conflictingMatrix(1100 + seed, 2 + seed % 6, 12);
            assertTrue(GramTestSupport.norm(GramTestSupport.combine(j, weights(true, j))) > 1e-6);
        }
        // g, −g, h: 0 is in the convex hull (MGDA stops) but no positive v cancels the rows; UPGrad moves.
        double[][] j = {{1, 0}, {-1, 0}, {0, 1}};
        assertTrue(GramTestSupport.norm(GramTestSupport.combine(j, weights(true, j))) > 0.1);
        assertEquals(0, GramTestSupport.norm(GramTestSupport.combine(j,
                new MGDA().withSolver(MGDA.Solver.ACTIVE_SET).weigh(GramTestSupport.gramOf(j), null).values())), 1e-9);
    }

    @Test
    void preferenceVectorAndNormEpsMatchHandDerivedValues() {
        // pref (1, 0): only g₁ is projected; A = G/56 + εI, v = (1, x) with A₂₁ + A₂₂ x = 0.
        double x = (22.0 / 56) / (38.0 / 56 + REG);
        double[] expected = {-4 + 6 * x, 1 + x, 1 + x};
        for (String name : new String[] {"upgrad", "dualproj"}) {
            assertArrayEquals(expected, direction(name, Map.of("pref_vector", new double[] {1, 0}), J), 1e-12);
        }
        // DualProj is positively homogeneous in its preference: pref (1, 1) is twice the default.
        double[] twice = direction("dualproj", Map.of(), J);
        for (int c = 0; c < 3; c++) {
            twice[c] *= 2;
        }
        assertArrayEquals(twice, direction("dualproj", Map.of("pref_vector", new double[] {1, 1}), J), 1e-12);
        // tr G = 56e-6 < norm_eps = 1e-4: G counts as 0, so both give the mean (TorchJD); norm_eps = 0 does not.
        double[][] small = GramTestSupport.scale(J, 1e-3);
        assertArrayEquals(new double[] {1e-3, 1e-3, 1e-3}, direction("upgrad", Map.of(), small), 1e-15);
        double[] golden = direction("upgrad", Map.of(), J);
        double[] unthresholded = direction("upgrad", Map.of("norm_eps", 0.0), small);
        for (int c = 0; c < 3; c++) {
            assertEquals(1e-3 * golden[c], unthresholded[c], 1e-15);
        }
    }

    private static double[] direction(String name, Map<String, ?> options, double[][] j) {
        return GramTestSupport.toDoubles(Combiners.create(name, options)
                .combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
    }

    @Test
    void badOptionsNameTheOptionAndValue() {
        for (String name : new String[] {"upgrad", "dualproj"}) {
            assertMessage(name, Map.of("reg_eps", 0.0), "reg_eps", "0.0");
            assertMessage(name, Map.of("norm_eps", -1.0), "norm_eps", "-1.0");
            assertMessage(name, Map.of("pref_vector", new double[] {-1, 1}), "pref_vector", "-1.0");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Combiners.create(name,
                    Map.of("pref_vector", new double[] {1, 1, 1})).combine(GramTestSupport.toGradients(J,
                    DataType.DOUBLE)));
            assertTrue(e.getMessage().contains("pref_vector") && e.getMessage().contains("3"), e.getMessage());
        }
    }

    static void assertMessage(String name, Map<String, ?> options, String option, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create(name, options));
        assertTrue(e.getMessage().contains(option) && e.getMessage().contains(value), e.getMessage());
    }
}
