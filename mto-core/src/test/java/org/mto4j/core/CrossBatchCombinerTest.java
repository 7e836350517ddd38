package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Three batches: weights from J₁J₂ᵀ, direction from J₃; one batch; shards; bad input. */
class CrossBatchCombinerTest {

    private static double[][] random(long seed, int k, int p) {
        Random r = new Random(seed);
        double[][] j = new double[k][p];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < p; c++) {
                j[i][c] = r.nextGaussian() * (i + 1);
            }
        }
        return j;
    }

    private static double[][] cross(double[][] a, double[][] b) {
        int k = a.length;
        double[][] c = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                for (int q = 0; q < a[i].length; q++) {
                    c[i][j] += a[i][q] * b[j][q];
                }
            }
        }
        return c;
    }

    private static TaskGradients of(double[][] j, DataType type) {
        return GradientCombinerContract.toGradients(j, type);
    }

    @Test
    void weightsComeFromTheCrossGramMatrixAndTheDirectionFromTheThirdBatch() {
        double[][] j1 = random(1, 3, 50);
        double[][] j2 = random(2, 3, 50);
        double[][] j3 = random(3, 3, 50);
        double[][] c = cross(j1, j2);
        double[] expectedWeights = new TestWeightings.DiagonalShare().weigh(CrossGramian.of(c), null).values();
        double[] expected = new double[50];
        for (int i = 0; i < 3; i++) {
            for (int q = 0; q < 50; q++) {
                expected[q] += expectedWeights[i] * j3[i][q];
            }
        }
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            CrossBatchCombiner combiner = new CrossBatchCombiner(new TestWeightings.DiagonalShare());
            INDArray out = Nd4j.create(type, 50);
            Combination result = combiner.combineInto(of(j1, type), of(j2, type), of(j3, type), null, out);
            assertSame(out, result.direction());
            double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            assertArrayEquals(expectedWeights, result.weights(), tolerance);
            assertTrue(GradientCombinerContract.relativeError(GradientCombinerContract.toDoubles(out), expected)
                    <= tolerance, type.toString());
            assertFalse(result.gramian().isPresent(), "three batches: no Gram matrix");
        }
    }

    @Test
    void oneBatchPlaysAllThreeRoles() {
        double[][] j = random(4, 4, 30);
        Combination single = new CrossBatchCombiner(new TestWeightings.DiagonalShare())
                .combine(of(j, DataType.DOUBLE), null);
        TaskGradients g = of(j, DataType.DOUBLE);
        Combination triple = new CrossBatchCombiner(new TestWeightings.DiagonalShare()).combine(g, g, g, null);
        assertArrayEquals(GradientCombinerContract.toDoubles(triple.direction()),
                GradientCombinerContract.toDoubles(single.direction()), 1e-12);
        assertTrue(single.gramian().isPresent());
    }

    @Test
    void threeUnevenShardsGiveTheUnshardedStep() {
        int p = 101;
        double[][] j1 = random(5, 3, p);
        double[][] j2 = random(6, 3, p);
        double[][] j3 = random(7, 3, p);
        CrossBatchCombiner whole = new CrossBatchCombiner(new TestWeightings.DiagonalShare());
        CrossBatchCombiner sharded = new CrossBatchCombiner(new TestWeightings.DiagonalShare());
        for (int step = 0; step < 2; step++) {
            Combination expected = whole.combine(of(j1, DataType.DOUBLE), of(j2, DataType.DOUBLE),
                    of(j3, DataType.DOUBLE), null);
            long[] cuts = {0, 7, 60, p};
            List<CrossGramian> parts = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                parts.add(sharded.crossGramian(shard(j1, cuts[s], cuts[s + 1]), shard(j2, cuts[s], cuts[s + 1])));
            }
            Weights w = sharded.weigh(CrossGramian.sum(parts), null);
            double[] actual = new double[p];
            for (int s = 0; s < 3; s++) {
                INDArray out = Nd4j.create(DataType.DOUBLE, cuts[s + 1] - cuts[s]);
                double[] part = GradientCombinerContract.toDoubles(
                        sharded.combineShardInto(shard(j3, cuts[s], cuts[s + 1]), w, out));
                System.arraycopy(part, 0, actual, (int) cuts[s], part.length);
            }
            assertArrayEquals(expected.weights(), w.values(), 1e-12);
            assertTrue(GradientCombinerContract.relativeError(actual,
                    GradientCombinerContract.toDoubles(expected.direction())) <= 1e-12, "step " + step);
        }
    }

    private static TaskGradients shard(double[][] j, long from, long to) {
        return TaskGradients.of(of(j, DataType.DOUBLE).matrix().get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)));
    }

    @Test
    void batchesMustMatch() {
        CrossBatchCombiner combiner = new CrossBatchCombiner(new TestWeightings.DiagonalShare());
        TaskGradients a = of(random(8, 3, 10), DataType.DOUBLE);
        TaskGradients fewerTasks = of(random(8, 2, 10), DataType.DOUBLE);
        TaskGradients otherP = of(random(8, 3, 11), DataType.DOUBLE);
        TaskGradients otherType = of(random(8, 3, 10), DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> combiner.combine(a, fewerTasks, a, null));
        assertTrue(e.getMessage().contains("first and second") && e.getMessage().contains("K=2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> combiner.combine(a, a, otherP, null));
        assertTrue(e.getMessage().contains("first and third") && e.getMessage().contains("P=11"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> combiner.combine(a, otherType, a, null));
        assertTrue(e.getMessage().contains("FLOAT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> combiner.combine(null, a, a, null));
        assertThrows(IllegalArgumentException.class, () -> combiner.combine(a, a, a, TaskLosses.of(1, 2)));
    }

    @Test
    void nonFiniteRowsAreNamedWithTheirBatch() {
        CrossBatchCombiner combiner = new CrossBatchCombiner(new TestWeightings.DiagonalShare());
        double[][] bad = random(9, 4, 20);
        bad[2][5] = Double.NaN;
        TaskGradients good = of(random(10, 4, 20), DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> combiner.combine(good, of(bad, DataType.DOUBLE), good, null));
        assertTrue(e.getMessage().contains("second batch") && e.getMessage().contains("[2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> combiner.combine(good, good, of(bad, DataType.FLOAT), null));
        assertTrue(e.getMessage().contains("first and third"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> combiner.combine(good, good, of(bad, DataType.DOUBLE), null));
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void floatCrossProductsBeyondFloatRangeAreRecomputedInDouble() {
        double[][] a = {{1e20, 2e20}, {-1e20, 1e20}};
        double[][] b = {{3e20, 1e20}, {1e20, -1e20}};
        CrossGramian c = CrossGramian.compute(of(a, DataType.FLOAT), of(b, DataType.FLOAT));
        double[][] expected = cross(a, b);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(expected[i][j], c.get(i, j), 1e-6 * Math.abs(expected[i][j]) + 1e34);
            }
        }
    }

    @Test
    void crossGramianBasics() {
        CrossGramian c = CrossGramian.of(new double[][] {{1, 2}, {-3, -4}});
        assertArrayEquals(new double[] {1, -4}, c.diagonal(), 0);
        assertArrayEquals(new double[] {5, -11}, c.multiply(new double[] {1, 2}), 0);
        assertArrayEquals(new double[][] {{2, 4}, {-6, -8}}, CrossGramian.sum(List.of(c, c)).toArray());
        assertEquals(c, CrossGramian.of(c.toArray()));
        Gramian g = Gramian.of(new double[][] {{2, 1}, {1, 3}});
        assertArrayEquals(g.toArray(), CrossGramian.fromGramian(g).toArray());
        assertThrows(IllegalArgumentException.class, () -> CrossGramian.of(new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> CrossGramian.of(new double[0][]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossGramian.of(new double[][] {{1, Double.NaN}, {0, 1}}));
        assertTrue(e.getMessage().contains("C[0][1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.multiply(new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> CrossGramian.sum(List.of(c, CrossGramian.of(new double[][] {{1}}))));
    }
}
