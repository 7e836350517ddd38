package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mto4j.pareto.Sense;

class EarlyStoppingTest {
    private static double[] v(double... values) {
        return values;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndKeepsTheBestEpoch() {
        // one task, scores 5, 4, 4.5, 3, 3.2, 3.1: best at epoch 3, then 2 epochs without improvement
        EarlyStopping.Tracker t = new EarlyStopping(2, 0, v(1), Sense.MINIMIZE.times(1)).start();
        double[] scores = {5, 4, 4.5, 3, 3.2, 3.1};
        boolean[] stop = new boolean[scores.length];
        boolean[] improved = new boolean[scores.length];
        for (int e = 0; e < scores.length; e++) {
            stop[e] = t.record(v(scores[e]), v(10 + e), v(20 + e));
            improved[e] = t.improved();
        }
        assertArrayEquals(new boolean[] {false, false, false, false, false, true}, stop);
        assertArrayEquals(new boolean[] {true, true, false, true, false, false}, improved);
        assertEquals(3, t.bestEpoch());
        assertEquals(3.0, t.bestScore());
        assertEquals(6, t.epochs());
        RunResult r = t.result(120);
        assertArrayEquals(v(13), r.train());
        assertArrayEquals(v(3), r.validation());
        assertArrayEquals(v(23), r.test());
        assertEquals(120, r.steps());
        assertThrows(IllegalStateException.class, () -> t.record(v(1), v(1), v(1)));
    }

    @Test
    void minDeltaIsTheImprovementThatCounts() {
        EarlyStopping.Tracker t = new EarlyStopping(1, 0.1, v(1), Sense.MINIMIZE.times(1)).start();
        assertFalse(t.record(v(1.0), v(0), v(0)));
        assertTrue(t.record(v(0.95), v(0), v(0)), "0.05 better is not better by more than 0.1");
        assertEquals(0, t.bestEpoch());
        EarlyStopping.Tracker u = new EarlyStopping(1, 0.1, v(1), Sense.MINIMIZE.times(1)).start();
        assertFalse(u.record(v(1.0), v(0), v(0)));
        assertFalse(u.record(v(0.85), v(0), v(0)));
        assertEquals(1, u.bestEpoch());
    }

    @Test
    void criterionOfASweepRunIsItsWeightedSumOrTheMean() {
        Sweep s = Sweep.builder().tasks("a", "b").scalarization(new double[][] {{0.25, 0.75}}).method("mgda")
                .learningRates(0.1).seeds(1).build();
        EarlyStopping scalarization = EarlyStopping.forRun(s.runs().get(0), 3, 0, Sense.MINIMIZE);
        EarlyStopping mgda = EarlyStopping.forRun(s.runs().get(1), 3, 0, Sense.MINIMIZE);
        assertArrayEquals(v(0.25, 0.75), scalarization.criterionWeights());
        assertArrayEquals(v(0.5, 0.5), mgda.criterionWeights());
        assertEquals(0.25 * 2 + 0.75 * 4, scalarization.score(v(2, 4)));
        assertEquals(3.0, mgda.score(v(2, 4)));
        // accuracies: higher is better, the score is the negated weighted sum
        EarlyStopping accuracy = EarlyStopping.forRun(s.runs().get(1), 3, 0, Sense.MAXIMIZE);
        assertEquals(-0.75, accuracy.score(v(0.5, 1.0)));
        EarlyStopping.Tracker t = accuracy.start();
        t.record(v(0.5, 0.6), v(0, 0), v(0, 0));
        t.record(v(0.7, 0.6), v(0, 0), v(0, 0));
        assertEquals(1, t.bestEpoch());
        // mixed senses: a loss and an accuracy
        EarlyStopping mixed = new EarlyStopping(3, 0, v(1, 1), new Sense[] {Sense.MINIMIZE, Sense.MAXIMIZE});
        assertEquals(0.25 - 0.5, mixed.score(v(0.25, 0.5)));
    }

    @Test
    void divergenceStopsAtOnce() {
        EarlyStopping.Tracker t = new EarlyStopping(5, 0, v(0.5, 0.5), Sense.MINIMIZE.times(2)).start();
        assertFalse(t.record(v(1, 1), v(2, 2), v(3, 3)));
        assertTrue(t.record(v(Double.NaN, 1), v(2, 2), v(3, 3)));
        assertFalse(t.improved());
        assertArrayEquals(v(3, 3), t.result(7).test(), "the best finite epoch is kept");
        EarlyStopping.Tracker u = new EarlyStopping(5, 0, v(1), Sense.MINIMIZE.times(1)).start();
        assertTrue(u.record(v(Double.POSITIVE_INFINITY), v(0), v(0)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> u.result(1));
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
    }

    @Test
    void badConfigurationAndMetrics() {
        Sense[] one = Sense.MINIMIZE.times(1);
        assertEquals("patience must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new EarlyStopping(0, 0, v(1), one)).getMessage());
        assertEquals("minDelta must be finite and >= 0, got -0.1", assertThrows(IllegalArgumentException.class,
                () -> new EarlyStopping(1, -0.1, v(1), one)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(1, 0, v(0, 0), Sense.MINIMIZE.times(2)));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(1, 0, v(-1, 2), Sense.MINIMIZE.times(2)));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(1, 0, v(1, 1), one));
        EarlyStopping.Tracker t = new EarlyStopping(1, 0, v(1, 1), Sense.MINIMIZE.times(2)).start();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.record(v(1, 1), v(1, 1), v(1)));
        assertEquals("test metrics must have one value per task (2), got 1", e.getMessage());
    }
}
