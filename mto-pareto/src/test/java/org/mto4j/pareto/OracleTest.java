package org.mto4j.pareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded property tests against the brute-force references written from the definitions ({@link BruteForce},
 * the grid volume of {@link HypervolumeTest#gridVolume}), over many small sets with ties, duplicates,
 * dominated points, mixed senses and ±∞ values, sized to reach every algorithm path (sort-filter up to 512
 * points, divide and conquer above; the 2-, 3-, 4- and n-dimensional hypervolume kernels).
 */
class OracleTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /**
     * A random set of one of several kinds; with {@code infinities}, about one value in eight becomes +∞ or
     * −∞ (both can meet in one point).
     */
    static double[][] randomSet(Random r, int n, int m, int kind, boolean infinities) {
        double[][] p = switch (kind) {
            case 0 -> TestData.uniform(r, n, m);
            case 1 -> TestData.ties(r, n, m, 3);
            case 2 -> m >= 2 ? TestData.simplex(r, n, m) : TestData.uniform(r, n, m);
            default -> TestData.ties(r, n, m, 6);
        };
        if (n > 1) {
            for (int c = r.nextInt(1 + n / 4); c > 0; c--) {
                p[r.nextInt(n)] = p[r.nextInt(n)].clone();
            }
        }
        if (infinities) {
            for (double[] row : p) {
                for (int j = 0; j < m; j++) {
                    if (r.nextInt(8) == 0) {
                        row[j] = r.nextBoolean() ? INF : -INF;
                    }
                }
            }
        }
        return p;
    }

    static Sense[] randomSenses(Random r, int m) {
        Sense[] s = new Sense[m];
        for (int j = 0; j < m; j++) {
            s[j] = r.nextInt(3) == 0 ? Sense.MAXIMIZE : Sense.MINIMIZE;
        }
        return s;
    }

    @Test
    void frontsAndRanksMatchBruteForceWithInfinities() {
        Random r = new Random(1301);
        int sets = 0;
        for (int m = 1; m <= 6; m++) {
            for (int n : new int[] {0, 1, 2, 3, 5, 8, 20, 60, 200, 600}) {
                int trials = n >= 600 ? 4 : n >= 200 ? 12 : 40;
                for (int trial = 0; trial < trials; trial++) {
                    int kind = trial % 4;
                    double[][] p = randomSet(r, n, m, kind, trial % 2 == 0);
                    Sense[] s = randomSenses(r, m);
                    double[][] before = TestData.copy(p);
                    String where = "m=" + m + " n=" + n + " trial=" + trial;
                    int[] rank = BruteForce.ranks(p, s);
                    int[] front = BruteForce.front(p, s);
                    assertArrayEquals(rank, NondominatedSorting.ranks(p, s), where);
                    assertArrayEquals(front, ParetoFront.indices(p, s), where);
                    assertArrayEquals(firstCopies(p, front), ParetoFront.indices(p, s, DuplicatePolicy.KEEP_FIRST),
                            where);
                    boolean[] mask = new boolean[n];
                    for (int i : front) {
                        mask[i] = true;
                    }
                    assertArrayEquals(mask, ParetoFront.mask(p, s), where);
                    int[][] fronts = NondominatedSorting.fronts(p, s, DuplicatePolicy.KEEP_ALL);
                    for (int k = 0; k < fronts.length; k++) {
                        for (int i : fronts[k]) {
                            assertEquals(k, rank[i], where);
                        }
                    }
                    assertEquals(n, Arrays.stream(fronts).mapToInt(f -> f.length).sum(), where);
                    assertArrayEquals(flatten(before), flatten(p), "input modified, " + where);
                    sets++;
                }
            }
        }
        assertEquals(6 * (8 * 40 + 12 + 4), sets);
    }

    /** The front indices without a later copy of an earlier front point (KEEP_FIRST). */
    private static int[] firstCopies(double[][] p, int[] front) {
        return Arrays.stream(front).filter(i -> Arrays.stream(front)
                .noneMatch(k -> k < i && Arrays.equals(p[k], p[i]))).toArray();
    }

    private static double[] flatten(double[][] p) {
        return Arrays.stream(p).flatMapToDouble(Arrays::stream).toArray();
    }

    /**
     * Hypervolume and both contribution conventions against the grid volume and the removal definition,
     * m = 1..6. Values of +∞ (minimization form) put a point outside the reference box.
     */
    @Test
    void hypervolumeAndContributionsMatchGridOracle() {
        Random r = new Random(1302);
        int[] maxN = {0, 40, 25, 12, 8, 6, 5};
        for (int m = 1; m <= 6; m++) {
            for (int trial = 0; trial < 60; trial++) {
                int n = r.nextInt(maxN[m] + 1);
                double[][] p = randomSet(r, n, m, trial % 4, false);
                for (double[] row : p) {
                    for (int j = 0; j < m; j++) {
                        row[j] = trial % 3 == 0 && r.nextInt(10) == 0 ? INF : row[j] * 0.9;
                    }
                }
                Sense[] min = Sense.MINIMIZE.times(m);
                double[] ref = new double[m];
                Arrays.fill(ref, trial % 2 == 0 ? 1.0 : 0.7);
                String where = "m=" + m + " n=" + n + " trial=" + trial;
                double total = finiteGridVolume(p, ref);
                assertEquals(total, Hypervolume.of(p, min, ref), 1e-12, where);
                double[] removal = Hypervolume.contributions(p, min, ref, ContributionConvention.REMOVAL);
                double[] frontOnly = Hypervolume.contributions(p, min, ref, ContributionConvention.NONDOMINATED_ONLY);
                assertArrayEquals(removal, Hypervolume.contributions(p, min, ref), where);
                int[] front = BruteForce.front(p, min);
                double[][] frontPoints = Arrays.stream(front).mapToObj(i -> p[i]).toArray(double[][]::new);
                double frontTotal = finiteGridVolume(frontPoints, ref);
                for (int i = 0; i < n; i++) {
                    double expected = total - finiteGridVolume(without(p, i), ref);
                    assertEquals(expected, removal[i], 1e-12, "REMOVAL i=" + i + " " + where);
                    int at = Arrays.binarySearch(front, i);
                    double expectedFront = at < 0 ? 0.0 : frontTotal - finiteGridVolume(without(frontPoints, at), ref);
                    assertEquals(expectedFront, frontOnly[i], 1e-12, "NONDOMINATED_ONLY i=" + i + " " + where);
                }
                // maximization form of the same set gives the same numbers
                double[][] negated = Arrays.stream(p).map(row -> Arrays.stream(row).map(v -> -v).toArray())
                        .toArray(double[][]::new);
                double[] negRef = Arrays.stream(ref).map(v -> -v).toArray();
                assertEquals(total, Hypervolume.of(negated, Sense.MAXIMIZE.times(m), negRef), 1e-12, where);
                assertArrayEquals(removal, Hypervolume.contributions(negated, Sense.MAXIMIZE.times(m), negRef),
                        1e-12, where);
            }
        }
    }

    /** The grid volume with the points outside the reference box (and so every +∞) left out first. */
    private static double finiteGridVolume(double[][] p, double[] ref) {
        double[][] inside = Arrays.stream(p).filter(row -> {
            for (int j = 0; j < ref.length; j++) {
                if (!(row[j] < ref[j])) {
                    return false;
                }
            }
            return true;
        }).toArray(double[][]::new);
        return HypervolumeTest.gridVolume(inside, ref);
    }

    /** The points but row i. */
    static double[][] without(double[][] p, int i) {
        double[][] rest = new double[p.length - 1][];
        for (int k = 0, t = 0; k < p.length; k++) {
            if (k != i) {
                rest[t++] = p[k];
            }
        }
        return rest;
    }

    /** Regression (issue 13): 2-D contributions ignored the dominated points that cover part of a front box. */
    @Test
    void twoDimensionalContributionCountsDominatedPoints() {
        double[][] p = {{0.614, 0.312}, {0.418, 0.288}};
        double[] ref = {1.1, 1.1};
        Sense[] min2 = Sense.MINIMIZE.times(2);
        // point 1 dominates point 0: HV(P) = 0.682 · 0.812 = 0.553784; without point 1, point 0's box
        // 0.486 · 0.788 = 0.382968 remains, so point 1 contributes 0.170816 (the old answer was HV(P) itself)
        double hv = 0.682 * 0.812;
        double expected1 = hv - 0.486 * 0.788;
        assertEquals(0.170816, expected1, 1e-15);
        assertArrayEquals(new double[] {0.0, expected1}, Hypervolume.contributions(p, min2, ref), 1e-15);
        assertArrayEquals(new double[] {0.0, hv}, Hypervolume.contributions(p, min2, ref,
                ContributionConvention.NONDOMINATED_ONLY), 1e-15);
        // the 3-D path with a flat third objective agrees under both conventions
        double[][] lifted = {{0.614, 0.312, 0.1}, {0.418, 0.288, 0.1}};
        double[] ref3 = {1.1, 1.1, 1.1};
        assertArrayEquals(new double[] {0.0, expected1}, Hypervolume.contributions(lifted, Sense.MINIMIZE.times(3),
                ref3), 1e-15);
        assertArrayEquals(new double[] {0.0, hv}, Hypervolume.contributions(lifted, Sense.MINIMIZE.times(3), ref3,
                ContributionConvention.NONDOMINATED_ONLY), 1e-15);
    }

    @Test
    void infiniteHypervolume() {
        // a point inside the box with −∞ in one objective dominates an unbounded region
        double[][] p = {{-INF, 0.5}, {0.2, 0.3}};
        assertEquals(INF, Hypervolume.of(p, Sense.MINIMIZE.times(2), new double[] {1, 1}));
        assertEquals(INF, Hypervolume.of(new double[][] {{0.1, -INF, 0.2}}, Sense.MINIMIZE.times(3),
                new double[] {1, 1, 1}));
        for (int m = 4; m <= 6; m++) {
            double[][] q = TestData.uniform(new Random(m), 30, m);
            q[7][m - 2] = -INF;
            double[] ref = new double[m];
            Arrays.fill(ref, 1.0);
            assertEquals(INF, Hypervolume.of(q, Sense.MINIMIZE.times(m), ref), "m=" + m);
            // outside the box in another objective, the same point adds nothing
            q[7][0] = 2.0;
            assertEquals(Hypervolume.of(without(q, 7), Sense.MINIMIZE.times(m), ref),
                    Hypervolume.of(q, Sense.MINIMIZE.times(m), ref), 1e-12, "m=" + m);
        }
    }

    @Test
    void contributionsOfAnUnboundedBoxAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hypervolume.contributions(
                new double[][] {{0.5, 0.5}, {0.2, INF}}, Sense.MAXIMIZE.times(2), new double[] {0, 0}));
        assertEquals("points[1][1] is infinite inside the reference box: the hypervolume is +∞ and the"
                + " contributions are undefined", e.getMessage());
    }

    @Test
    void nullConventionIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hypervolume.contributions(
                new double[][] {{1, 2}}, Sense.MINIMIZE.times(2), new double[] {3, 3}, null));
        assertEquals("convention must not be null", e.getMessage());
    }
}
