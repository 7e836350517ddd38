package org.mto4j.pareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SupportedPointsTest {
    @Test
    void convexAndConcaveFronts() {
        Sense[] s = Sense.MINIMIZE.times(2);
        double[][] p = {{0, 4}, {1, 1}, {4, 0}, {3, 3}, {2.5, 0.9}};
        // (2.5, 0.9) is non-dominated but above the segment (1,1)-(4,0); (3,3) is dominated
        assertArrayEquals(new boolean[] {true, true, true, false, false}, SupportedPoints.mask(p, s));
        // concave front: only the two ends minimize a weighted sum
        double[][] concave = {{0, 1}, {0.9, 0.9}, {1, 0}};
        assertArrayEquals(new boolean[] {true, false, true}, SupportedPoints.mask(concave, s));
        // collinear points lie on the hull: supported
        assertArrayEquals(new boolean[] {true, true, true},
                SupportedPoints.mask(new double[][] {{0, 2}, {1, 1}, {2, 0}}, s));
    }

    @Test
    void threeObjectivesAgreeWithDenseWeightSampling() {
        Random r = new Random(1);
        Sense[] s = Sense.MINIMIZE.times(3);
        double[][] p = TestData.sphere(r, 25, 3);
        for (int i = 0; i < 8; i++) {
            p[i] = TestData.simplex(r, 1, 3)[0];
        }
        boolean[] mask = SupportedPoints.mask(p, s);
        boolean[] reached = new boolean[p.length];
        for (double[] w : WeightVectors.dasDennis(3, 200)) {
            int best = 0;
            for (int i = 1; i < p.length; i++) {
                if (dot(w, p[i]) < dot(w, p[best])) {
                    best = i;
                }
            }
            reached[best] = true;
        }
        for (int i = 0; i < p.length; i++) {
            if (reached[i]) {
                assertEquals(true, mask[i], "point " + i + " minimizes a sampled weighted sum");
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
