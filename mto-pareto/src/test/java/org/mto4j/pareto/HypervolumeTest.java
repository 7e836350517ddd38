package org.mto4j.pareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HypervolumeTest {
    private static final double TOL = 1e-12;

    /** Sums the cells of the grid spanned by all coordinates that lie inside some box [p, r]. */
    static double gridVolume(double[][] p, double[] r) {
        int m = r.length;
        double[][] axes = new double[m][];
        for (int j = 0; j < m; j++) {
            final int jj = j;
            axes[j] = java.util.stream.DoubleStream.concat(Arrays.stream(p).mapToDouble(row -> row[jj]),
                    java.util.stream.DoubleStream.of(r[j])).filter(v -> v <= r[jj]).sorted().distinct().toArray();
        }
        int[] cell = new int[m];
        double total = 0;
        while (true) {
            boolean valid = true;
            double volume = 1;
            for (int j = 0; j < m && valid; j++) {
                valid = cell[j] + 1 < axes[j].length;
                if (valid) {
                    volume *= axes[j][cell[j] + 1] - axes[j][cell[j]];
                }
            }
            if (valid) {
                for (double[] q : p) {
                    boolean inside = true;
                    for (int j = 0; j < m && inside; j++) {
                        inside = q[j] <= axes[j][cell[j]];
                    }
                    if (inside) {
                        total += volume;
                        break;
                    }
                }
            }
            int j = 0;
            while (j < m && ++cell[j] >= axes[j].length - 1) {
                cell[j] = 0;
                j++;
            }
            if (j == m) {
                return total;
            }
        }
    }

    @Test
    void handComputedVolumes() {
        Sense[] min2 = Sense.MINIMIZE.times(2);
        assertEquals(6.0, Hypervolume.of(new double[][] {{1, 3}, {2, 2}, {3, 1}}, min2, new double[] {4, 4}), TOL);
        assertEquals(5.0, Hypervolume.of(new double[][] {{0, 0, 1}, {1, 1, 0}}, Sense.MINIMIZE.times(3),
                new double[] {2, 2, 2}), TOL);
        // the same in 4-D with a fourth objective where both points sit at 0 and the reference at 2: 10
        assertEquals(10.0, Hypervolume.of(new double[][] {{0, 0, 1, 0}, {1, 1, 0, 0}}, Sense.MINIMIZE.times(4),
                new double[] {2, 2, 2, 2}), TOL);
        // maximized: accuracy 0.9 and 0.8 with recall 0.5 and 0.7 against reference (0, 0): 0.45 + 0.8·0.2 = 0.61
        assertEquals(0.61, Hypervolume.of(new double[][] {{0.9, 0.5}, {0.8, 0.7}}, Sense.MAXIMIZE.times(2),
                new double[] {0, 0}), TOL);
        // points outside the reference box add nothing
        assertEquals(1.0, Hypervolume.of(new double[][] {{1, 1}, {5, 0}, {0, 2}}, min2, new double[] {2, 2}), TOL);
        assertEquals(0.0, Hypervolume.of(new double[0][2], min2, new double[] {1, 1}), TOL);
        assertEquals(2.5, Hypervolume.of(new double[][] {{0.5}, {1.5}}, Sense.MINIMIZE.times(1), new double[] {3}),
                TOL);
    }

    @Test
    void matchesGridOracleForOneToSixObjectives() {
        Random r = new Random(5);
        for (int m = 1; m <= 6; m++) {
            Sense[] s = Sense.MINIMIZE.times(m);
            double[] ref = new double[m];
            Arrays.fill(ref, 1.0);
            for (int trial = 0; trial < 6; trial++) {
                int n = m >= 5 ? 7 : 12;
                double[][] p = trial % 3 == 0 ? TestData.uniform(r, n, m)
                        : trial % 3 == 1 ? TestData.sphere(r, n, Math.max(m, 1)) : scaled(TestData.ties(r, n, m, 4), 0.3);
                double expected = gridVolume(p, ref);
                assertEquals(expected, Hypervolume.of(p, s, ref), 1e-12, "m=" + m + " trial=" + trial);
            }
        }
    }

    /**
     * Hypervolume by slicing along the last objective down to one (HSO), on plain arrays: every point
     * strictly inside the reference box. Exponential in m, for small sets only.
     */
    static double slicingVolume(double[][] p, double[] r) {
        int m = r.length;
        if (p.length == 0) {
            return 0.0;
        }
        if (m == 1) {
            return r[0] - Arrays.stream(p).mapToDouble(row -> row[0]).min().getAsDouble();
        }
        double[][] byLast = p.clone();
        Arrays.sort(byLast, (a, b) -> Double.compare(a[m - 1], b[m - 1]));
        double[] lower = Arrays.copyOf(r, m - 1);
        double volume = 0;
        for (int i = 0; i < byLast.length; i++) {
            double top = i + 1 < byLast.length ? byLast[i + 1][m - 1] : r[m - 1];
            if (top > byLast[i][m - 1]) {
                double[][] slice = new double[i + 1][];
                for (int k = 0; k <= i; k++) {
                    slice[k] = Arrays.copyOf(byLast[k], m - 1);
                }
                volume += (top - byLast[i][m - 1]) * slicingVolume(slice, lower);
            }
        }
        return volume;
    }

    /**
     * The five- and six-objective sweeps (limit sets of tens of points, the four-dimensional base case) against
     * slicing on continuous sets, with copies and a tied objective, and against the grid volume on larger sets
     * with many ties; ten objectives against the grid volume.
     */
    @Test
    void fiveSixAndTenObjectivesMatchReferences() {
        Random r = new Random(1331);
        for (int m = 5; m <= 6; m++) {
            Sense[] s = Sense.MINIMIZE.times(m);
            double[] ref = new double[m];
            Arrays.fill(ref, 1.1);
            int n = m == 5 ? 24 : 12;
            for (int trial = 0; trial < 8; trial++) {
                double[][] p = trial % 4 == 0 ? TestData.sphere(r, n, m) : trial % 4 == 1 ? TestData.simplex(r, n, m)
                        : TestData.uniform(r, n + 6, m);
                if (trial % 4 == 3) {
                    // copies and one objective on five levels
                    for (int i = 0; i < p.length / 4; i++) {
                        p[r.nextInt(p.length)] = p[r.nextInt(p.length)].clone();
                    }
                    int j = r.nextInt(m);
                    for (double[] row : p) {
                        row[j] = r.nextInt(5) / 5.0;
                    }
                }
                double expected = slicingVolume(p, ref);
                assertEquals(expected, Hypervolume.of(p, s, ref), 1e-12 * expected, "m=" + m + " trial=" + trial);
            }
            double[] unit = new double[m];
            Arrays.fill(unit, 1.0);
            for (int trial = 0; trial < 3; trial++) {
                double[][] p = scaled(TestData.ties(r, m == 5 ? 150 : 60, m, 4), 0.25);
                double expected = gridVolume(p, unit);
                assertEquals(expected, Hypervolume.of(p, s, unit), 1e-12, "grid m=" + m + " trial=" + trial);
            }
        }
        // ten objectives: limit sets with more than eight coordinates order their points by a sort, not by
        // counting over the masks
        double[] unit = new double[10];
        Arrays.fill(unit, 1.0);
        for (int trial = 0; trial < 3; trial++) {
            double[][] p = scaled(TestData.ties(r, 14, 10, 3), 0.3);
            assertEquals(gridVolume(p, unit), Hypervolume.of(p, Sense.MINIMIZE.times(10), unit), 1e-12, "m=10");
        }
    }

    /**
     * Limit sets of sizes around the point where the small 4-D sweep stops ordering its rows by counting and
     * sorts them ({@link SmallStaircase3#COUNTING_LIMIT}), with single-coordinate limit points (the rest of the
     * set is then kept relative to the corner they leave), ties, copies and dominated points: k points of an
     * (m−1)-sphere, continuous or on a grid of six levels, at f_m in [0.3, 0.6); two points at 0 in the first
     * m−1 objectives but one (0.9 or more), at f_m in [0.6, 0.9); then the point 0 at f_m = 0.95, whose limit
     * set is most of the sphere and the two single-coordinate points (1 to 29 points at m = 5). Against
     * slicing, and at m = 5 on the grid the contributions against the removal definition by slicing.
     */
    @Test
    void fiveAndSixObjectivesAroundTheCountingLimitMatchSlicing() {
        Random r = new Random(2026_11_29L);
        for (int m = 5; m <= 6; m++) {
            Sense[] s = Sense.MINIMIZE.times(m);
            double[] ref = new double[m];
            Arrays.fill(ref, 1.1);
            int from = m == 5 ? SmallStaircase3.COUNTING_LIMIT - 2 : 10;
            int to = m == 5 ? SmallStaircase3.COUNTING_LIMIT + 6 : 13;
            for (int k = from; k <= to; k++) {
                for (boolean grid : new boolean[] {false, true}) {
                    double[][] p = singlesAndASphere(r, k, m, grid);
                    String where = "m=" + m + " k=" + k + " grid=" + grid;
                    double expected = slicingVolume(p, ref);
                    assertEquals(expected, Hypervolume.of(p, s, ref), 1e-12 * expected, where);
                    if (m == 5 && grid && Math.abs(k - SmallStaircase3.COUNTING_LIMIT) <= 1) {
                        double[] c = Hypervolume.contributions(p, s, ref);
                        for (int i = 0; i < p.length; i++) {
                            double removed = slicingVolume(OracleTest.without(p, i), ref);
                            assertEquals(expected - removed, c[i], 1e-12, where + " i=" + i);
                        }
                    }
                }
            }
        }
    }

    /** See {@link #fiveAndSixObjectivesAroundTheCountingLimitMatchSlicing}: k + 6 points in [0, 1)^m. */
    private static double[][] singlesAndASphere(Random r, int k, int m, boolean grid) {
        double[][] sphere = TestData.sphere(r, k, m - 1);
        double[][] p = new double[k + 6][];
        for (int i = 0; i < k; i++) {
            p[i] = Arrays.copyOf(sphere[i], m);
            if (grid) {
                for (int j = 0; j < m - 1; j++) {
                    p[i][j] = Math.floor(p[i][j] * 6) / 6;
                }
            }
            p[i][m - 1] = 0.3 + 0.3 * r.nextDouble();
        }
        for (int i = k; i < k + 2; i++) {
            p[i] = new double[m];
            // above nearly every sphere point in that objective, so that few leave the limit set of 0
            p[i][r.nextInt(m - 1)] = grid ? 0.9 : 0.97 + 0.02 * r.nextDouble();
            p[i][m - 1] = 0.6 + 0.3 * r.nextDouble();
        }
        p[k + 2] = new double[m];
        p[k + 2][m - 1] = 0.95;
        // a copy of a single-coordinate point, a point it dominates, a copy of a sphere point
        p[k + 3] = p[k].clone();
        p[k + 4] = p[k].clone();
        for (int j = 0; j < m; j++) {
            p[k + 4][j] += 0.02;
        }
        p[k + 5] = p[r.nextInt(k)].clone();
        return p;
    }

    /**
     * A 5-D limit set of more than 64 points goes to the large 4-D sweep: 200 points on a 4-D sphere at
     * f₅ = 0.5, then one point at the origin of the first four objectives at f₅ = 0.9, whose limit set is the
     * whole sphere. Slicing along f₅: 0.4 · HV₄(sphere) + 0.2 · 1.1⁴.
     */
    @Test
    void fiveObjectivesWithALimitSetOfMoreThan64Points() {
        Random r = new Random(1337);
        int n = 200;
        double[][] sphere = TestData.sphere(r, n, 4);
        double[][] p = new double[n + 1][];
        for (int i = 0; i < n; i++) {
            p[i] = new double[] {sphere[i][0], sphere[i][1], sphere[i][2], sphere[i][3], 0.5};
        }
        p[n] = new double[] {0, 0, 0, 0, 0.9};
        double[] ref = new double[5];
        Arrays.fill(ref, 1.1);
        double hv4 = Hypervolume.of(sphere, Sense.MINIMIZE.times(4), Arrays.copyOf(ref, 4));
        double expected = 0.4 * hv4 + 0.2 * Math.pow(1.1, 4);
        assertEquals(expected, Hypervolume.of(p, Sense.MINIMIZE.times(5), ref), 1e-12);
    }

    @Test
    void contributionsMatchRemovalOracle() {
        Random r = new Random(9);
        for (int m = 2; m <= 4; m++) {
            Sense[] s = Sense.MINIMIZE.times(m);
            double[] ref = new double[m];
            Arrays.fill(ref, 1.1);
            double[][] p = TestData.sphere(r, 30, m);
            p[3] = p[7].clone();
            p[5] = new double[m];
            Arrays.fill(p[5], 1.05);
            double total = Hypervolume.of(p, s, ref);
            double[] c = Hypervolume.contributions(p, s, ref);
            for (int i = 0; i < p.length; i++) {
                assertEquals(total - Hypervolume.of(OracleTest.without(p, i), s, ref), c[i], 1e-12,
                        "m=" + m + " i=" + i);
            }
            assertEquals(0.0, c[3]);
            assertEquals(0.0, c[7]);
        }
        assertArrayEquals(new double[] {1, 1, 1}, Hypervolume.contributions(new double[][] {{1, 3}, {2, 2}, {3, 1}},
                Sense.MINIMIZE.times(2), new double[] {4, 4}), TOL);
    }

    /** Random rows with every value in [-1, 0): kind 0 uniform, 1 on a sphere, 2 duplicates, 3 ties, 4 grid. */
    private static double[] negativeRows(Random r, int n, int kind) {
        double[] p = new double[4 * n];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < 4; j++) {
                double v = kind == 4 ? (1 + r.nextInt(4)) / 4.0 : 0.05 + 0.95 * r.nextDouble();
                p[4 * i + j] = v;
                norm += v * v;
            }
            for (int j = 0; j < 4; j++) {
                // sphere: a concave front, every point mutually non-dominated
                p[4 * i + j] = kind == 1 ? -p[4 * i + j] / Math.sqrt(norm) : -p[4 * i + j];
            }
        }
        if (kind == 2 && n > 1) {
            for (int i = 0; i < n / 3; i++) {
                System.arraycopy(p, 4 * r.nextInt(n), p, 4 * r.nextInt(n), 4);
            }
        }
        if (kind == 3) {
            int j = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                p[4 * i + j] = -(1 + r.nextInt(5)) / 5.0;
            }
        }
        return p;
    }

    @Test
    void fourDimensionalBaseCaseMatchesGenericSweep() {
        Random r = new Random(44);
        for (int n : new int[] {0, 1, 2, 3, 7, 23, 24, 25, 50, 64, 65, 300}) {
            for (int kind = 0; kind <= 4; kind++) {
                for (int trial = 0; trial < (n >= 300 ? 3 : 20); trial++) {
                    double[] p = negativeRows(r, n, kind);
                    double expected = Hypervolume.sweep(p, n, 4);
                    double actual = Hypervolume.volume(p, n, 4);
                    assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)),
                            "n=" + n + " kind=" + kind + " trial=" + trial);
                }
            }
        }
    }

    @Test
    void fourObjectivesWithPointsOutsideAndOnTheReferenceBox() {
        Random r = new Random(45);
        Sense[] s = Sense.MINIMIZE.times(4);
        double[] ref = {1, 1, 1, 1};
        for (int n : new int[] {0, 1, 2, 10, 50, 300}) {
            for (int trial = 0; trial < (n >= 300 ? 3 : 20); trial++) {
                double[][] q = new double[n][4];
                for (double[] row : q) {
                    for (int j = 0; j < 4; j++) {
                        int c = r.nextInt(8);
                        // on the box face, outside it, or a tie shared with other rows
                        row[j] = c == 0 ? 1.0 : c == 1 ? 1.0 + r.nextDouble() : c == 2 ? 0.5 : 1.05 * r.nextDouble();
                    }
                }
                double[] inside = new double[4 * n];
                int k = 0;
                for (double[] row : q) {
                    if (row[0] < 1 && row[1] < 1 && row[2] < 1 && row[3] < 1) {
                        for (int j = 0; j < 4; j++) {
                            inside[4 * k + j] = row[j] - 1;
                        }
                        k++;
                    }
                }
                double expected = Hypervolume.sweep(inside, k, 4);
                double actual = Hypervolume.of(q, s, ref);
                assertEquals(expected, actual, 1e-12, "n=" + n + " trial=" + trial);
                if (n <= 10) {
                    assertEquals(gridVolume(q, ref), actual, 1e-12, "grid n=" + n + " trial=" + trial);
                }
            }
        }
    }

    @Test
    void largeThreeObjectiveSetAgreesWithFourObjectiveSweep() {
        Random r = new Random(2);
        double[][] p = TestData.sphere(r, 3000, 3);
        double hv3 = Hypervolume.of(p, Sense.MINIMIZE.times(3), new double[] {1, 1, 1});
        double[][] lifted = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            lifted[i] = new double[] {p[i][0], p[i][1], 0.0, p[i][2]};
        }
        double hv4 = Hypervolume.of(lifted, Sense.MINIMIZE.times(4), new double[] {1, 1, 1, 1});
        assertEquals(hv3, hv4, 1e-12);
    }

    @Test
    void invariantUnderPermutationAndScaling() {
        Random r = new Random(4);
        for (int m = 2; m <= 5; m++) {
            Sense[] s = Sense.MINIMIZE.times(m);
            double[][] p = TestData.sphere(r, m == 5 ? 60 : 300, m);
            double[] ref = new double[m];
            Arrays.fill(ref, 1.0);
            double hv = Hypervolume.of(p, s, ref);
            int[] perm = FrontAndRanksTest.shuffled(r, p.length);
            double[][] q = new double[p.length][];
            double[] scaledRef = new double[m];
            double factor = 1;
            for (int j = 0; j < m; j++) {
                scaledRef[j] = ref[j] * (j + 2) * 1e3;
                factor *= (j + 2) * 1e3;
            }
            for (int i = 0; i < p.length; i++) {
                q[i] = p[perm[i]].clone();
                for (int j = 0; j < m; j++) {
                    q[i][j] *= (j + 2) * 1e3;
                }
            }
            assertEquals(1.0, Hypervolume.of(q, s, scaledRef) / (hv * factor), 1e-12);
        }
    }

    /**
     * The volume does not depend on the order of the objectives, while every rotation gives the sweep, its
     * limit sets and the four-dimensional base case different inputs: 4-D to 6-D sets of a few hundred points
     * with ties and dominated points.
     */
    @Test
    void invariantUnderRotationOfObjectives() {
        Random r = new Random(1304);
        for (int m = 4; m <= 6; m++) {
            int n = m == 6 ? 80 : 300;
            for (int kind = 0; kind < 3; kind++) {
                double[][] p = kind == 0 ? TestData.sphere(r, n, m)
                        : kind == 1 ? TestData.uniform(r, n, m) : scaled(TestData.ties(r, n, m, 6), 0.15);
                double[] ref = new double[m];
                Arrays.fill(ref, 1.05);
                Sense[] s = Sense.MINIMIZE.times(m);
                double hv = Hypervolume.of(p, s, ref);
                for (int shift = 1; shift < m; shift++) {
                    double[][] q = new double[n][m];
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < m; j++) {
                            q[i][j] = p[i][(j + shift) % m];
                        }
                    }
                    assertEquals(hv, Hypervolume.of(q, s, ref), 1e-12 * Math.max(1, hv),
                            "m=" + m + " kind=" + kind + " shift=" + shift);
                }
            }
        }
    }

    @Test
    void badReference() {
        Sense[] s = Sense.MINIMIZE.times(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hypervolume.of(new double[][] {{1, 2}}, s, new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("reference has 3 values but senses has 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Hypervolume.of(new double[][] {{1, 2}}, s, new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("reference[1] is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Hypervolume.of(new double[][] {new double[33]},
                Sense.MINIMIZE.times(33), new double[33]));
        assertEquals("senses has 33 objectives; exact hypervolume supports at most 32", e.getMessage());
    }

    private static double[][] scaled(double[][] p, double f) {
        for (double[] row : p) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= f;
            }
        }
        return p;
    }
}
