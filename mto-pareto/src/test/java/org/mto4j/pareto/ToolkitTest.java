package org.mto4j.pareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ToolkitTest {
    private static final Sense[] MIN2 = Sense.MINIMIZE.times(2);
    private static final double TOL = 1e-12;

    @Test
    void indicatorsByHand() {
        double[][] front = {{0, 1}, {1, 0}};
        double[][] a = {{0, 2}, {2, 0}};
        assertEquals(1.0, QualityIndicators.generationalDistance(a, front, MIN2), TOL);
        assertEquals(1.0, QualityIndicators.invertedGenerationalDistance(a, front, MIN2), TOL);
        assertEquals(1.0, QualityIndicators.invertedGenerationalDistancePlus(a, front, MIN2), TOL);
        assertEquals(1.0, QualityIndicators.additiveEpsilon(a, front, MIN2), TOL);
        // a point better than the reference: IGD counts the distance, IGD+ does not
        double[][] better = {{-1, 0.5}};
        assertEquals(0.0, QualityIndicators.invertedGenerationalDistancePlus(better, new double[][] {{0, 1}}, MIN2), TOL);
        assertEquals(Math.sqrt(1.25), QualityIndicators.invertedGenerationalDistance(better, new double[][] {{0, 1}},
                MIN2), TOL);
        assertEquals(-0.5, QualityIndicators.additiveEpsilon(better, new double[][] {{0, 1}}, MIN2), TOL);
        assertEquals(2.0, QualityIndicators.multiplicativeEpsilon(new double[][] {{2, 4}}, new double[][] {{1, 4}},
                MIN2), TOL);
        assertEquals(2.0, QualityIndicators.multiplicativeEpsilon(new double[][] {{1, 4}}, new double[][] {{2, 4}},
                Sense.MAXIMIZE.times(2)), TOL);
        // R2: weights (1,0),(0,1),(0.5,0.5), ideal (0,0), A = {(1,2),(2,1)}: (1 + 1 + 1) / 3
        double[][] w = {{1, 0}, {0, 1}, {0.5, 0.5}};
        assertEquals(1.0, QualityIndicators.r2(new double[][] {{1, 2}, {2, 1}}, w, new double[] {0, 0}, MIN2), TOL);
        assertThrows(IllegalArgumentException.class,
                () -> QualityIndicators.invertedGenerationalDistance(new double[0][2], front, MIN2));
    }

    @Test
    void normalization() {
        Sense[] mixed = {Sense.MINIMIZE, Sense.MAXIMIZE};
        double[][] p = {{1, 10}, {3, 20}, {2, 15}};
        double[] ideal = Normalization.ideal(p, mixed);
        double[] nadir = Normalization.nadir(p, mixed);
        assertArrayEquals(new double[] {1, 20}, ideal);
        assertArrayEquals(new double[] {3, 10}, nadir);
        double[][] x = Normalization.normalize(p, ideal, nadir, mixed);
        assertArrayEquals(new double[] {0, 1}, x[0], TOL);
        assertArrayEquals(new double[] {1, 0}, x[1], TOL);
        assertArrayEquals(new double[] {0.5, 0.5}, x[2], TOL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normalization.normalize(p, nadir, ideal, mixed));
        assertTrue(e.getMessage().contains("objective 0"), e.getMessage());
    }

    @Test
    void weightVectors() {
        assertEquals(15, WeightVectors.dasDennis(3, 4).length);
        assertEquals(15, WeightVectors.dasDennisCount(3, 4));
        for (double[] w : WeightVectors.dasDennisTwoLayer(3, 4, 2)) {
            assertEquals(1.0, Arrays.stream(w).sum(), TOL);
        }
        assertEquals(21, WeightVectors.dasDennisTwoLayer(3, 4, 2).length);
        assertArrayEquals(new double[] {1, 0}, WeightVectors.dasDennis(2, 2)[0]);
        assertArrayEquals(new double[] {0.5, 0.5}, WeightVectors.dasDennis(2, 2)[1]);
        double[][] r1 = WeightVectors.uniformRandom(4, 100, 7);
        assertTrue(Arrays.deepEquals(r1, WeightVectors.uniformRandom(4, 100, 7)));
        for (double[] w : r1) {
            assertEquals(1.0, Arrays.stream(w).sum(), 1e-12);
            assertTrue(Arrays.stream(w).allMatch(v -> v >= 0));
        }
        assertThrows(IllegalArgumentException.class, () -> WeightVectors.dasDennis(0, 3));
    }

    @Test
    void crowdingDistanceIsDefinedOnTiesDuplicatesAndFlatObjectives() {
        double[][] p = {{0, 5}, {1, 5}, {1, 5}, {3, 5}, {4, 5}};
        double[] cd = CrowdingDistance.of(p, MIN2);
        assertEquals(Double.POSITIVE_INFINITY, cd[0]);
        assertEquals(0.75, cd[1], TOL);
        assertEquals(0.75, cd[2], TOL);
        assertEquals(0.75, cd[3], TOL);
        assertEquals(Double.POSITIVE_INFINITY, cd[4]);
        double[] flat = CrowdingDistance.of(new double[][] {{2, 2}, {2, 2}}, MIN2);
        assertArrayEquals(new double[] {0, 0}, flat);
    }

    @Test
    void kneePoint() {
        double[][] p = {{0, 1}, {0.2, 0.2}, {0.5, 0.1}, {1, 0}, {0.9, 0.9}};
        assertArrayEquals(new int[] {1, 2}, KneePoints.select(p, MIN2, 2));
        double[] scores = KneePoints.scores(p, MIN2);
        assertTrue(Double.isNaN(scores[4]));
        assertEquals(0.6 / Math.sqrt(2), scores[1], TOL);
        assertEquals(0.0, scores[0], TOL);
    }
}
