package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Both Gram kernels against a plain double reference, on whole matrices and on column-shard views. */
class GramKernelTest {

    static double[][] random(long seed, int k, int p) {
        Random r = new Random(seed);
        double[][] j = new double[k][p];
        for (int i = 0; i < k; i++) {
            double scale = Math.exp(r.nextGaussian());
            for (int c = 0; c < p; c++) {
                j[i][c] = scale * r.nextGaussian();
            }
        }
        return j;
    }

    static double[] reference(double[][] j, int from, int to) {
        int k = j.length;
        double[] g = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double s = 0;
                for (int c = from; c < to; c++) {
                    s += j[a][c] * j[b][c];
                }
                g[a * k + b] = s;
            }
        }
        return g;
    }

    /** max |x − y| / max_i G_ii: rounding is relative to the norms, not to each entry. */
    static double error(double[] x, double[] y, int k) {
        double scale = 0;
        for (int i = 0; i < k; i++) {
            scale = Math.max(scale, y[i * k + i]);
        }
        double err = 0;
        for (int q = 0; q < x.length; q++) {
            err = Math.max(err, Math.abs(x[q] - y[q]));
        }
        return err / scale;
    }

    @Test
    void hostKernelMatchesTheReferenceForManyShapes() {
        int[] ks = {1, 2, 3, 8, HostGramKernel.MAX_TASKS};
        int[] ps = {1, 7, 1023, 1024, 1025, 5000, 70_001};
        long seed = 0;
        for (int k : ks) {
            for (int p : ps) {
                double[][] j = random(seed++, k, p);
                double[] expected = reference(j, 0, p);
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    INDArray m = Nd4j.createFromArray(j).castTo(type);
                    assertTrue(HostGramKernel.applies(m), "K=" + k + " P=" + p);
                    double err = error(HostGramKernel.gram(m), expected, k);
                    double tolerance = type == DataType.DOUBLE ? 1e-13 : 1e-6;
                    assertTrue(err <= tolerance, "K=" + k + " P=" + p + " " + type + ": error " + err);
                    assertTrue(error(GramKernel.gemmProduct(m, m), expected, k) <= (type == DataType.DOUBLE ? 1e-13 : 1e-5),
                            "GEMM K=" + k + " P=" + p + " " + type);
                }
            }
        }
    }

    @Test
    void columnShardViewsAreReadAtTheirOffset() {
        int k = 5;
        int p = 80_000;
        double[][] j = random(99, k, p);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray m = Nd4j.createFromArray(j).castTo(type);
            int[][] cuts = {{0, 1}, {3, 70_000}, {1025, 80_000}, {40_000, 40_001}};
            for (int[] cut : cuts) {
                INDArray view = m.get(NDArrayIndex.all(), NDArrayIndex.interval(cut[0], cut[1]));
                assertTrue(HostGramKernel.applies(view));
                double err = error(HostGramKernel.gram(view), reference(j, cut[0], cut[1]), k);
                assertTrue(err <= (type == DataType.DOUBLE ? 1e-13 : 1e-6),
                        type + " columns " + cut[0] + ".." + cut[1] + ": error " + err);
            }
            INDArray rows = m.get(NDArrayIndex.interval(1, 4), NDArrayIndex.all());
            double[][] sub = {j[1], j[2], j[3]};
            assertTrue(error(HostGramKernel.gram(rows), reference(sub, 0, p), 3)
                    <= (type == DataType.DOUBLE ? 1e-13 : 1e-6), type + " row view");
        }
    }

    @Test
    void layoutsTheHostKernelCannotReadGoToTheGemm() {
        INDArray fOrder = Nd4j.create(DataType.DOUBLE, new long[] {3, 100}, 'f');
        assertFalse(HostGramKernel.applies(fOrder));
        assertFalse(HostGramKernel.applies(Nd4j.create(DataType.DOUBLE, HostGramKernel.MAX_TASKS + 1, 10)));
        double[][] j = random(7, 3, 100);
        INDArray f = Nd4j.createFromArray(j).dup('f');
        Gramian g = GramKernel.gramian(f);
        double[] expected = reference(j, 0, 100);
        assertEquals(expected[1], g.get(0, 1), 1e-10 * expected[0]);
    }

    @Test
    void resultsDoNotDependOnConcurrentCallers() throws Exception {
        double[][] j = random(5, 8, 200_000);
        INDArray m = Nd4j.createFromArray(j).castTo(DataType.FLOAT);
        double[] first = HostGramKernel.gram(m);
        Thread[] threads = new Thread[4];
        double[][] results = new double[threads.length][];
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] = new Thread(() -> results[index] = HostGramKernel.gram(m));
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (double[] r : results) {
            assertTrue(java.util.Arrays.equals(first, r), "bitwise identical from concurrent callers");
        }
    }
}
