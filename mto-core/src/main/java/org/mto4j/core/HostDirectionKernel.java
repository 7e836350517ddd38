package org.mto4j.core;

import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * d = Jᵀw on the host for the CPU backend, with the check that d is finite fused in at no extra pass.
 *
 * <p>Walks J in blocks of {@link HostThreads#BLOCK} columns: copies the K row segments to the heap, forms
 * d_block = Σᵢ wᵢ J_i,block with whole-array loops the JIT vectorises, folds d_block · 0 into a lane vector (which
 * turns NaN as soon as an entry of d is NaN or infinite), and copies d_block to the caller's array. J is read once
 * and d written once, by all cores, with no BLAS call: right after a BLAS call OpenBLAS's spinning workers and
 * ND4J's OpenMP threads compete for the cores, which made a separate finiteness pass over d cost as much as the
 * GEMV itself.
 *
 * <p>A row whose weight is 0 is still read, so a NaN in it is still reported (0 · NaN = NaN).
 */
final class HostDirectionKernel {

    private HostDirectionKernel() {
    }

    /** True when {@code out} and {@code j} can be read and written in place by this kernel. */
    static boolean applies(INDArray j, INDArray out) {
        return HostThreads.canRead(j) && out.elementWiseStride() == 1 && out.dataType() == j.dataType()
                && out.data().length() <= Integer.MAX_VALUE;
    }

    /** Writes Jᵀw into {@code out}; returns true when every entry of d is finite. Requires {@link #applies}. */
    static boolean combineInto(INDArray j, double[] w, INDArray out) {
        long p = j.columns();
        int parts = HostThreads.parts(p);
        Part part = j.dataType() == DataType.FLOAT
                ? new FloatPart(j.data().asNioFloat(), j.offset(), j.stride(0), (int) j.rows(), w,
                        out.data().asNioFloat(), out.offset())
                : new DoublePart(j.data().asNioDouble(), j.offset(), j.stride(0), (int) j.rows(), w,
                        out.data().asNioDouble(), out.offset());
        boolean finite = true;
        try {
            for (boolean f : HostThreads.run(parts,
                    s -> part.combine(HostThreads.start(p, parts, s), HostThreads.start(p, parts, s + 1)))) {
                finite &= f;
            }
        } finally {
            // The NIO views do not hold the arrays: without these fences, J (often a temporary of the caller) could
            // be collected and its native memory freed, and reused by another thread, while the loops still read it.
            Reference.reachabilityFence(j);
            Reference.reachabilityFence(out);
        }
        return finite;
    }

    /** One data type's loop; combine(from, to) writes d over columns [from, to) and says whether it is finite. */
    private interface Part {
        boolean combine(long from, long to);
    }

    private static final class FloatPart implements Part {
        private final FloatBuffer j;
        private final long base;
        private final long rowStride;
        private final int k;
        private final float[] w;
        private final FloatBuffer out;
        private final long outBase;

        FloatPart(FloatBuffer j, long base, long rowStride, int k, double[] w, FloatBuffer out, long outBase) {
            this.j = j;
            this.base = base;
            this.rowStride = rowStride;
            this.k = k;
            this.w = new float[k];
            for (int i = 0; i < k; i++) {
                this.w[i] = (float) w[i];
            }
            this.out = out;
            this.outBase = outBase;
        }

        @Override
        public boolean combine(long from, long to) {
            float[] row = new float[HostThreads.BLOCK];
            float[] d = new float[HostThreads.BLOCK];
            float[] check = new float[HostThreads.BLOCK];
            for (long start = from; start < to; start += HostThreads.BLOCK) {
                int len = (int) Math.min(HostThreads.BLOCK, to - start);
                j.get((int) (base + start), row, 0, len);
                float w0 = w[0];
                for (int v = 0; v < len; v++) {
                    d[v] = w0 * row[v];
                }
                for (int i = 1; i < k; i++) {
                    j.get((int) (base + i * rowStride + start), row, 0, len);
                    float wi = w[i];
                    for (int v = 0; v < len; v++) {
                        d[v] += wi * row[v];
                    }
                }
                for (int v = 0; v < len; v++) {
                    check[v] += d[v] * 0f;
                }
                out.put((int) (outBase + start), d, 0, len);
            }
            for (float c : check) {
                if (c != 0f) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class DoublePart implements Part {
        private final DoubleBuffer j;
        private final long base;
        private final long rowStride;
        private final int k;
        private final double[] w;
        private final DoubleBuffer out;
        private final long outBase;

        DoublePart(DoubleBuffer j, long base, long rowStride, int k, double[] w, DoubleBuffer out, long outBase) {
            this.j = j;
            this.base = base;
            this.rowStride = rowStride;
            this.k = k;
            this.w = w.clone();
            this.out = out;
            this.outBase = outBase;
        }

        @Override
        public boolean combine(long from, long to) {
            double[] row = new double[HostThreads.BLOCK];
            double[] d = new double[HostThreads.BLOCK];
            double[] check = new double[HostThreads.BLOCK];
            for (long start = from; start < to; start += HostThreads.BLOCK) {
                int len = (int) Math.min(HostThreads.BLOCK, to - start);
                j.get((int) (base + start), row, 0, len);
                double w0 = w[0];
                for (int v = 0; v < len; v++) {
                    d[v] = w0 * row[v];
                }
                for (int i = 1; i < k; i++) {
                    j.get((int) (base + i * rowStride + start), row, 0, len);
                    double wi = w[i];
                    for (int v = 0; v < len; v++) {
                        d[v] += wi * row[v];
                    }
                }
                for (int v = 0; v < len; v++) {
                    check[v] += d[v] * 0.0;
                }
                out.put((int) (outBase + start), d, 0, len);
            }
            for (double c : check) {
                if (c != 0.0) {
                    return false;
                }
            }
            return true;
        }
    }
}
