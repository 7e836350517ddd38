package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.Gramian;
import org.nd4j.linalg.api.buffer.DataType;

class KrumTest {

    /** Five gradients on a line, P = 1: 0, 1, 6, 9, 13. */
    static final double[][] LINE = {{0}, {1}, {6}, {9}, {13}};

    /** Krum in vector space: distances between the rows themselves, scores, the m best averaged. */
    static double[] referenceWeights(double[][] j, int f, int m, boolean squared) {
        int k = j.length;
        double[] scores = new double[k];
        for (int i = 0; i < k; i++) {
            double[] dist = new double[k - 1];
            int c = 0;
            for (int q = 0; q < k; q++) {
                if (q != i) {
                    double s = 0;
                    for (int col = 0; col < j[i].length; col++) {
                        s += (j[i][col] - j[q][col]) * (j[i][col] - j[q][col]);
                    }
                    dist[c++] = squared ? s : Math.sqrt(s);
                }
            }
            Arrays.sort(dist);
            for (int q = 0; q < k - f - 2; q++) {
                scores[i] += dist[q];
            }
        }
        double[] w = new double[k];
        boolean[] taken = new boolean[k];
        for (int s = 0; s < m; s++) {
            int best = -1;
            for (int i = 0; i < k; i++) {
                if (!taken[i] && (best < 0 || scores[i] < scores[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            w[best] = 1.0 / m;
        }
        return w;
    }

    @Test
    void agreesWithAVectorSpaceReferenceInFloatAndDouble() {
        for (int k : new int[] {3, 5, 8, 32}) {
            int p = k == 32 ? 10_000 : 200;
            double[][] j = GramTestSupport.conflictingMatrix(900 + k, k, p);
            for (int f : new int[] {0, (k - 3) / 2}) {
                for (int m : new int[] {1, k / 2 + 1}) {
                    for (String distance : new String[] {"squared", "euclidean"}) {
                        double[] w = referenceWeights(j, f, m, distance.equals("squared"));
                        double[] expected = GramTestSupport.combine(j, w);
                        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                            Combination c = Combiners.create(Krum.NAME, Map.of("f", f, "m", m, "distance", distance))
                                    .combine(GramTestSupport.toGradients(j, type));
                            String what = "K=" + k + " f=" + f + " m=" + m + " " + distance + " " + type;
                            assertArrayEquals(w, c.weights(), 0.0, what);
                            double err = GramTestSupport.relativeError(GramTestSupport.toDoubles(c.direction()),
                                    expected);
                            assertTrue(err <= (type == DataType.DOUBLE ? 1e-12 : 1e-6), what + ": " + err);
                        }
                    }
                }
            }
        }
    }

    @Test
    void tooFewTasksAreRejectedNamingKAndF() {
        for (int k : new int[] {1, 2}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Combiners
                    .create(Krum.NAME).combine(GramTestSupport.toGradients(GramTestSupport.randomMatrix(1, k, 5),
                            DataType.DOUBLE)));
            assertTrue(e.getMessage().contains("K = " + k) && e.getMessage().contains("f = 0"), e.getMessage());
        }
        Gramian five = GramTestSupport.gramOf(LINE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Krum.defaults().withF(3).weigh(five, null));
        assertTrue(e.getMessage().contains("f = 3") && e.getMessage().contains("K = 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Krum.defaults().withM(6).weigh(five, null));
        assertTrue(e.getMessage().contains("m = 6") && e.getMessage().contains("K = 5"), e.getMessage());
    }

    @Test
    void handDerivedValuesOfEachOption() {
        Gramian g = GramTestSupport.gramOf(LINE);
        // f = 1: each score sums the K − f − 2 = 2 nearest. Squared: 0 → 1 + 36 = 37, 1 → 1 + 25 = 26,
        // 6 → 9 + 25 = 34, 9 → 9 + 16 = 25, 13 → 16 + 49 = 65: Krum picks 9.
        assertArrayEquals(new double[] {0, 0, 0, 1, 0}, Krum.defaults().withF(1).weigh(g, null).values(), 0.0);
        // Multi-Krum m = 2: 9 and 1, averaged.
        assertArrayEquals(new double[] {0, 0.5, 0, 0.5, 0}, Krum.defaults().withF(1).withM(2).weigh(g, null).values(),
                0.0);
        // Euclidean (TorchJD): 0 → 1 + 6 = 7, 1 → 1 + 5 = 6, 6 → 3 + 5 = 8, 9 → 3 + 4 = 7, 13 → 4 + 7 = 11: picks 1.
        assertArrayEquals(new double[] {0, 1, 0, 0, 0},
                Krum.defaults().withF(1).withDistance(Krum.Distance.EUCLIDEAN).weigh(g, null).values(), 0.0);
        // f = 0 (default), 3 nearest: 0 → 1+36+81 = 118, 1 → 1+25+64 = 90, 6 → 9+25+36 = 70, 9 → 9+16+64 = 89,
        // 13 → 16+49+144 = 209: picks 6.
        assertArrayEquals(new double[] {0, 0, 1, 0, 0}, Krum.defaults().weigh(g, null).values(), 0.0);
        // Equal scores go to the lower index: three identical rows.
        double[][] same = {{1, 2}, {1, 2}, {1, 2}};
        assertArrayEquals(new double[] {1, 0, 0}, Krum.defaults().weigh(GramTestSupport.gramOf(same), null).values(), 0);
    }

    @Test
    void permutationAndScaleInvarianceOfTheSelection() {
        for (int seed = 0; seed < 30; seed++) {
            int k = 4 + seed % 6;
            double[][] j = GramTestSupport.conflictingMatrix(1000 + seed, k, 30);
            int[] perm = GramTestSupport.randomPermutation(seed, k);
            Krum method = Krum.defaults().withF(1).withM(2);
            double[] w = method.weigh(GramTestSupport.gramOf(j), null).values();
            double[] pw = method.weigh(GramTestSupport.gramOf(GramTestSupport.permuteRows(j, perm)), null).values();
            for (int i = 0; i < k; i++) {
                assertEquals(w[perm[i]], pw[i], 0.0, "seed " + seed);
            }
            for (double c : new double[] {1e-15, 1e15}) {
                assertArrayEquals(w, method.weigh(GramTestSupport.gramOf(GramTestSupport.scale(j, c)), null).values(),
                        0.0, "seed " + seed + " c=" + c);
            }
        }
    }

    @Test
    void badOptionsAreRejectedWithNameAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Krum.defaults().withF(-1));
        assertTrue(e.getMessage().contains("f = -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Krum.defaults().withM(0));
        assertTrue(e.getMessage().contains("m = 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Combiners.create(Krum.NAME, Map.of("distance", "l1")));
        assertTrue(e.getMessage().contains("distance") && e.getMessage().contains("l1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Combiners.create(Krum.NAME, Map.of("f", 0.5)));
        assertTrue(e.getMessage().contains("'f'") && e.getMessage().contains("0.5"), e.getMessage());
        assertEquals(Krum.defaults().withF(2), Krum.defaults().withF(2));
        assertEquals(Krum.defaults().withF(2).hashCode(), Krum.defaults().withF(2).hashCode());
    }
}
