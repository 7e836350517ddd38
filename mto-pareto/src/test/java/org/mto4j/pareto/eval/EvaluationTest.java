package org.mto4j.pareto.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.WeightVectors;

class EvaluationTest {
    private static final double TOL = 1e-12;
    private static final double[] NONE = {};

    private static Run ls(double w0, double lr, double[] train, double[] test) {
        return new Run("ls", lr, 0.0, new double[] {w0, 1 - w0}, 0, train, test);
    }

    /**
     * Two losses. Weighted-sum runs at weights (1,0), (.5,.5), (0,1), (.25,.75), two learning rates for the
     * first three; the train split picks runs 0, 3, 4, 6. Their test points (1.1,5), (2.5,2.5), (5,1), (4,2)
     * are all non-dominated; (4,2) lies above the segment from (2.5,2.5) to (5,1), so it is unsupported.
     */
    static ResultsTable table() {
        List<Run> runs = new ArrayList<>();
        runs.add(ls(1, 0.01, new double[] {1, 5}, new double[] {1.1, 5}));
        runs.add(ls(1, 0.1, new double[] {2, 4}, new double[] {2.1, 4}));
        runs.add(ls(0.5, 0.01, new double[] {3, 3}, new double[] {3, 3}));
        runs.add(ls(0.5, 0.1, new double[] {2, 2.5}, new double[] {2.5, 2.5}));
        runs.add(ls(0, 0.01, new double[] {5, 1}, new double[] {5, 1}));
        runs.add(ls(0, 0.1, new double[] {4, 1.5}, new double[] {4, 1.2}));
        runs.add(ls(0.25, 0.01, new double[] {4, 1.4}, new double[] {4, 2}));
        runs.add(new Run("pcgrad", 0.01, 0, NONE, 0, new double[] {3, 3}, new double[] {3, 3}));
        runs.add(new Run("pcgrad", 0.1, 0, NONE, 0, new double[] {2, 2}, new double[] {2, 2}));
        return new ResultsTable(List.of("a", "b"), Sense.MINIMIZE.times(2), runs);
    }

    @Test
    void scalarizationFrontAndSupportedPoints() {
        ScalarizationFront front = ScalarizationFront.of(table(), "ls", Split.TRAIN, Split.TEST);
        assertArrayEquals(new int[] {0, 3, 4, 6}, front.bestRuns());
        assertArrayEquals(new int[] {0, 3, 4, 6}, front.frontRuns());
        assertArrayEquals(new int[] {0, 3, 4}, front.supportedRuns());
        // selecting on test changes the pick at weights (0,1): run 4 (b = 1) over run 5 (b = 1.2) still
        assertArrayEquals(new int[] {0, 3, 4, 6}, ScalarizationFront.of(table(), "ls", Split.TEST, Split.TEST)
                .bestRuns());
    }

    @Test
    void comparisonWithTheFront() {
        ResultsTable table = table();
        FrontComparison c = FrontComparison.of(table, ScalarizationFront.of(table, "ls", Split.TRAIN, Split.TEST));
        assertTrue(c.dominated(7));
        assertEquals(0.5, c.distance(7), TOL);
        assertFalse(c.dominated(8));
        assertEquals(-0.5, c.distance(8), TOL);
        assertEquals(0.0, c.distance(3), TOL);
        assertEquals(List.of("ls", "pcgrad"), c.methods());
        assertArrayEquals(new int[] {7, 2}, c.runCounts());
        assertArrayEquals(new int[] {1, 1}, c.dominatedCounts());
        assertEquals(-0.5, c.bestDistances()[1], TOL);
    }

    /** Regression (issue 13): a run on the front under a maximized metric had distance −0.0. */
    @Test
    void runOnTheFrontHasDistancePlusZeroWhenAMetricIsMaximized() {
        // two non-dominated ls runs, and an mgda run identical to the first, under both sense patterns
        double[][][] points = {{{0.9, 0.5}, {0.5, 0.9}}, {{0.1, 0.5}, {0.5, 0.9}}};
        Sense[][] senses = {Sense.MAXIMIZE.times(2), {Sense.MINIMIZE, Sense.MAXIMIZE}};
        for (int v = 0; v < 2; v++) {
            double[] a = points[v][0];
            double[] b = points[v][1];
            List<Run> runs = List.of(new Run("ls", 0.01, 0, new double[] {1, 0}, 0, a, a),
                    new Run("ls", 0.01, 0, new double[] {0, 1}, 0, b, b),
                    new Run("mgda", 0.01, 0, NONE, 0, a, a));
            ResultsTable table = new ResultsTable(List.of("a", "b"), senses[v], runs);
            FrontComparison c = FrontComparison.of(table, ScalarizationFront.of(table, "ls", Split.TRAIN,
                    Split.TEST));
            for (int i = 0; i < 3; i++) {
                // assertEquals(double, double) tells 0.0 from −0.0, which is the point here
                assertEquals(0.0, c.distance(i), "variant " + v + ", run " + i);
            }
            assertEquals(0.0, c.bestDistances()[1]);
        }
    }

