package org.mto4j.core;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * G = J Jᵀ on the host with register tiles of the JDK's Vector API (incubating in Java 17), for K up to
 * {@link #MAX_TASKS}.
 *
 * <p>Loaded only when the module {@code jdk.incubator.vector} is in the boot layer ({@link HostGramKernel#VECTOR});
 * without it this class is never touched and {@link HostGramKernel}'s auto-vectorised loop runs as before.
 *
 * <p>J is walked in blocks of {@link HostThreads#BLOCK} columns; each block's K row segments are copied to the heap
 * (rows padded with zeros to a multiple of {@link #TILE_COLUMNS}, so every tile is whole). For every tile of
 * {@link #TILE_ROWS} x {@link #TILE_COLUMNS} row pairs that starts at a real row on both sides and meets the upper
 * triangle, the 8 products
 * xₐ ∘ y_b are accumulated with fused multiply-adds in 8 vector registers over the whole block (each loaded vector
 * serves 2 or 4 products, where the auto-vectorised loop loads 2 vectors and an accumulator, and stores it, per
 * product), then summed across lanes into the double totals. The tiles of one group of 4 y rows run one after the
 * other, so those rows stay in the level-1 cache while the x rows stream from level 2 (at K = 32 a block's rows
 * take 128 KiB in FLOAT; 5-8 % less CPU time than with the x rows outside, in a standalone copy of the kernel). The
 * order of the tiles changes no sum: each entry gets one tile's sum per block, block after block. FLOAT products
 * are thus summed in FLOAT over BLOCK / lanes columns at most (128 with 256-bit vectors) and in double beyond.
 */
final class VectorGramKernel {

    /** The largest K this kernel is used for; above it {@link GramKernel} uses one GEMM. */
    static final int MAX_TASKS = HostGramKernel.VECTOR_MAX_TASKS;
    /** Rows of J per register tile (the x side). */
    static final int TILE_ROWS = 2;
    /** Rows of J per register tile (the y side); K is padded to a multiple of it. */
    static final int TILE_COLUMNS = 4;

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

    private VectorGramKernel() {
    }

    /** The row-major K x K Gram matrix of {@code j}: CPU backend, readable in place, K &le; {@link #MAX_TASKS}. */
    static double[] gram(INDArray j) {
        int k = (int) j.rows();
        long p = j.columns();
        long base = j.offset();
        long rowStride = j.stride(0);
        int padded = (k + TILE_COLUMNS - 1) / TILE_COLUMNS * TILE_COLUMNS;
        FloatBuffer floats = j.dataType() == DataType.FLOAT ? j.data().asNioFloat() : null;
        DoubleBuffer doubles = floats == null ? j.data().asNioDouble() : null;
        int parts = HostThreads.parts(p);
        double[] full = new double[padded * padded];
        for (double[] part : HostThreads.run(parts, s -> {
            long from = HostThreads.start(p, parts, s);
            long to = HostThreads.start(p, parts, s + 1);
            return floats != null ? floatPart(floats, base, rowStride, k, padded, from, to)
                    : doublePart(doubles, base, rowStride, k, padded, from, to);
        })) {
            for (int q = 0; q < full.length; q++) {
                full[q] += part[q];
            }
        }
        double[] g = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                g[a * k + b] = full[a * padded + b];
                g[b * k + a] = full[a * padded + b];
            }
        }
        return g;
    }

    /** Sums over columns [from, to) of products of row pairs; entries on and above the diagonal are complete. */
    private static double[] floatPart(FloatBuffer buffer, long base, long rowStride, int k, int padded, long from,
            long to) {
        float[][] rows = new float[padded][HostThreads.BLOCK];
        double[] g = new double[padded * padded];
        for (long start = from; start < to; start += HostThreads.BLOCK) {
            int len = (int) Math.min(HostThreads.BLOCK, to - start);
            for (int i = 0; i < k; i++) {
                buffer.get((int) (base + i * rowStride + start), rows[i], 0, len);
                if (len < HostThreads.BLOCK) {
                    Arrays.fill(rows[i], len, HostThreads.BLOCK, 0f);
                }
            }
            for (int b = 0; b < k; b += TILE_COLUMNS) {
                for (int a = 0; a < k && a < b + TILE_COLUMNS; a += TILE_ROWS) {
                    floatTile(rows, a, b, g, padded);
                }
            }
        }
        return g;
    }

    /** Adds Σ_c x_a,c y_b,c for the 2 x 4 row pairs (a..a+1, b..b+3) of one block into g. */
    private static void floatTile(float[][] rows, int a, int b, double[] g, int padded) {
        float[] x0 = rows[a];
        float[] x1 = rows[a + 1];
        float[] y0 = rows[b];
        float[] y1 = rows[b + 1];
        float[] y2 = rows[b + 2];
        float[] y3 = rows[b + 3];
        FloatVector c00 = FloatVector.zero(FLOATS);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        for (int v = 0; v < HostThreads.BLOCK; v += FLOATS.length()) {
            FloatVector u0 = FloatVector.fromArray(FLOATS, x0, v);
            FloatVector u1 = FloatVector.fromArray(FLOATS, x1, v);
            FloatVector w = FloatVector.fromArray(FLOATS, y0, v);
            c00 = u0.fma(w, c00);
            c10 = u1.fma(w, c10);
            w = FloatVector.fromArray(FLOATS, y1, v);
            c01 = u0.fma(w, c01);
            c11 = u1.fma(w, c11);
            w = FloatVector.fromArray(FLOATS, y2, v);
            c02 = u0.fma(w, c02);
            c12 = u1.fma(w, c12);
            w = FloatVector.fromArray(FLOATS, y3, v);
            c03 = u0.fma(w, c03);
            c13 = u1.fma(w, c13);
        }
        int q = a * padded + b;
        g[q] += c00.reduceLanes(VectorOperators.ADD);
        g[q + 1] += c01.reduceLanes(VectorOperators.ADD);
        g[q + 2] += c02.reduceLanes(VectorOperators.ADD);
        g[q + 3] += c03.reduceLanes(VectorOperators.ADD);
        q += padded;
        g[q] += c10.reduceLanes(VectorOperators.ADD);
        g[q + 1] += c11.reduceLanes(VectorOperators.ADD);
        g[q + 2] += c12.reduceLanes(VectorOperators.ADD);
        g[q + 3] += c13.reduceLanes(VectorOperators.ADD);
    }

    private static double[] doublePart(DoubleBuffer buffer, long base, long rowStride, int k, int padded, long from,
            long to) {
        double[][] rows = new double[padded][HostThreads.BLOCK];
        double[] g = new double[padded * padded];
        for (long start = from; start < to; start += HostThreads.BLOCK) {
            int len = (int) Math.min(HostThreads.BLOCK, to - start);
            for (int i = 0; i < k; i++) {
                buffer.get((int) (base + i * rowStride + start), rows[i], 0, len);
                if (len < HostThreads.BLOCK) {
                    Arrays.fill(rows[i], len, HostThreads.BLOCK, 0.0);
                }
            }
            for (int b = 0; b < k; b += TILE_COLUMNS) {
                for (int a = 0; a < k && a < b + TILE_COLUMNS; a += TILE_ROWS) {
                    doubleTile(rows, a, b, g, padded);
                }
            }
        }
        return g;
    }

    private static void doubleTile(double[][] rows, int a, int b, double[] g, int padded) {
        double[] x0 = rows[a];
        double[] x1 = rows[a + 1];
        double[] y0 = rows[b];
        double[] y1 = rows[b + 1];
        double[] y2 = rows[b + 2];
        double[] y3 = rows[b + 3];
        DoubleVector c00 = DoubleVector.zero(DOUBLES);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c13 = c00;
        for (int v = 0; v < HostThreads.BLOCK; v += DOUBLES.length()) {
            DoubleVector u0 = DoubleVector.fromArray(DOUBLES, x0, v);
            DoubleVector u1 = DoubleVector.fromArray(DOUBLES, x1, v);
            DoubleVector w = DoubleVector.fromArray(DOUBLES, y0, v);
            c00 = u0.fma(w, c00);
            c10 = u1.fma(w, c10);
            w = DoubleVector.fromArray(DOUBLES, y1, v);
            c01 = u0.fma(w, c01);
            c11 = u1.fma(w, c11);
            w = DoubleVector.fromArray(DOUBLES, y2, v);
            c02 = u0.fma(w, c02);
            c12 = u1.fma(w, c12);
            w = DoubleVector.fromArray(DOUBLES, y3, v);
            c03 = u0.fma(w, c03);
            c13 = u1.fma(w, c13);
        }
        int q = a * padded + b;
        g[q] += c00.reduceLanes(VectorOperators.ADD);
        g[q + 1] += c01.reduceLanes(VectorOperators.ADD);
        g[q + 2] += c02.reduceLanes(VectorOperators.ADD);
        g[q + 3] += c03.reduceLanes(VectorOperators.ADD);
        q += padded;
        g[q] += c10.reduceLanes(VectorOperators.ADD);
        g[q + 1] += c11.reduceLanes(VectorOperators.ADD);
        g[q + 2] += c12.reduceLanes(VectorOperators.ADD);
        g[q + 3] += c13.reduceLanes(VectorOperators.ADD);
    }
}
