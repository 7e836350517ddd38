package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The host direction kernel against a plain double reference, and its fused finiteness check. */
class HostDirectionKernelTest {

    static double[] reference(double[][] j, double[] w, int from, int to) {
        double[] d = new double[to - from];
        for (int i = 0; i < j.length; i++) {
            for (int c = from; c < to; c++) {
                d[c - from] += w[i] * j[i][c];
            }
        }
        return d;
    }

    static double[] weights(int k) {
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            w[i] = (i % 3 == 0 ? -1 : 1) * (0.5 + i);
        }
        return w;
    }

    @Test
    void matchesTheReferenceForManyShapes() {
        long seed = 0;
        for (int k : new int[] {1, 2, 5, 8, 33}) {
            for (int p : new int[] {1, 1023, 1025, 70_001}) {
                double[][] j = GramKernelTest.random(seed++, k, p);
                double[] w = weights(k);
                double[] expected = reference(j, w, 0, p);
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    INDArray m = Nd4j.createFromArray(j).castTo(type);
                    INDArray out = Nd4j.create(type, p);
                    assertTrue(HostDirectionKernel.applies(m, out));
                    assertTrue(HostDirectionKernel.combineInto(m, w, out));
                    double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-4;
                    assertArrayEquals(expected, out.castTo(DataType.DOUBLE).toDoubleVector(),
                            tolerance * (1 + k), "K=" + k + " P=" + p + " " + type);
                }
            }
        }
    }

    /**
     * Every grouping of rows per pass (4, 2, 1 and their mixes, K from 1 to 64) on views of J and of d at odd
     * offsets and odd P: within rounding of a plain double reference, and bit for bit the sums of one pass per row
     * in J's type (the order the kernel promises, whatever the grouping).
     */
    @Test
    void rowGroupsMatchTheReferenceAndRowByRowSumsBitForBit() {
        long seed = 100;
        for (int k : new int[] {1, 2, 3, 8, 15, 16, 33, 64}) {
            for (int p : new int[] {1, 1023, 1025, 70_001}) {
                double[][] j = GramKernelTest.random(seed++, k + 1, p + 3);
                double[][] rows = Arrays.copyOfRange(j, 1, k + 1);
                double[] w = weights(k);
                double[] expected = reference(rows, w, 2, p + 2);
                double[] bound = reference(abs(rows), abs(w), 2, p + 2);
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    String what = "K=" + k + " P=" + p + " " + type;
                    INDArray view = Nd4j.createFromArray(j).castTo(type)
                            .get(NDArrayIndex.interval(1, k + 1), NDArrayIndex.interval(2, p + 2));
                    INDArray outWhole = Nd4j.create(type, p + 5);
                    INDArray out = outWhole.get(NDArrayIndex.interval(3, p + 3));
                    assertTrue(HostDirectionKernel.applies(view, out), what);
                    assertTrue(HostDirectionKernel.combineInto(view, w, out), what);
                    double[] got = out.castTo(DataType.DOUBLE).toDoubleVector();
                    double epsilon = type == DataType.DOUBLE ? 0x1p-52 : 0x1p-23;
                    for (int c = 0; c < p; c++) {
                        assertEquals(expected[c], got[c], 2 * k * epsilon * bound[c], what + " column " + c);
                    }
                    if (type == DataType.DOUBLE) {
                        assertArrayEquals(expected, got, 0, what + ": row by row, bit for bit");
                    } else {
                        float[] rowByRow = rowByRowFloat(view.toFloatMatrix(), w);
                        assertArrayEquals(rowByRow, out.toFloatVector(), 0f, what + ": row by row, bit for bit");
                    }
                    assertEquals(0, outWhole.getDouble(2), what + ": before the view");
                    assertEquals(0, outWhole.getDouble(p + 3), what + ": after the view");
                }
            }
        }
    }

    /** d = w₀ J₀, then d += wᵢ Jᵢ row after row, in float. */
    private static float[] rowByRowFloat(float[][] j, double[] w) {
        float[] d = new float[j[0].length];
        for (int c = 0; c < d.length; c++) {
            d[c] = (float) w[0] * j[0][c];
        }
        for (int i = 1; i < j.length; i++) {
            for (int c = 0; c < d.length; c++) {
                d[c] += (float) w[i] * j[i][c];
            }
        }
        return d;
    }

    private static double[][] abs(double[][] j) {
        double[][] a = new double[j.length][];
        for (int i = 0; i < j.length; i++) {
            a[i] = abs(j[i]);
        }
        return a;
    }

    private static double[] abs(double[] x) {
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = Math.abs(x[i]);
        }
        return a;
    }

    @Test
    void shardViewsAreReadAndWrittenAtTheirOffsets() {
        int k = 4;
        int p = 50_000;
        double[][] j = GramKernelTest.random(3, k, p);
        double[] w = weights(k);
        INDArray m = Nd4j.createFromArray(j);
        INDArray whole = Nd4j.create(DataType.DOUBLE, p);
        INDArray shard = m.get(NDArrayIndex.all(), NDArrayIndex.interval(1234, 45_000));
        INDArray outView = whole.get(NDArrayIndex.interval(1234, 45_000));
        assertTrue(HostDirectionKernel.applies(shard, outView));
        assertTrue(HostDirectionKernel.combineInto(shard, w, outView));
        assertArrayEquals(reference(j, w, 1234, 45_000), outView.toDoubleVector(), 1e-12);
        assertArrayEquals(new double[1234], whole.get(NDArrayIndex.interval(0, 1234)).toDoubleVector(), 0,
                "columns before the view are untouched");
    }

    @Test
    void nonFiniteEntriesAreReportedEvenFromRowsOfWeightZero() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double[][] j = GramKernelTest.random(4, 3, 40_000);
            j[2][39_999] = Double.NaN;
            INDArray m = Nd4j.createFromArray(j).castTo(type);
            INDArray out = Nd4j.create(type, 40_000);
            assertFalse(HostDirectionKernel.combineInto(m, new double[] {1, 1, 0}, out), type + " NaN, weight 0");
            j[2][39_999] = 0;
            j[0][5] = Double.NEGATIVE_INFINITY;
            m = Nd4j.createFromArray(j).castTo(type);
            assertFalse(HostDirectionKernel.combineInto(m, new double[] {1, 1, 1}, out), type + " -inf");
            j[0][5] = 0;
            m = Nd4j.createFromArray(j).castTo(type);
            assertTrue(HostDirectionKernel.combineInto(m, new double[] {1, 1, 1}, out), type + " finite");
        }
    }

    @Test
    void stridedOutputsGoThroughBlas() {
        INDArray j = Nd4j.rand(DataType.DOUBLE, 2, 5);
        INDArray strided = Nd4j.create(DataType.DOUBLE, 5, 2).getColumn(0);
        assertFalse(HostDirectionKernel.applies(j, strided));
        assertFalse(HostDirectionKernel.applies(j, Nd4j.create(DataType.FLOAT, 5)));
    }

    @Test
    void resultsAreBitwiseIdenticalFromConcurrentCallers() throws Exception {
        double[][] j = GramKernelTest.random(8, 8, 300_000);
        INDArray m = Nd4j.createFromArray(j).castTo(DataType.FLOAT);
        double[] w = weights(8);
        INDArray first = Nd4j.create(DataType.FLOAT, 300_000);
        HostDirectionKernel.combineInto(m, w, first);
        INDArray[] outs = new INDArray[4];
        Thread[] threads = new Thread[outs.length];
        for (int t = 0; t < threads.length; t++) {
            outs[t] = Nd4j.create(DataType.FLOAT, 300_000);
            INDArray out = outs[t];
            threads[t] = new Thread(() -> HostDirectionKernel.combineInto(m, w, out));
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (INDArray out : outs) {
            assertTrue(out.equals(first), "bitwise identical from concurrent callers");
        }
    }
}
