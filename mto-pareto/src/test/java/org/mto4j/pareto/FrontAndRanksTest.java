package org.mto4j.pareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrontAndRanksTest {

    private static List<double[][]> sets(Random r, int m) {
        List<double[][]> sets = new ArrayList<>();
        sets.add(new double[0][m]);
        sets.add(TestData.uniform(r, 1, m));
        for (int n : new int[] {2, 7, 30, 200, 600}) {
            sets.add(TestData.uniform(r, n, m));
            sets.add(TestData.ties(r, n, m, 3));
            sets.add(TestData.ties(r, n, m, 12));
            if (m >= 2) {
                sets.add(TestData.simplex(r, n, m));
                sets.add(TestData.sphere(r, n, m));
            }
            sets.add(TestData.flatObjective(r, n, m, m - 1));
        }
        double[][] dup = TestData.simplex(r, 50, Math.max(m, 2));
        if (m >= 2) {
            double[][] twice = Arrays.copyOf(dup, 100);
            for (int i = 0; i < 50; i++) {
                twice[50 + i] = dup[49 - i].clone();
            }
            sets.add(twice);
        }
        return sets;
    }

    @Test
    void frontAndRanksMatchBruteForceForOneToSixObjectives() {
        Random r = new Random(42);
        for (int m = 1; m <= 6; m++) {
            Sense[] senses = Sense.MINIMIZE.times(m);
            for (double[][] p : sets(r, m)) {
                double[][] before = TestData.copy(p);
                int[] expectedRanks = BruteForce.ranks(p, senses);
                assertArrayEquals(expectedRanks, NondominatedSorting.ranks(p, senses), "m=" + m + " n=" + p.length);
                assertArrayEquals(BruteForce.front(p, senses), ParetoFront.indices(p, senses), "m=" + m + " n=" + p.length);
                assertTrue(Arrays.deepEquals(before, p), "input modified");
            }
        }
    }

    @Test
    void mixedSensesEqualNegatedMinimization() {
        Random r = new Random(7);
        Sense[] mixed = {Sense.MINIMIZE, Sense.MAXIMIZE, Sense.MAXIMIZE};
        double[][] p = TestData.ties(r, 300, 3, 6);
        double[][] negated = TestData.copy(p);
        for (double[] row : negated) {
            row[1] = -row[1];
            row[2] = -row[2];
        }
        Sense[] min = Sense.MINIMIZE.times(3);
        assertArrayEquals(NondominatedSorting.ranks(negated, min), NondominatedSorting.ranks(p, mixed));
        assertArrayEquals(ParetoFront.indices(negated, min), ParetoFront.indices(p, mixed));
        assertArrayEquals(BruteForce.ranks(p, mixed), NondominatedSorting.ranks(p, mixed));
    }

    @Test
    void invariantUnderPermutationAndPositiveScaling() {
        Random r = new Random(3);
        for (int m = 2; m <= 5; m++) {
            Sense[] senses = Sense.MINIMIZE.times(m);
            double[][] p = TestData.ties(r, 400, m, 8);
            int[] ranks = NondominatedSorting.ranks(p, senses);
            int[] perm = shuffled(r, p.length);
            double[][] q = new double[p.length][];
            for (int i = 0; i < p.length; i++) {
                q[i] = p[perm[i]].clone();
                for (int j = 0; j < m; j++) {
                    q[i][j] = q[i][j] * (j + 0.5) * 1e-7;
                }
            }
            int[] ranksQ = NondominatedSorting.ranks(q, senses);
            for (int i = 0; i < p.length; i++) {
                assertEquals(ranks[perm[i]], ranksQ[i]);
            }
        }
    }

    @Test
    void largeTwoAndThreeObjectiveFrontsMatchRanks() {
        Random r = new Random(11);
        for (int m = 2; m <= 4; m++) {
            Sense[] senses = Sense.MINIMIZE.times(m);
            for (double[][] p : List.of(TestData.uniform(r, 20_000, m), TestData.simplex(r, 20_000, m),
                    TestData.ties(r, 20_000, m, 40))) {
                int[] ranks = NondominatedSorting.ranks(p, senses);
                int[] front = ParetoFront.indices(p, senses);
                int[] rankZero = java.util.stream.IntStream.range(0, p.length).filter(i -> ranks[i] == 0).toArray();
                assertArrayEquals(rankZero, front);
                assertRanksConsistent(p, senses, ranks, r);
            }
        }
    }

    /** Sampled check of the rank definition on sets too large for the full oracle. */
    private static void assertRanksConsistent(double[][] p, Sense[] s, int[] rank, Random r) {
        for (int t = 0; t < 20_000; t++) {
            int a = r.nextInt(p.length);
            int b = r.nextInt(p.length);
            if (Dominance.compare(p[a], p[b], s) == Dominance.DOMINATES) {
                assertTrue(rank[a] < rank[b]);
            }
        }
    }

    @Test
    void duplicatePolicy() {
        double[][] p = {{1, 2}, {2, 1}, {1, 2}, {3, 3}, {2, 1}, {0.5, 5}};
        Sense[] s = Sense.MINIMIZE.times(2);
        assertArrayEquals(new int[] {0, 1, 2, 4, 5}, ParetoFront.indices(p, s, DuplicatePolicy.KEEP_ALL));
        assertArrayEquals(new int[] {0, 1, 5}, ParetoFront.indices(p, s, DuplicatePolicy.KEEP_FIRST));
        int[][] fronts = NondominatedSorting.fronts(p, s, DuplicatePolicy.KEEP_FIRST);
        assertArrayEquals(new int[] {0, 1, 5}, fronts[0]);
        assertArrayEquals(new int[] {3}, fronts[1]);
        for (int m = 1; m <= 5; m++) {
            double[][] q = new double[4][m];
            for (double[] row : q) {
                Arrays.fill(row, 1.0);
            }
            Sense[] sm = Sense.MINIMIZE.times(m);
            assertArrayEquals(new int[] {0, 1, 2, 3}, ParetoFront.indices(q, sm));
            assertArrayEquals(new int[] {0}, ParetoFront.indices(q, sm, DuplicatePolicy.KEEP_FIRST));
        }
    }

    @Test
    void badInputNamesPointAndObjective() {
        Sense[] s = Sense.MINIMIZE.times(2);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ParetoFront.indices(new double[][] {{1, 2}, {3, Double.NaN}}, s));
        assertTrue(nan.getMessage().contains("points[1][1]"), nan.getMessage());
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> NondominatedSorting.ranks(new double[][] {{1, 2}, {3}}, s));
        assertTrue(ragged.getMessage().contains("points[1] has 1 objectives but senses has 2"), ragged.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParetoFront.indices(null, s));
        assertThrows(IllegalArgumentException.class, () -> ParetoFront.indices(new double[][] {{1, 2}}, null));
    }

    @Test
    void infinitiesAreOrdinaryValues() {
        double inf = Double.POSITIVE_INFINITY;
        double[][] p = {{-inf, 5}, {0, 0}, {inf, -inf}, {1, inf}, {-inf, 6}};
        Sense[] s = Sense.MINIMIZE.times(2);
        assertArrayEquals(BruteForce.front(p, s), ParetoFront.indices(p, s));
        assertArrayEquals(BruteForce.ranks(p, s), NondominatedSorting.ranks(p, s));
    }

    /**
     * Three objectives are ranked by peeling fronts while they are large and by divide and conquer after:
     * layered simplex fronts (peeled), then a uniform cloud behind them (handed over), against brute force.
     */
    @Test
    void threeObjectiveRanksPeelLargeFrontsThenDivide() {
        Random r = new Random(1303);
        Sense[] s = Sense.MINIMIZE.times(3);
        for (int trial = 0; trial < 4; trial++) {
            int layers = 1 + trial;
            java.util.List<double[]> rows = new java.util.ArrayList<>();
            for (int k = 0; k < layers; k++) {
                for (double[] row : TestData.simplex(r, 400, 3)) {
                    rows.add(new double[] {row[0] + k, row[1] + k, row[2] + k});
                }
            }
            for (double[] row : TestData.uniform(r, trial * 150, 3)) {
                rows.add(new double[] {row[0] + layers, row[1] + layers, row[2] + layers});
            }
            double[][] p = rows.toArray(new double[0][]);
            int[] expected = BruteForce.ranks(p, s);
            assertArrayEquals(expected, NondominatedSorting.ranks(p, s), "trial " + trial);
            int[] capped = NondominatedSorting.ranks(p, s, 2);
            for (int i = 0; i < p.length; i++) {
                assertEquals(Math.min(2, expected[i]), capped[i], "capped, trial " + trial);
            }
        }
    }

    /** Regression (issue 13): a point holding +∞ and −∞ sums to NaN and was sorted first on the sort-filter path. */
    @Test
    void pointWithBothInfinitiesOnTheSortFilterPath() {
        double inf = Double.POSITIVE_INFINITY;
        Sense[] s = Sense.MINIMIZE.times(3);
        double[][] p = {{0.25, -inf, 0.25}, {inf, -inf, 0.25}};
        assertArrayEquals(new int[] {0}, ParetoFront.indices(p, s));
        assertArrayEquals(new boolean[] {true, false}, ParetoFront.mask(p, s));
        assertArrayEquals(new int[] {0, 1}, NondominatedSorting.ranks(p, s));
        // the same in maximization form, and with the dominated point first
        double[][] q = {{-inf, inf, -0.25}, {-0.25, inf, -0.25}};
        assertArrayEquals(new int[] {1}, ParetoFront.indices(q, Sense.MAXIMIZE.times(3)));
    }

    static int[] shuffled(Random r, int n) {
        int[] perm = Sorting.identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }
}
