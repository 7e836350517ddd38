package org.mto4j.core;

import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * G = J Jᵀ on the host for the CPU backend, at close to the speed of one read of J.
 *
 * <p>A BLAS GEMM is built for large square products; for K x K outputs with K small and P huge it runs far below
 * memory bandwidth (and OpenBLAS's own threading makes it slower still). This kernel walks J in column blocks of
 * {@link #LANES} columns: it copies the K row segments of a block into on-heap arrays (a memcpy, so each element of
 * J is read from memory once), then adds the K(K+1)/2 products of row pairs of two blocks at a time, lane by lane,
 * into per-pair accumulators that stay in cache. Written as {@code acc[v] += x₁[v] y₁[v] + x₂[v] y₂[v]} over whole
 * arrays, the inner loop is vectorised by the JIT. Lane sums are folded into double every {@link #BLOCKS_PER_FOLD} blocks, so a FLOAT Gram
 * matrix is more accurate than a FLOAT GEMM's. Column ranges are split over the cores by {@link HostThreads}.
 *
 * <p>Used when the backend is the CPU, K &le; {@link #MAX_TASKS}, rows are contiguous, and the buffer fits a
 * Java NIO view; otherwise {@link GramKernel} uses one GEMM.
 */
final class HostGramKernel {

    /** Columns per block: the lane width of the accumulators. */
    static final int LANES = HostThreads.BLOCK;
    /** Blocks between folds of the float lane sums into double. */
    static final int BLOCKS_PER_FOLD = 32;
    /**
     * Above this K the K(K+1)/2 pair products make OpenBLAS's GEMM the faster kernel. Measured at P = 10⁶, FLOAT,
     * 2 cores (JMH medians, host vs GEMM): K = 8: 2.6 vs 6.4 ms; K = 14: 6.9 vs 20.7 ms; K = 16: 7.6 vs 6.6 ms;
     * K = 32: 29.7 vs 16.8 ms. OpenBLAS is fast at multiples of 16 and slow between them; beyond 15 neither kernel
     * wins consistently, so the GEMM (which also serves other backends) takes over.
     */
    static final int MAX_TASKS = 15;

    private HostGramKernel() {
    }

    /** True when this kernel can compute the Gram matrix of {@code j}. */
    static boolean applies(INDArray j) {
        return j.rows() <= MAX_TASKS && HostThreads.canRead(j);
    }

    /** The row-major K x K Gram matrix of {@code j}; requires {@link #applies(INDArray)}. */
    static double[] gram(INDArray j) {
        int k = (int) j.rows();
        long p = j.columns();
        long base = j.offset();
        long rowStride = j.stride(0);
        Source source = j.dataType() == DataType.FLOAT
                ? new FloatSource(j.data().asNioFloat(), base, rowStride)
                : new DoubleSource(j.data().asNioDouble(), base, rowStride);
        int parts = HostThreads.parts(p);
        double[] upper = new double[k * (k + 1) / 2];
        try {
            for (double[] part : HostThreads.run(parts,
                    s -> source.upperTriangle(k, HostThreads.start(p, parts, s), HostThreads.start(p, parts, s + 1)))) {
                for (int q = 0; q < upper.length; q++) {
                    upper[q] += part[q];
                }
            }
        } finally {
            // The NIO view does not hold J: keep J (and so its native memory) alive until the loops are done.
            Reference.reachabilityFence(j);
        }
        double[] g = new double[k * k];
        int q = 0;
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++, q++) {
                g[a * k + b] = upper[q];
                g[b * k + a] = upper[q];
            }
        }
        return g;
    }

    /** Row segments of J in one data type; sums of products of row pairs over a column range. */
    private interface Source {
        /** Σ over columns [from, to) of J_a,c J_b,c for a &le; b, in row-major upper-triangle order. */
        double[] upperTriangle(int k, long from, long to);
    }

    private static final class FloatSource implements Source {
        private final FloatBuffer buffer;
        private final long base;
        private final long rowStride;

        FloatSource(FloatBuffer buffer, long base, long rowStride) {
            this.buffer = buffer;
            this.base = base;
            this.rowStride = rowStride;
        }

        @Override
        public double[] upperTriangle(int k, long from, long to) {
            int pairs = k * (k + 1) / 2;
            float[][] first = new float[k][LANES];
            float[][] second = new float[k][LANES];
            float[][] acc = new float[pairs][LANES];
            double[] total = new double[pairs];
            int sinceFold = 0;
            for (long start = from; start < to; start += 2 * LANES) {
                copyBlock(k, start, to, first);
                copyBlock(k, start + LANES, to, second);
                int q = 0;
                for (int a = 0; a < k; a++) {
                    for (int b = a; b < k; b++, q++) {
                        addProducts(acc[q], first[a], first[b], second[a], second[b]);
                    }
                }
                if (++sinceFold == BLOCKS_PER_FOLD / 2) {
                    fold(acc, total);
                    sinceFold = 0;
                }
            }
            fold(acc, total);
            return total;
        }

        /** Rows of columns [start, start + LANES) ∩ [start, to), zero-padded (all zero when start &ge; to). */
        private void copyBlock(int k, long start, long to, float[][] rows) {
            int len = (int) Math.max(0, Math.min(LANES, to - start));
            for (int i = 0; i < k; i++) {
                if (len > 0) {
                    buffer.get((int) (base + i * rowStride + start), rows[i], 0, len);
                }
                if (len < LANES) {
                    java.util.Arrays.fill(rows[i], len, LANES, 0f);
                }
            }
        }

        /**
         * acc += x₁ ∘ y₁ + x₂ ∘ y₂ over whole arrays: the form the JIT vectorises. Two column blocks per update halve
         * the loads and stores of the accumulator, which bound this loop (measured: 28 % less CPU than one block).
         */
        private static void addProducts(float[] acc, float[] x1, float[] y1, float[] x2, float[] y2) {
            for (int v = 0; v < LANES; v++) {
                acc[v] += x1[v] * y1[v] + x2[v] * y2[v];
            }
        }

        private static void fold(float[][] acc, double[] total) {
            for (int q = 0; q < total.length; q++) {
                float[] lanes = acc[q];
                double s = 0;
                for (int v = 0; v < LANES; v++) {
                    s += lanes[v];
                    lanes[v] = 0f;
                }
                total[q] += s;
            }
        }
    }

    private static final class DoubleSource implements Source {
        private final DoubleBuffer buffer;
        private final long base;
        private final long rowStride;

        DoubleSource(DoubleBuffer buffer, long base, long rowStride) {
            this.buffer = buffer;
            this.base = base;
            this.rowStride = rowStride;
        }

        @Override
        public double[] upperTriangle(int k, long from, long to) {
            int pairs = k * (k + 1) / 2;
            double[][] first = new double[k][LANES];
            double[][] second = new double[k][LANES];
            double[][] acc = new double[pairs][LANES];
            for (long start = from; start < to; start += 2 * LANES) {
                copyBlock(k, start, to, first);
                copyBlock(k, start + LANES, to, second);
                int q = 0;
                for (int a = 0; a < k; a++) {
                    for (int b = a; b < k; b++, q++) {
                        addProducts(acc[q], first[a], first[b], second[a], second[b]);
                    }
                }
            }
            double[] total = new double[pairs];
            for (int q = 0; q < pairs; q++) {
                double s = 0;
                for (int v = 0; v < LANES; v++) {
                    s += acc[q][v];
                }
                total[q] = s;
            }
            return total;
        }

        private void copyBlock(int k, long start, long to, double[][] rows) {
            int len = (int) Math.max(0, Math.min(LANES, to - start));
            for (int i = 0; i < k; i++) {
                if (len > 0) {
                    buffer.get((int) (base + i * rowStride + start), rows[i], 0, len);
                }
                if (len < LANES) {
                    java.util.Arrays.fill(rows[i], len, LANES, 0.0);
                }
            }
        }

        private static void addProducts(double[] acc, double[] x1, double[] y1, double[] x2, double[] y2) {
            for (int v = 0; v < LANES; v++) {
                acc[v] += x1[v] * y1[v] + x2[v] * y2[v];
            }
        }
    }
}
