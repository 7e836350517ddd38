package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The Newton solver of (Gα)ᵢ = αᵢ^(−1/a) on plain K x K inputs, without ND4J. */
class PositiveFixedPointTest {

    static final double[] EXPONENTS = {0.5, 1, 2, 5};

    static double[][] gram(double[][] j) {
        return GramTestSupport.gramOf(j).toArray();
    }

    static double residual(double[][] g, double a, double[] alpha) {
        return PositiveFixedPoint.residual(g, a, alpha);
    }

    @Test
    void orthogonalGradientsHaveTheClosedForm() {
        double[][] g = {{4, 0, 0}, {0, 1, 0}, {0, 0, 0.25}};
        for (double a : EXPONENTS) {
            PositiveFixedPoint.Result r = PositiveFixedPoint.solve(g, a, null, 100);
            for (int i = 0; i < 3; i++) {
                assertEquals(Math.pow(g[i][i], -a / (a + 1)), r.alpha()[i], 1e-9 * r.alpha()[i], "a = " + a);
            }
            assertTrue(r.diagnostics().converged(), r.diagnostics().toString());
        }
    }

    @Test
    void twoTasksByHand() {
        // TorchJD's example: G = [[18, −22], [−22, 38]], a = 1. The fixed point is found from the quadratic
        // 18 x² − 22 x y = 1, 38 y² − 22 x y = 1 (see GoldenValuesTest: d = [0.0766, 0.9985, 0.9985]).
        double[][] g = {{18, -22}, {-22, 38}};
        double[] alpha = PositiveFixedPoint.solve(g, 1, null, 100).alpha();
        assertEquals(1, alpha[0] * (18 * alpha[0] - 22 * alpha[1]), 1e-9);
        assertEquals(1, alpha[1] * (38 * alpha[1] - 22 * alpha[0]), 1e-9);
        assertEquals(0.0766, -4 * alpha[0] + 6 * alpha[1], 1e-4);
        assertEquals(0.9985, alpha[0] + alpha[1], 1e-4);
    }

    @Test
    void residualIsSmallOnManyRandomMatricesUpToK128() {
        for (int k : new int[] {1, 2, 3, 5, 8, 16, 32, 64, 128}) {
            for (int seed = 0; seed < 3; seed++) {
                double[][] g = gram(GramTestSupport.conflictingMatrix(31L * k + seed, k, 2 * k + 10));
                for (double a : EXPONENTS) {
                    PositiveFixedPoint.Result r = PositiveFixedPoint.solve(g, a, null, 100);
                    assertTrue(r.diagnostics().converged(), "K=" + k + " a=" + a + " " + r.diagnostics());
                    assertTrue(residual(g, a, r.alpha()) <= PositiveFixedPoint.TOLERANCE, "K=" + k + " a=" + a);
                    for (double v : r.alpha()) {
                        assertTrue(v > 0 && Double.isFinite(v), "K=" + k + " " + Arrays.toString(r.alpha()));
                    }
                }
            }
        }
    }

