package org.mto4j.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DominanceTest {
    private static final Sense[] MIN2 = Sense.MINIMIZE.times(2);

    @Test
    void fourOutcomes() {
        assertEquals(Dominance.DOMINATES, Dominance.compare(new double[] {1, 2}, new double[] {1, 3}, MIN2));
        assertEquals(Dominance.DOMINATED, Dominance.compare(new double[] {1, 3}, new double[] {1, 2}, MIN2));
        assertEquals(Dominance.EQUAL, Dominance.compare(new double[] {1, 2}, new double[] {1, 2}, MIN2));
        assertEquals(Dominance.EQUAL, Dominance.compare(new double[] {0.0, 2}, new double[] {-0.0, 2}, MIN2));
        assertEquals(Dominance.INCOMPARABLE, Dominance.compare(new double[] {1, 3}, new double[] {2, 2}, MIN2));
    }

    @Test
    void mixedSenses() {
        Sense[] s = {Sense.MINIMIZE, Sense.MAXIMIZE};
        assertEquals(Dominance.DOMINATES, Dominance.compare(new double[] {1, 3}, new double[] {1, 2}, s));
        assertTrue(Dominance.strictlyDominates(new double[] {0, 3}, new double[] {1, 2}, s));
        assertFalse(Dominance.strictlyDominates(new double[] {1, 3}, new double[] {1, 2}, s));
        assertTrue(Dominance.weaklyDominates(new double[] {1, 2}, new double[] {1, 2}, s));
    }

    @Test
    void epsilonDominance() {
        double[] a = {1.5, 2.5};
        double[] b = {1.0, 2.0};
        assertFalse(Dominance.additiveEpsilonDominates(a, b, 0.4, MIN2));
        assertTrue(Dominance.additiveEpsilonDominates(a, b, 0.5, MIN2));
        assertTrue(Dominance.multiplicativeEpsilonDominates(a, b, 1.5, MIN2));
        assertFalse(Dominance.multiplicativeEpsilonDominates(a, b, 1.4, MIN2));
        Sense[] max = Sense.MAXIMIZE.times(2);
        assertTrue(Dominance.multiplicativeEpsilonDominates(b, a, 1.5, max));
        assertFalse(Dominance.multiplicativeEpsilonDominates(b, a, 1.4, max));
        assertThrows(IllegalArgumentException.class,
                () -> Dominance.multiplicativeEpsilonDominates(new double[] {0, 1}, b, 2, MIN2));
    }

    @Test
    void badInputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dominance.compare(new double[] {1, Double.NaN}, new double[] {1, 2}, MIN2));
        assertTrue(e.getMessage().contains("a[1] is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Dominance.compare(new double[] {1, 2}, new double[] {1, 2, 3}, MIN2));
        assertTrue(e.getMessage().contains("b has 3 objectives but senses has 2"), e.getMessage());
    }
}
