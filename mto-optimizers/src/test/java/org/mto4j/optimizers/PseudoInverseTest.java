package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pseudo-inverse on plain K x K arrays, without ND4J: the four Penrose conditions, rank, cutoff. */
class PseudoInverseTest {

    static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        int m = y[0].length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < y.length; l++) {
                for (int j = 0; j < m; j++) {
                    out[i][j] += x[i][l] * y[l][j];
                }
            }
        }
        return out;
    }

    static void assertClose(double[][] expected, double[][] actual, double tolerance, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], tolerance, what + " row " + i);
        }
    }

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {1, 2, 3, 5, 8, 32, 128})
    void penroseConditionsHoldForRankDeficientGramMatrices(int k) {
        int rank = Math.max(1, (2 * k) / 3);
        double[][] a = SymmetricEigenTest.gram(13 * k, k, rank);
        SymmetricEigen e = SymmetricEigen.of(a);
        double cutoff = PseudoInverse.relativeCutoff(k, 0x1p-23);
        assertEquals(rank, PseudoInverse.rank(e, cutoff));
        double[][] x = PseudoInverse.of(e, cutoff);
        double scaleA = SymmetricEigenTest.maxAbs(a);
        double scaleX = SymmetricEigenTest.maxAbs(x);
        assertClose(a, multiply(multiply(a, x), a), 1e-9 * scaleA, "A A⁺ A = A");
        assertClose(x, multiply(multiply(x, a), x), 1e-9 * scaleX, "A⁺ A A⁺ = A⁺");
        double[][] ax = multiply(a, x);
        double[][] xa = multiply(x, a);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                assertEquals(ax[i][j], ax[j][i], 1e-9, "A A⁺ symmetric");
                assertEquals(xa[i][j], xa[j][i], 1e-9, "A⁺ A symmetric");
            }
        }
    }

    @Test
    void invertsAnInvertibleMatrix() {
        // [[18, −22], [−22, 38]]⁻¹ = [[38, 22], [22, 18]] / 200.
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{18, -22}, {-22, 38}});
        double[][] x = PseudoInverse.of(e, PseudoInverse.relativeCutoff(2, 0x1p-23));
        assertClose(new double[][] {{0.19, 0.11}, {0.11, 0.09}}, x, 1e-14, "inverse");
        assertArrayEquals(new double[] {0.3, 0.2}, PseudoInverse.times(e, new double[] {1, 1}, 0), 1e-14);
    }

    @Test
    void zeroMatrixHasZeroPseudoInverse() {
        SymmetricEigen e = SymmetricEigen.of(new double[3][3]);
        assertEquals(0, PseudoInverse.rank(e, PseudoInverse.relativeCutoff(3, 0x1p-23)));
        assertClose(new double[3][3], PseudoInverse.of(e, PseudoInverse.relativeCutoff(3, 0x1p-23)), 0.0, "0⁺ = 0");
    }

    @Test
    void eigenvaluesBelowTheCutoffAreDropped() {
        // diag(1, 1e-9): with cutoff 1e-6 the second direction is dropped, with cutoff 0 it is inverted.
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{1, 0}, {0, 1e-9}});
        assertArrayEquals(new double[] {1, 0}, PseudoInverse.times(e, new double[] {1, 1}, 1e-6), 0.0);
        assertArrayEquals(new double[] {1, 1e9}, PseudoInverse.times(e, new double[] {1, 1}, 0.0), 1e-3);
    }

    @Test
    void badArgumentsAreRejected() {
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{1}});
        assertThrows(IllegalArgumentException.class, () -> PseudoInverse.times(e, new double[2], 0.0));
        assertThrows(IllegalArgumentException.class, () -> PseudoInverse.times(e, new double[1], -1.0));
        assertThrows(IllegalArgumentException.class, () -> PseudoInverse.times(e, new double[1], Double.NaN));
    }
}