    @Test
    void warmStartFindsTheSameFixedPoint() {
        double[][] g = gram(GramTestSupport.conflictingMatrix(5, 6, 40));
        double[] cold = PositiveFixedPoint.solve(g, 1, null, 100).alpha();
        double[] start = {1, 1, 1, 1, 1, 1};
        double[] warm = PositiveFixedPoint.solve(g, 1, start, 100).alpha();
        assertArrayEquals(cold, warm, 1e-9 * Arrays.stream(cold).max().getAsDouble());
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, start, 0.0, "start must not be modified");
        PositiveFixedPoint.Result again = PositiveFixedPoint.solve(g, 1, cold, 100);
        assertTrue(again.diagnostics().iterations() <= 1, again.diagnostics().toString());
    }

    @Test
    void scalingGScalesTheWeightsByAKnownPower() {
        double[][] g = gram(GramTestSupport.conflictingMatrix(9, 5, 30));
        for (double a : EXPONENTS) {
            double[] base = PositiveFixedPoint.solve(g, a, null, 100).alpha();
            for (double c : new double[] {1e-40, 1e-6, 1e6, 1e40}) {
                double[][] scaled = new double[5][5];
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 5; j++) {
                        scaled[i][j] = c * g[i][j];
                    }
                }
                double[] alpha = PositiveFixedPoint.solve(scaled, a, null, 100).alpha();
                double factor = Math.pow(c, -a / (a + 1));
                for (int i = 0; i < 5; i++) {
                    assertEquals(base[i] * factor, alpha[i], 1e-9 * base[i] * factor, "a=" + a + " c=" + c);
                }
            }
        }
    }

    @Test
    void zeroRowsGetWeightZeroAndTheOthersAreSolvedWithoutThem() {
        double[][] j = GramTestSupport.conflictingMatrix(12, 4, 20);
        double[][] reduced = gram(new double[][] {j[0], j[2], j[3]});
        Arrays.fill(j[1], 0.0);
        PositiveFixedPoint.Result r = PositiveFixedPoint.solve(gram(j), 1, null, 100);
        double[] expected = PositiveFixedPoint.solve(reduced, 1, null, 100).alpha();
        assertEquals(0.0, r.alpha()[1]);
        assertArrayEquals(expected, new double[] {r.alpha()[0], r.alpha()[2], r.alpha()[3]}, 1e-12);
        assertTrue(r.diagnostics().converged());

        PositiveFixedPoint.Result zero = PositiveFixedPoint.solve(new double[3][3], 1, null, 100);
        assertArrayEquals(new double[3], zero.alpha(), 0.0);
    }

    @Test
    void duplicatedRowsShareTheirWeight() {
        double[][] j = GramTestSupport.conflictingMatrix(13, 4, 20);
        j[3] = j[0].clone();
        PositiveFixedPoint.Result r = PositiveFixedPoint.solve(gram(j), 1, null, 100);
        assertTrue(r.diagnostics().converged(), r.diagnostics().toString());
        assertEquals(r.alpha()[0], r.alpha()[3], 1e-7 * r.alpha()[0]);
    }

    @Test
    void positivelyDependentGradientsHaveNoFixedPointAndAreReported() {
        // Rank 1 with both signs at K = 8, and K = 128 gradients in 3 dimensions: 0 is in their convex hull.
        double[] u = GramTestSupport.randomMatrix(5, 1, 10)[0];
        double[][] rankOne = new double[8][];
        for (int i = 0; i < 8; i++) {
            rankOne[i] = GramTestSupport.scale(new double[][] {u}, (i % 3 == 0 ? -1 : 1) * (0.5 + i))[0];
        }
        double[][][] cases = {gram(rankOne), gram(GramTestSupport.randomMatrix(3, 128, 3))};
        for (double[][] g : cases) {
            for (double a : EXPONENTS) {
                PositiveFixedPoint.Result r = PositiveFixedPoint.solve(g, a, null, 200);
                assertFalse(r.diagnostics().converged(), "K=" + g.length + " a=" + a + " " + r.diagnostics());
                for (double v : r.alpha()) {
                    assertTrue(Double.isFinite(v) && v >= 0, "K=" + g.length + " a=" + a + " "
                            + Arrays.toString(r.alpha()));
                }
                // No direction improves every task: the weighted gradients nearly cancel, ‖Σ αᵢgᵢ‖² ≪ Σ αᵢ²‖gᵢ‖².
                double squaredNorm = quadraticForm(g, r.alpha());
                double uncancelled = 0;
                for (int i = 0; i < g.length; i++) {
                    uncancelled += r.alpha()[i] * r.alpha()[i] * g[i][i];
                }
                assertTrue(squaredNorm <= 1e-6 * uncancelled, "K=" + g.length + " a=" + a + ": ‖d‖² = "
                        + squaredNorm + " vs " + uncancelled + " " + r.diagnostics());
            }
        }
    }

    @Test
    void iterationBudgetIsReportedWhenTooSmall() {
        double[][] g = gram(GramTestSupport.conflictingMatrix(21, 32, 80));
        PositiveFixedPoint.Result r = PositiveFixedPoint.solve(g, 1, null, 1);
        assertEquals(1, r.diagnostics().iterations());
        assertFalse(r.diagnostics().converged(), r.diagnostics().toString());
        assertTrue(r.diagnostics().residual() > PositiveFixedPoint.TOLERANCE);
    }

    private static double quadraticForm(double[][] g, double[] w) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w.length; j++) {
                s += w[i] * g[i][j] * w[j];
            }
        }
        return s;
    }
}
