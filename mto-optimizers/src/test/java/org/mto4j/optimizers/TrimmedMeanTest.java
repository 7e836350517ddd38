package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.nd4j.linalg.api.buffer.DataType;

class TrimmedMeanTest {

    /** Column (3, −1, 10, 0, 2) sorted is (−1, 0, 2, 3, 10); t = 1 keeps (0, 2, 3): 5/3. t = 2 keeps 2. */
    @Test
    void aColumnByHand() {
        double[][] j = {{3}, {-1}, {10}, {0}, {2}};
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Combination c = TrimmedMean.defaults().combine(GramTestSupport.toGradients(j, type));
            assertEquals(5.0 / 3, c.direction().getDouble(0), 1e-7);
            // Kept tasks 0, 3, 4 with 1/3 each (zero row 3 counts by its column: 1/3); trimmed ones 0.
            assertArrayEquals(new double[] {1.0 / 3, 0, 0, 1.0 / 3, 1.0 / 3}, c.weights(), 1e-15);
            assertEquals(2.0, TrimmedMean.defaults().withTrimNumber(2).combine(GramTestSupport.toGradients(j, type))
                    .direction().getDouble(0), 0);
        }
    }

    @Test
    void agreesWithAPlainReference() {
        for (int k : new int[] {1, 3, 5, 8, 32}) {
            for (int trim = 0; 2 * trim < k; trim += Math.max(1, k / 4)) {
                // P = 70,000 (more than one part of the columns, on every core) once.
                for (int p : k == 5 && trim == 1 ? new int[] {1, 37, 3000, 70_000} : new int[] {1, 37, 3000}) {
                    double[][] j = GramTestSupport.conflictingMatrix(k * 100L + p + trim, k, p);
                    double[] expected = PlainReferences.trimmedMean(j, trim);
                    TrimmedMean method = TrimmedMean.defaults().withTrimNumber(trim);
                    double[] inDouble = GramTestSupport.toDoubles(method.combine(GramTestSupport.toGradients(j,
                            DataType.DOUBLE)).direction());
                    double[] inFloat = GramTestSupport.toDoubles(method.combine(GramTestSupport.toGradients(j,
                            DataType.FLOAT)).direction());
                    String what = "K=" + k + " t=" + trim + " P=" + p;
                    assertTrue(GramTestSupport.relativeError(inDouble, expected) <= 1e-14, what);
                    assertTrue(GramTestSupport.relativeError(inFloat, expected) <= 1e-6, what);
                }
            }
        }
    }

    @Test
    void oneCorruptedRowCannotMoveTheResultOutOfTheHonestRange() {
        double[][] j = GramTestSupport.conflictingMatrix(3, 5, 200);
        j[4] = GramTestSupport.scale(new double[][] {j[4]}, 1e12)[0];
        Combination c = TrimmedMean.defaults().combine(GramTestSupport.toGradients(j, DataType.DOUBLE));
        double[] d = GramTestSupport.toDoubles(c.direction());
        for (int col = 0; col < 200; col++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < 4; i++) {
                lo = Math.min(lo, j[i][col]);
                hi = Math.max(hi, j[i][col]);
            }
            assertTrue(d[col] >= lo && d[col] <= hi, "column " + col);
        }
        assertTrue(c.weights()[4] < 1e-20, "the corrupted task is trimmed wherever it is extreme");
    }

    @Test
    void badInputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrimmedMean.defaults()
                .combine(GramTestSupport.toGradients(GramTestSupport.randomMatrix(1, 2, 5), DataType.DOUBLE)));
        assertTrue(e.getMessage().contains("trim_number = 1") && e.getMessage().contains("K >= 3")
                && e.getMessage().contains("K = 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Combiners.create("trimmed-mean",
                Map.of("trim_number", -1)));
        assertTrue(e.getMessage().contains("trim_number must be >= 0, got -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Combiners.create("trimmed-mean",
                Map.of("trim_number", 1.5)));
        assertEquals(TrimmedMean.defaults().withTrimNumber(3), Combiners.create("trimmed-mean",
                Map.of("trim_number", 3)));
    }

    /** Ties at a boundary share its kept places: (1, 1, 2, 3, 3) with t = 1 keeps one 1 and one 3 of two each. */
    @Test
    void tiesShareTheKeptPlaces() {
        double[][] j = {{1}, {1}, {2}, {3}, {3}};
        Combination c = TrimmedMean.defaults().combine(GramTestSupport.toGradients(j, DataType.DOUBLE));
        assertEquals(2.0, c.direction().getDouble(0), 1e-15);
        assertArrayEquals(new double[] {1.0 / 6, 1.0 / 6, 1.0 / 3, 1.0 / 6, 1.0 / 6}, c.weights(), 1e-15);
        double[][] equal = {{4, 0}, {4, 0}, {4, 0}, {4, 0}, {4, 0}};
        c = TrimmedMean.defaults().combine(GramTestSupport.toGradients(equal, DataType.DOUBLE));
        assertArrayEquals(new double[] {4, 0}, GramTestSupport.toDoubles(c.direction()), 0);
        assertArrayEquals(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, c.weights(), 1e-15);
    }

    /** Batcher's network sorts every 0/1 input of every size up to 12, hence every input (the 0-1 principle). */
    @Test
    void theSortingNetworkSortsEveryZeroOneInput() {
        for (int n = 1; n <= 12; n++) {
            int[][] network = TrimmedMean.network(n);
            for (int bits = 0; bits < 1 << n; bits++) {
                int[] x = new int[n];
                for (int i = 0; i < n; i++) {
                    x[i] = bits >> i & 1;
                }
                for (int c = 0; c < network[0].length; c++) {
                    int a = network[0][c];
                    int b = network[1][c];
                    int lo = Math.min(x[a], x[b]);
                    x[b] = Math.max(x[a], x[b]);
                    x[a] = lo;
                }
                for (int i = 1; i < n; i++) {
                    assertTrue(x[i - 1] <= x[i], "n = " + n + ", input " + Integer.toBinaryString(bits));
                }
            }
        }
    }
}
