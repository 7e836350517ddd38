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
import org.mto4j.core.Weights;

class IMTLGTest {

    /**
     * The paper's closed form in vector space: D = [g₁ − gᵢ], U = [u₁ − uᵢ] (i = 2..K), β = g₁ Uᵀ (D Uᵀ)⁻¹,
     * α = (1 − Σβ, β), d = Σ αᵢ gᵢ.
     */
    static double[] naiveIMTLG(double[][] j) {
        int k = j.length;
        if (k == 1) {
            return j[0].clone();
        }
        double[][] u = DenseSolve.units(j);
        double[][] d = new double[k - 1][];
        double[][] du = new double[k - 1][];
        for (int i = 1; i < k; i++) {
            d[i - 1] = new double[j[0].length];
            du[i - 1] = new double[j[0].length];
            for (int c = 0; c < j[0].length; c++) {
                d[i - 1][c] = j[0][c] - j[i][c];
                du[i - 1][c] = u[0][c] - u[i][c];
            }
        }
        double[][] m = DenseSolve.rowProducts(d, du); // D Uᵀ
        double[] r = DenseSolve.rowProducts(new double[][] {j[0]}, du)[0]; // g₁ Uᵀ
        double[][] mt = new double[k - 1][k - 1];
        for (int a = 0; a < k - 1; a++) {
            for (int b = 0; b < k - 1; b++) {
                mt[a][b] = m[b][a];
            }
        }
        double[] beta = DenseSolve.solve(mt, r); // β M = r  ⟺  Mᵀ βᵀ = rᵀ
        double[] alpha = new double[k];
        alpha[0] = 1;
        for (int i = 1; i < k; i++) {
            alpha[i] = beta[i - 1];
            alpha[0] -= beta[i - 1];
        }
        return GramTestSupport.combine(j, alpha);
    }

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {1, 2, 3, 5, 8, 32})
    void agreesWithTheVectorSpaceClosedForm(int k) {
        GramMethodProperties.assertAgreesWithReference("imtl-g", Map.of(), k, IMTLGTest::naiveIMTLG, 1e-8, 5e-3);
    }

    @Test
    void projectionsOntoUnitGradientsAreEqualAndWeightsSumToOne() {
        for (long seed = 0; seed < 30; seed++) {
            int k = 2 + (int) (seed % 7);
            double[][] j = GramTestSupport.conflictingMatrix(seed, k, 3 * k);
            double[] w = IMTLG.instance().weigh(GramTestSupport.gramOf(j), null).values();
            assertEquals(1.0, java.util.Arrays.stream(w).sum(), 1e-10);
            double[] products = GramTestSupport.products(DenseSolve.units(j), GramTestSupport.combine(j, w));
            for (double x : products) {
                assertEquals(products[0], x, 1e-9 * Math.abs(products[0]), "seed " + seed);
            }
        }
    }

    /**
     * Issue 10, point 2: with task norms spread over 1e-3 .. 1e3 in DOUBLE, FLOAT's cutoff K · 2⁻²³ dropped the
     * small directions of G and broke the equal projections by 1e3 to 1e5 relative; DOUBLE's K · 2⁻⁵² keeps them.
     */
    @Test
    void projectionsStayEqualForTaskNormsFarApart() {
        for (long seed = 0; seed < 20; seed++) {
            int k = 2 + (int) (seed % 7);
            double[][] j = GramTestSupport.randomMatrix(4000 + seed, k, 20);
            for (int i = 0; i < k; i++) {
                double scale = Math.pow(10, -3 + 6.0 * i / (k - 1));
                for (int c = 0; c < 20; c++) {
                    j[i][c] *= scale;
                }
            }
            double[] w = IMTLG.instance().weigh(GramTestSupport.gramOf(j), null).values();
            double[] products = GramTestSupport.products(DenseSolve.units(j), GramTestSupport.combine(j, w));
            for (double x : products) {
                assertEquals(products[0], x, 1e-7 * Math.abs(products[0]), "seed " + seed);
            }
        }
    }

    @Test
    void permutationEquivariantAndScaleInvariant() {
        GramMethodProperties.assertPermutationEquivariant(IMTLG.instance());
        GramMethodProperties.assertScaleInvariantWeights(IMTLG.instance());
    }

    @Test
    void degenerateCasesByHand() {
        // Duplicated rows: the pseudo-inverse splits the weight evenly; d = g.
        double[][] twice = {{3, 4}, {3, 4}};
        Weights w = IMTLG.instance().weigh(GramTestSupport.gramOf(twice), null);
        assertArrayEquals(new double[] {0.5, 0.5}, w.values(), 1e-12);
        assertTrue(w.diagnostics().converged());
        // Opposite rows: no combination with equal projections and Σα = 1; weights 0.
        assertArrayEquals(new double[2], IMTLG.instance().weigh(
                GramTestSupport.gramOf(new double[][] {{1, 2}, {-1, -2}}), null).values(), 0.0);
    }

    @Test
    void takesNoOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("imtl-g", Map.of("epsilon", 1.0)));
        assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
    }
}
