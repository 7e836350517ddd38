package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.nd4j.linalg.api.buffer.DataType;

class PCGradTest {

    /** The paper's procedure on the vectors themselves, in the given visiting orders. */
    static double[] naivePCGrad(double[][] j, int[][] orders, boolean selfProjection, double epsilon) {
        int k = j.length;
        double[] d = new double[j[0].length];
        for (int i = 0; i < k; i++) {
            double[] g = j[i].clone();
            for (int other : orders[i]) {
                if (other == i && !selfProjection) {
                    continue;
                }
                double dot = GramTestSupport.dot(g, j[other]);
                double squaredNorm = GramTestSupport.dot(j[other], j[other]) + epsilon;
                if (dot < 0 && squaredNorm > 0) {
                    for (int c = 0; c < g.length; c++) {
                        g[c] -= dot / squaredNorm * j[other][c];
                    }
                }
            }
            for (int c = 0; c < d.length; c++) {
                d[c] += g[c];
            }
        }
        return d;
    }

    static Map<String, Object> options(String order, boolean selfProjection, double epsilon, long seed) {
        Map<String, Object> o = new HashMap<>();
        o.put("order", order);
        o.put("self_projection", selfProjection);
        o.put("epsilon", epsilon);
        o.put("seed", seed);
        return o;
    }

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {1, 2, 3, 5, 8, 32})
    void fixedOrderEqualsTheNaiveSequentialProjection(int k) {
        for (int p : new int[] {37, 10_000}) { // P = 1 is in DegenerateInputsTest: there d is ~0 and relative error is moot
            if (k == 32 && p == 10_000) {
                p = 4_000; // the vector-space reference is O(K² P); keep the suite fast
            }
            for (boolean self : new boolean[] {false, true}) {
                double[][] j = GramTestSupport.conflictingMatrix(31L * k + p, k, p);
                double epsilon = self ? 1e-8 : 0.0;
                double[] expected = naivePCGrad(j, ProjectionOrder.FIXED.orders(0, 0, k), self, epsilon);
                GradientCombiner pcgrad = Combiners.create("pcgrad", options("fixed", self, epsilon, 0));
                double[] inDouble = GramTestSupport.toDoubles(
                        pcgrad.combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
                double err = GramTestSupport.relativeError(inDouble, expected);
                assertTrue(err <= 1e-9, "K=" + k + " P=" + p + " self=" + self + ": DOUBLE relative error " + err);
                double[] inFloat = GramTestSupport.toDoubles(
                        pcgrad.combine(GramTestSupport.toGradients(j, DataType.FLOAT)).direction());
                err = GramTestSupport.relativeError(inFloat, expected);
                assertTrue(err <= 2e-3, "K=" + k + " P=" + p + " self=" + self + ": FLOAT relative error " + err);
            }
        }
    }

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {2, 3, 5, 8})
    void randomOrderEqualsTheNaiveProjectionInTheSameSeededOrders(int k) {
        long seed = 42 + k;
        GradientCombiner pcgrad = Combiners.create("pcgrad", Map.of("seed", seed));
        for (int step = 0; step < 3; step++) {
            double[][] j = GramTestSupport.conflictingMatrix(500L * k + step, k, 60);
            double[] expected = naivePCGrad(j, ProjectionOrder.RANDOM.orders(seed, step, k), false, 0.0);
            double[] actual = GramTestSupport.toDoubles(
                    pcgrad.combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
            double err = GramTestSupport.relativeError(actual, expected);
            assertTrue(err <= 1e-9, "K=" + k + " step " + step + ": relative error " + err);
        }
    }

    @Test
    void randomOrdersComeFromTheSeedAndStep() {
        int[][] a = ProjectionOrder.RANDOM.orders(7, 3, 6);
        assertArrayEquals(a, ProjectionOrder.RANDOM.orders(7, 3, 6));
        assertFalse(java.util.Arrays.deepEquals(a, ProjectionOrder.RANDOM.orders(7, 4, 6)), "step");
        assertFalse(java.util.Arrays.deepEquals(a, ProjectionOrder.RANDOM.orders(8, 3, 6)), "seed");
        for (int[] row : a) {
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, java.util.Arrays.stream(row).sorted().toArray());
        }
        // Seeds change the result at K >= 3 where the order matters.
        double[][] j = GramTestSupport.conflictingMatrix(3, 6, 40);
        double[] first = Combiners.create("pcgrad", Map.of("seed", 1L))
                .combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).weights();
        double[] second = Combiners.create("pcgrad", Map.of("seed", 2L))
                .combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).weights();
        assertFalse(java.util.Arrays.equals(first, second), "different seeds gave the same weights");
    }

    /**
     * Rows g₀ = (−1, 1), g₁ = (−1, −0.2), g₂ = (1, 0) in fixed order, by hand: g₀' = (0, 1), g₁' = (0, −0.2),
     * g₂' = (−1/13, 5/13) against the others only; with self-projection g₂' · g₂ = −1/13 &lt; 0 projects once more
     * to (0, 5/13). Sums: (−1/13, 77/65) (TorchJD's rule) and (0, 77/65) (LibMTL's rule).
     */
    @Test
    void libraryConventionsOnAHandCheckedExample() {
        double[][] j = {{-1, 1}, {-1, -0.2}, {1, 0}};
        double[] torchJd = GramTestSupport.toDoubles(Combiners.create("pcgrad", Map.of("order", "fixed"))
                .combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
        assertArrayEquals(new double[] {-1.0 / 13, 77.0 / 65}, torchJd, 1e-12);
        double[] libMtl = GramTestSupport.toDoubles(Combiners.create("pcgrad", options("fixed", true, 1e-8, 0))
                .combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
        assertArrayEquals(new double[] {0, 77.0 / 65}, libMtl, 1e-7);
        assertEquals(PCGrad.libMtl().withOrder(ProjectionOrder.FIXED),
                PCGrad.defaults().withOrder(ProjectionOrder.FIXED).withSelfProjection(true).withEpsilon(1e-8));
    }

    @Test
    void weightsAreScaleInvariantWithoutEpsilon() {
        PCGrad pcgrad = PCGrad.defaults().withOrder(ProjectionOrder.FIXED);
        for (long seed = 0; seed < 40; seed++) {
            double[][] j = GramTestSupport.conflictingMatrix(seed, 2 + (int) (seed % 7), 30);
            double[] w = pcgrad.weigh(GramTestSupport.gramOf(j), null).values();
            for (double factor : new double[] {1e-6, 3.0, 1e8}) {
                double[] scaled = pcgrad.weigh(GramTestSupport.gramOf(GramTestSupport.scale(j, factor)), null).values();
                assertArrayEquals(w, scaled, 1e-9 * (1 + GramTestSupport.norm(w)), "seed " + seed + " x" + factor);
            }
        }
    }

    @Test
    void randomOrderIsStatefulAndFixedOrderIsNot() {
        assertTrue(PCGrad.defaults().isStateful());
        PCGrad fixed = PCGrad.defaults().withOrder(ProjectionOrder.FIXED);
        assertFalse(fixed.isStateful());
        assertTrue(fixed == fixed.copy());
        assertNotEquals(PCGrad.defaults(), PCGrad.defaults().withSeed(9));
        assertEquals(PCGrad.defaults().hashCode(), PCGrad.defaults().hashCode());
    }

    @Test
    void badOptionsNameTheOptionAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("pcgrad", Map.of("epsilon", -1.0)));
        assertTrue(e.getMessage().contains("epsilon") && e.getMessage().contains("-1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Combiners.create("pcgrad", Map.of("order", "sideways")));
        assertTrue(e.getMessage().contains("order") && e.getMessage().contains("sideways"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PCGrad.defaults().withEpsilon(Double.NaN));
        assertTrue(e.getMessage().contains("epsilon") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Combiners.create("pcgrad", Map.of("beta", 0.5)));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }
}
