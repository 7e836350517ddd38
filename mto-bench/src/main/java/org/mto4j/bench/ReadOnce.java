package org.mto4j.bench;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The read-once yardstick: the sum of every element of a C-order J, read in place from its off-heap buffer by all
 * cores, the way mto-core's host kernels read J (blocks of {@link #BLOCK} columns copied to the heap with one bulk
 * NIO get, summed by a loop the JIT vectorises into lane accumulators). Nothing else is read or written, so no
 * method that reads J once can be faster; ND4J's {@code sumNumber()} on the same J was 5-10x slower.
 */
final class ReadOnce {

    static final int BLOCK = 1024;
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
        Thread t = new Thread(r, "read-once");
        t.setDaemon(true);
        return t;
    });

    private ReadOnce() {
    }

    /** Σ J_ic in double (lane sums in J's type within a block); J must be C-order with unit column stride. */
    static double sum(INDArray j) {
        if (j.ordering() != 'c' || j.stride(1) != 1) {
            throw new IllegalArgumentException("J must be C-order with unit column stride");
        }
        int k = (int) j.rows();
        long p = j.columns();
        long blocks = (p + BLOCK - 1) / BLOCK;
        int parts = (int) Math.max(1, Math.min(THREADS, blocks / 32));
        FloatBuffer floats = j.dataType() == DataType.FLOAT ? j.data().asNioFloat() : null;
        DoubleBuffer doubles = floats == null ? j.data().asNioDouble() : null;
        List<Future<Double>> futures = new ArrayList<>();
        for (int s = 1; s < parts; s++) {
            int part = s;
            futures.add(POOL.submit(() -> part(floats, doubles, j.offset(), j.stride(0), k, p, blocks, parts, part)));
        }
        double total = part(floats, doubles, j.offset(), j.stride(0), k, p, blocks, parts, 0);
        try {
            for (Future<Double> f : futures) {
                total += f.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return total;
    }

    private static double part(FloatBuffer floats, DoubleBuffer doubles, long base, long rowStride, int k, long p,
            long blocks, int parts, int s) {
        long from = Math.min(p, blocks * s / parts * BLOCK);
        long to = Math.min(p, blocks * (s + 1) / parts * BLOCK);
        double total = 0;
        if (floats != null) {
            float[] row = new float[BLOCK];
            float[] lanes = new float[BLOCK];
            for (int i = 0; i < k; i++) {
                for (long start = from; start < to; start += BLOCK) {
                    int len = (int) Math.min(BLOCK, to - start);
                    floats.get((int) (base + i * rowStride + start), row, 0, len);
                    for (int v = 0; v < len; v++) {
                        lanes[v] += row[v];
                    }
                }
                for (int v = 0; v < BLOCK; v++) {
                    total += lanes[v];
                    lanes[v] = 0;
                }
            }
        } else {
            double[] row = new double[BLOCK];
            double[] lanes = new double[BLOCK];
            for (int i = 0; i < k; i++) {
                for (long start = from; start < to; start += BLOCK) {
                    int len = (int) Math.min(BLOCK, to - start);
                    doubles.get((int) (base + i * rowStride + start), row, 0, len);
                    for (int v = 0; v < len; v++) {
                        lanes[v] += row[v];
                    }
                }
                for (int v = 0; v < BLOCK; v++) {
                    total += lanes[v];
                    lanes[v] = 0;
                }
            }
        }
        return total;
    }
}