    @Test
    void rankingUnderWeightings() {
        List<double[][]> sets = List.of(new double[][] {{0, 1}, {1, 0}}, new double[][] {{0.4, 0.4}});
        WeightingRanking r = WeightingRanking.of(List.of("A", "B"), sets, Sense.MINIMIZE.times(2),
                WeightVectors.dasDennis(2, 4));
        assertArrayEquals(new int[] {0, 0, 1, 0, 0}, r.winners());
        assertArrayEquals(new double[] {0.8, 0.2}, r.shares(), TOL);
        assertArrayEquals(new int[] {2, 3}, r.flips());
        assertArrayEquals(new int[] {1, 0}, r.ranking(2));
        assertEquals(0.25, r.utility(1, 0), TOL);
        // maximized metrics: the same sets negated give the same answer
        List<double[][]> negated = List.of(new double[][] {{0, -1}, {-1, 0}}, new double[][] {{-0.4, -0.4}});
        assertArrayEquals(r.winners(), WeightingRanking.of(List.of("A", "B"), negated, Sense.MAXIMIZE.times(2),
                WeightVectors.dasDennis(2, 4)).winners());
    }

    @Test
    void rankingATableNormalizesExplicitly() {
        ResultsTable table = table();
        WeightingRanking r = WeightingRanking.of(table, Split.TEST, WeightVectors.dasDennis(2, 2),
                new double[] {1, 1}, new double[] {5, 5});
        // at (.5,.5) pcgrad's (2,2) beats ls's best weighted sum (2.5,2.5) and (4,2); at the ends ls wins
        assertArrayEquals(new int[] {0, 1, 0}, r.winners());
    }

    @Test
    void tuningSensitivityOfADenseSweep() {
        List<Run> runs = new ArrayList<>();
        double[] noise = {0, 0.01, -0.01};
        for (double decade : new double[] {1e-3, 1e-2, 1e-1}) {
            for (int k = 1; k <= 9; k++) {
                for (int seed = 0; seed < 3; seed++) {
                    double lr = k * decade;
                    double loss = Math.abs(Math.log10(lr / 0.03)) + noise[seed];
                    runs.add(new Run("ls", lr, 0, NONE, seed, NONE, new double[] {loss}));
                }
            }
        }
        runs.add(new Run("ls", 0.015, 0, NONE, 0, NONE, new double[] {5}));
        TuningSensitivity t = TuningSensitivity.of(runs, r -> r.metrics(Split.TEST)[0], Sense.MINIMIZE);
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, t.gridKs());
        assertEquals(0.03, t.bestRate(), TOL);
        assertEquals(0.0, t.gridBestScores()[2], 1e-15);
        assertEquals(Math.log10(3), t.gridSpread(), 1e-12);
        assertEquals(0.02, t.seedSpread(), 1e-12);
        assertEquals(Math.log10(3) / 0.02, t.ratio(), 1e-9);
        assertEquals(0.01, t.gridBestRates()[0], TOL);
    }

    @Test
    void badTables() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ResultsTable(
                List.of("a", "b"), Sense.MINIMIZE.times(2),
                List.of(new Run("x", 0.1, 0, NONE, 0, NONE, new double[] {1}))));
        assertTrue(e.getMessage().contains("runs[0] has 1 test metrics but the table has 2 tasks"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Run("x", 0.1, 0, NONE, 0, NONE,
                new double[] {Double.NaN}));
        assertTrue(e.getMessage().contains("test[0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScalarizationFront.of(table(), "nope", Split.TEST,
                Split.TEST));
        assertTrue(e.getMessage().contains("[ls, pcgrad]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScalarizationFront.of(table(), "pcgrad", Split.TEST,
                Split.TEST));
    }
}
