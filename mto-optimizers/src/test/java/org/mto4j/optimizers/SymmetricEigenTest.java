package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Jacobi eigendecomposition on plain K x K arrays, without ND4J. */
class SymmetricEigenTest {

    static final double TOLERANCE = 1e-12;

    /** G = J Jᵀ of a random K x P matrix: rank min(K, P). */
    static double[][] gram(long seed, int k, int p) {
        return GramTestSupport.gramOf(GramTestSupport.randomMatrix(seed, k, p)).toArray();
    }

    static double[][] reconstruct(SymmetricEigen e) {
        int k = e.size();
        double[][] a = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                for (int c = 0; c < k; c++) {
                    a[i][j] += e.vector(i, c) * e.value(c) * e.vector(j, c);
                }
            }
        }
        return a;
    }

    static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] row : a) {
            for (double x : row) {
                m = Math.max(m, Math.abs(x));
            }
        }
        return m;
    }

    static void assertDecomposes(double[][] a, SymmetricEigen e, String what) {
        int k = a.length;
        assertTrue(e.converged(), what + ": not converged after " + e.sweeps() + " sweeps");
        double[][] back = reconstruct(e);
        double scale = Math.max(maxAbs(a), Double.MIN_NORMAL);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                assertEquals(a[i][j], back[i][j], TOLERANCE * k * scale, what + ": V Λ Vᵀ [" + i + "][" + j + "]");
            }
        }
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                double dot = 0;
                for (int r = 0; r < k; r++) {
                    dot += e.vector(r, c) * e.vector(r, d);
                }
                assertEquals(c == d ? 1.0 : 0.0, dot, TOLERANCE * k, what + ": VᵀV [" + c + "][" + d + "]");
            }
            if (c > 0) {
                assertTrue(e.value(c - 1) >= e.value(c), what + ": eigenvalues not descending");
            }
        }
    }

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {1, 2, 3, 5, 8, 32, 128})
    void reconstructsFullRankGramMatrices(int k) {
        double[][] a = gram(k, k, 2 * k + 3);
        assertDecomposes(a, SymmetricEigen.of(a), "full rank K = " + k);
    }

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {2, 5, 8, 32, 128})
    void rankDeficientGramMatricesHaveZeroEigenvalues(int k) {
        int rank = Math.max(1, k / 3);
        double[][] a = gram(7 * k, k, rank);
        SymmetricEigen e = SymmetricEigen.of(a);
        assertDecomposes(a, e, "rank " + rank + ", K = " + k);
        for (int c = rank; c < k; c++) {
            assertTrue(Math.abs(e.value(c)) <= 1e-13 * e.value(0), "K = " + k + ": eigenvalue " + c + " = "
                    + e.value(c) + " should be zero next to " + e.value(0));
        }
        assertTrue(e.value(rank - 1) > 1e-6 * e.value(0), "the rank-th eigenvalue should be clearly positive");
    }

    @Test
    void indefiniteSymmetricMatrices() {
        Random r = new Random(3);
        for (int k : new int[] {2, 4, 9, 40}) {
            double[][] a = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = i; j < k; j++) {
                    a[i][j] = r.nextGaussian();
                    a[j][i] = a[i][j];
                }
            }
            assertDecomposes(a, SymmetricEigen.of(a), "indefinite K = " + k);
        }
    }

    @Test
    void knownEigenvaluesOfATwoByTwo() {
        // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with eigenvectors (1, 1)/√2 and (1, −1)/√2.
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        assertArrayEquals(new double[] {3, 1}, e.values(), TOLERANCE);
        assertEquals(Math.abs(e.vector(0, 0)), Math.abs(e.vector(1, 0)), TOLERANCE);
        assertEquals(-Math.signum(e.vector(0, 1)), Math.signum(e.vector(1, 1)));
    }

    @Test
    void zeroAndDiagonalMatrices() {
        SymmetricEigen zero = SymmetricEigen.of(new double[4][4]);
        assertArrayEquals(new double[4], zero.values(), 0.0);
        assertEquals(0, zero.sweeps());
        assertTrue(zero.converged());
        SymmetricEigen diagonal = SymmetricEigen.of(new double[][] {{1, 0, 0}, {0, 5, 0}, {0, 0, 0}});
        assertArrayEquals(new double[] {5, 1, 0}, diagonal.values(), 0.0);
        assertEquals(1, diagonal.sweeps());
    }

    @Test
    void extremeScalesNeitherOverflowNorUnderflow() {
        double[][] a = gram(11, 6, 4);
        for (double factor : new double[] {1e-290, 1e-150, 1e150, 1e290}) {
            double[][] scaled = new double[6][6];
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    scaled[i][j] = a[i][j] * factor;
                }
            }
            assertDecomposes(scaled, SymmetricEigen.of(scaled), "scale " + factor);
        }
    }

    @Test
    void diagnosticsReportTheSweeps() {
        SymmetricEigen e = SymmetricEigen.of(gram(5, 8, 20));
        assertEquals(SymmetricEigen.SOLVER, e.diagnostics().solver());
        assertTrue(e.diagnostics().converged());
        assertTrue(e.sweeps() >= 2 && e.sweeps() < SymmetricEigen.MAX_SWEEPS, "sweeps " + e.sweeps());
        assertTrue(e.residual() <= 1e-14, "residual " + e.residual());
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[0][0]));
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2}}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SymmetricEigen.of(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
