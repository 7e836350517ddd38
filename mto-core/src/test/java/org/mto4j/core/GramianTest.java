package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Plain K x K checks: no ND4J. */
class GramianTest {

    static final double[][] TORCHJD = {{18, -22}, {-22, 38}}; // J = [[-4, 1, 1], [6, 1, 1]]

    @Test
    void entriesNormsAndCosinesByHand() {
        Gramian g = Gramian.of(TORCHJD);
        assertEquals(2, g.size());
        assertEquals(-22, g.get(0, 1));
        assertEquals(Math.sqrt(18), g.norm(0), 1e-15);
        assertEquals(-22 / Math.sqrt(18 * 38), g.cosine(1, 0), 1e-15);
        assertArrayEquals(new double[] {18, 38}, g.diagonal());
        // w = [0.6, 0.4] gives d = [0, 1, 1], ‖d‖² = 2
        assertEquals(2.0, g.quadraticForm(new double[] {0.6, 0.4}), 1e-12);
    }

    @Test
    void cosineOfAZeroGradientIsUndefined() {
        Gramian g = Gramian.of(new double[][] {{0, 0}, {0, 4}});
        assertTrue(Double.isNaN(g.cosine(0, 1)));
    }

    @Test
    void nearSymmetricInputIsSymmetrisedAndTheCallersArrayIsCopied() {
        double[][] m = {{2, 1 + 1e-12}, {1, 3}};
        Gramian g = Gramian.of(m);
        assertEquals(g.get(0, 1), g.get(1, 0));
        m[0][0] = 99;
        assertEquals(2, g.get(0, 0));
        double[][] out = g.toArray();
        out[1][1] = -5;
        assertEquals(3, g.get(1, 1));
    }

    @Test
    void badMatricesAreRejectedWithPositionAndValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gramian.of(new double[][] {{1, 2}, {3, 4}}));
        assertTrue(e.getMessage().contains("G[0][1] = 2.0") && e.getMessage().contains("G[1][0] = 3.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gramian.of(new double[][] {{1, 0}, {0}}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gramian.of(new double[][] {{Double.NaN}}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gramian.of(new double[][] {{-1}}));
        assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gramian.of(new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> Gramian.of(null));
        e = assertThrows(IllegalArgumentException.class, () -> Gramian.of(TORCHJD).quadraticForm(new double[3]));
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void machineEpsilonOfTheGradients() {
        assertEquals(Gramian.DOUBLE_EPSILON, Gramian.of(TORCHJD).machineEpsilon());
        assertEquals(Gramian.FLOAT_EPSILON, Gramian.of(TORCHJD, Gramian.FLOAT_EPSILON).machineEpsilon());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gramian.of(TORCHJD, 1e-3));
        assertTrue(e.getMessage().contains("machineEpsilon") && e.getMessage().contains("0.001"), e.getMessage());
        assertEquals(Gramian.FLOAT_EPSILON, Gramian.sum(List.of(Gramian.of(TORCHJD),
                Gramian.of(TORCHJD, Gramian.FLOAT_EPSILON))).machineEpsilon(), "a sum: its coarsest part's");
    }

    /** A Gramian of J / 2⁶⁰⁰: entries, norms and ‖Σ wᵢgᵢ‖ stay exact where G itself is beyond double's range. */
    @Test
    void scaledGramianBeyondDoublesRange() {
        double s = 0x1p600;
        Gramian g = Gramian.fromRowMajor(2, new double[] {4, 2, 2, 9}, s, Gramian.DOUBLE_EPSILON, true);
        assertEquals(s, g.scale());
        assertEquals(Double.POSITIVE_INFINITY, g.get(0, 0));
        assertEquals(2 * s, g.norm(0));
        assertEquals(2 / 6.0, g.cosine(0, 1), 1e-15);
        assertEquals(Math.sqrt(4 + 9 + 2 * 2) * s, g.directionNorm(new double[] {1, 1}), 1e-15 * s);
        assertEquals(Gramian.of(new double[][] {{4, 2}, {2, 9}}), g.unitScale());
        // Shards at different scales add at the larger one; shards that fit but overflow together are rescaled.
        Gramian small = Gramian.of(new double[][] {{0x1p-40, 0}, {0, 0}});
        assertEquals(g, Gramian.sum(List.of(g, small)));
        Gramian big = Gramian.of(new double[][] {{1e308, 0}, {0, 1e308}});
        Gramian both = Gramian.sum(List.of(big, big));
        assertTrue(both.scale() > 1 && Double.isInfinite(both.get(0, 0)), both.toString());
        assertEquals(Math.sqrt(2) * 1e154, both.norm(0), 1e-15 * 1e154);
    }

    /**
     * ‖Σ wᵢgᵢ‖ from G wherever the norm itself fits double, although wᵀGw does not: squared norms near double's
     * largest value, and weights of 1e159 on gradients of 1e-160 (whose Gramian is held at a scale below 1).
     */
    @Test
    void directionNormWhereTheSquaredNormDoesNotFit() {
        Gramian big = Gramian.of(new double[][] {{1.5e308, 0}, {0, 1.5e308}});
        assertEquals(Math.sqrt(2) * Math.sqrt(1.5e308), big.directionNorm(new double[] {1, 1}), 1e-15 * 2e154);
        double s = 0x1p-570;
        double unit = 1e-160 / s;
        Gramian tiny = Gramian.fromRowMajor(1, new double[] {unit * unit}, s, Gramian.DOUBLE_EPSILON, true);
        assertEquals(0.8, tiny.directionNorm(new double[] {8e159}), 1e-15);
        assertEquals(0, tiny.directionNorm(new double[] {0}));
    }

    @Test
    void sumAddsShardsAndChecksSizes() {
        Gramian a = Gramian.of(new double[][] {{1, 2}, {2, 5}});
        Gramian b = Gramian.of(new double[][] {{3, -1}, {-1, 1}});
        assertEquals(Gramian.of(new double[][] {{4, 1}, {1, 6}}), Gramian.sum(List.of(a, b)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gramian.sum(List.of(a, Gramian.of(new double[][] {{1}}))));
        assertTrue(e.getMessage().contains("parts[1] is 1 x 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gramian.sum(List.of()));
    }
}
