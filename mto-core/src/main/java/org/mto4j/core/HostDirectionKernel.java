package org.mto4j.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
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
 * <p><b>FLOAT gradients are combined in FLOAT only when that is safe.</b> Casting every weight to FLOAT turned a
 * weight of 4.8e39 into infinity and flushed weights below 1.4e-45 to 0, and FLOAT partial sums overflowed on rows
 * near ±3e38 whose combination fits. So the FLOAT loop runs only when every weight is 0 or a normal FLOAT, and a
 * range whose result is not finite is computed again in double (double weights, a double accumulator per block,
 * one rounding to FLOAT at the end), as is everything when some weight is not a normal FLOAT: where d itself is
 * representable none of the above can happen. The common case keeps the FLOAT loop, whose speed the double one
 * does not reach on Java 17 (the element-wise conversion to double is not vectorised). DOUBLE gradients use
 * {@code scale} (a power of two) against partial sums that overflow: callers pass the weights' factor, and
 * d = (Σᵢ scale·wᵢ gᵢ) / scale.
 *
 * <p>A row whose weight is 0 is still read, so a NaN in it is still reported (0 · NaN = NaN).
 *
 * <p>Up to {@link #ROWS_PER_PASS} rows are added to a block of d per pass, term by term from the left, so d is
 * bitwise what one pass per row gives. When the JDK's incubating Vector API is present ({@link HostGramKernel#VECTOR})
 * and J's and d's buffers are below 2 GiB, {@code VectorDirectionKernel} runs the FLOAT loop (FLOAT weights) and
 * the DOUBLE loop on J and d in place, with the same sums; it is reached through a method handle, so that this
 * class loads without the module.
 */
final class HostDirectionKernel {

    /**
     * The most rows added to a block of d in one pass over it: fewer loads and stores of d per element of J, and
     * the same sums, term by term, as one pass per row.
     */
    static final int ROWS_PER_PASS = 4;

    /** {@code VectorDirectionKernel.floatRange}, or null without the Vector API. */
    private static final MethodHandle VECTOR_FLOAT = HostGramKernel.VECTOR ? vectorRange("floatRange",
            MethodType.methodType(boolean.class, ByteBuffer.class, long.class, long.class, int.class, float[].class,
                    ByteBuffer.class, long.class, long.class, long.class)) : null;
    /** {@code VectorDirectionKernel.doubleRange}, or null without the Vector API. */
    private static final MethodHandle VECTOR_DOUBLE = HostGramKernel.VECTOR ? vectorRange("doubleRange",
            MethodType.methodType(boolean.class, ByteBuffer.class, long.class, long.class, int.class, double[].class,
                    double.class, ByteBuffer.class, long.class, long.class, long.class)) : null;

    private HostDirectionKernel() {
    }

    private static MethodHandle vectorRange(String name, MethodType type) {
        try {
            return MethodHandles.lookup().findStatic(Class.forName("org.mto4j.core.VectorDirectionKernel"), name,
                    type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** J's (or d's) whole buffer as bytes, when the Vector API is used and every byte offset fits an int. */
    private static ByteBuffer vectorBytes(INDArray a) {
        return HostGramKernel.VECTOR && a.data().length() * a.data().getElementSize() <= Integer.MAX_VALUE
                ? a.data().asNio() : null;
    }

    /** Rethrows what a Vector API kernel threw: unchecked as is, anything else wrapped. */
    private static IllegalStateException vectorFailure(Throwable e) {
        if (e instanceof RuntimeException) {
            throw (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new IllegalStateException("VectorDirectionKernel failed", e);
    }

    /** Rows in the next pass when {@code left} rows remain: 4, then 2, then 1. */
    static int rowsInPass(int left) {
        return left >= 4 ? 4 : left >= 2 ? 2 : 1;
    }

    /** True when {@code out} and {@code j} can be read and written in place by this kernel. */
    static boolean applies(INDArray j, INDArray out) {
        return HostThreads.canRead(j) && out.elementWiseStride() == 1 && out.dataType() == j.dataType()
                && out.data().length() <= Integer.MAX_VALUE;
    }

    /** Writes Jᵀw into {@code out}; returns true when every entry of d is finite. Requires {@link #applies}. */
    static boolean combineInto(INDArray j, double[] w, INDArray out) {
        return combineInto(j, w, out, 1.0);
    }

    /**
     * Writes Jᵀw into {@code out}, computed as (Σᵢ scale·wᵢ gᵢ) / scale; returns true when every entry of d is
     * finite. Requires {@link #applies}.
     *
     * @param scale a power of two that keeps the partial sums of DOUBLE gradients in range (1 when they are)
     */
    static boolean combineInto(INDArray j, double[] w, INDArray out, double scale) {
        long p = j.columns();
        int parts = HostThreads.parts(p);
        double[] scaled = w.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= scale;
        }
        ByteBuffer jBytes = vectorBytes(j);
        ByteBuffer outBytes = jBytes == null ? null : vectorBytes(out);
        Part part = j.dataType() == DataType.FLOAT
                ? new FloatPart(j.data().asNioFloat(), j.offset(), j.stride(0), (int) j.rows(), scaled, 1 / scale,
                        out.data().asNioFloat(), out.offset(), outBytes == null ? null : jBytes, outBytes)
                : new DoublePart(j.data().asNioDouble(), j.offset(), j.stride(0), (int) j.rows(), scaled, 1 / scale,
                        out.data().asNioDouble(), out.offset(), outBytes == null ? null : jBytes, outBytes);
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
        private final double[] w;
        /** The weights as FLOAT when each survives the cast (0 or a normal FLOAT), else null. */
        private final float[] floatWeights;
        private final double unscale;
        private final FloatBuffer out;
        private final long outBase;
        /** J's and d's buffers for {@code VectorDirectionKernel}, or null. */
        private final ByteBuffer jBytes;
        private final ByteBuffer outBytes;

        FloatPart(FloatBuffer j, long base, long rowStride, int k, double[] w, double unscale, FloatBuffer out,
                long outBase, ByteBuffer jBytes, ByteBuffer outBytes) {
            this.j = j;
            this.base = base;
            this.rowStride = rowStride;
            this.k = k;
            this.w = w;
            this.floatWeights = unscale == 1 ? floatWeights(w) : null;
            this.unscale = unscale;
            this.out = out;
            this.outBase = outBase;
            this.jBytes = jBytes;
            this.outBytes = outBytes;
        }

        private static float[] floatWeights(double[] w) {
            float[] f = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                double a = Math.abs(w[i]);
                if (a != 0 && !(a >= Float.MIN_NORMAL && a <= Float.MAX_VALUE)) {
                    return null;
                }
                f[i] = (float) w[i];
            }
            return f;
        }

        @Override
        public boolean combine(long from, long to) {
            // In FLOAT when the weights fit it (the conversion of each element to double costs as much as reading
            // J); a range whose FLOAT sums did not stay finite (overflowed partial sums, or NaN in J) is done again
            // in double, which tells the two apart.
            return floatWeights != null && combineInFloat(from, to) || combineInDouble(from, to);
        }

        private boolean combineInFloat(long from, long to) {
            if (outBytes != null) {
                try {
                    return (boolean) VECTOR_FLOAT.invokeExact(jBytes, base, rowStride, k, floatWeights, outBytes,
                            outBase, from, to);
                } catch (Throwable e) {
                    throw vectorFailure(e);
                }
            }
            float[][] rows = new float[ROWS_PER_PASS][HostThreads.BLOCK];
            float[] d = new float[HostThreads.BLOCK];
            float[] check = new float[HostThreads.BLOCK];
            for (long start = from; start < to; start += HostThreads.BLOCK) {
                int len = (int) Math.min(HostThreads.BLOCK, to - start);
                for (int i = 0; i < k; ) {
                    int n = rowsInPass(k - i);
                    for (int r = 0; r < n; r++) {
                        j.get((int) (base + (i + r) * rowStride + start), rows[r], 0, len);
                    }
                    accumulate(d, rows, floatWeights, i, n, len);
                    i += n;
                }
                for (int v = 0; v < len; v++) {
                    check[v] += d[v] * 0f;
                }
                out.put((int) (outBase + start), d, 0, len);
            }
            return allZero(check);
        }

        /**
         * d (+)= Σ_{r<n} w_{i+r} rows[r] over [0, len), the terms added one by one from the left, so d ends up
         * bitwise the same as with one pass per row: the first pass (i = 0) sets d.
         */
        private static void accumulate(float[] d, float[][] rows, float[] w, int i, int n, int len) {
            if (n == 4) {
                float[] a = rows[0];
                float[] b = rows[1];
                float[] c = rows[2];
                float[] e = rows[3];
                float wa = w[i];
                float wb = w[i + 1];
                float wc = w[i + 2];
                float we = w[i + 3];
                if (i == 0) {
                    for (int v = 0; v < len; v++) {
                        d[v] = wa * a[v] + wb * b[v] + wc * c[v] + we * e[v];
                    }
                } else {
                    for (int v = 0; v < len; v++) {
                        d[v] = d[v] + wa * a[v] + wb * b[v] + wc * c[v] + we * e[v];
                    }
                }
            } else if (n == 2) {
                float[] a = rows[0];
                float[] b = rows[1];
                float wa = w[i];
                float wb = w[i + 1];
                if (i == 0) {
                    for (int v = 0; v < len; v++) {
                        d[v] = wa * a[v] + wb * b[v];
                    }
                } else {
                    for (int v = 0; v < len; v++) {
                        d[v] = d[v] + wa * a[v] + wb * b[v];
                    }
                }
            } else {
                float[] a = rows[0];
                float wa = w[i];
                if (i == 0) {
                    for (int v = 0; v < len; v++) {
                        d[v] = wa * a[v];
                    }
                } else {
                    for (int v = 0; v < len; v++) {
                        d[v] += wa * a[v];
                    }
                }
            }
        }

        private boolean combineInDouble(long from, long to) {
            float[] row = new float[HostThreads.BLOCK]; // a block of one row, then the block of d rounded to FLOAT
            double[] d = new double[HostThreads.BLOCK];
            float[] check = new float[HostThreads.BLOCK];
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
                    row[v] = (float) (d[v] * unscale);
                    check[v] += row[v] * 0f;
                }
                out.put((int) (outBase + start), row, 0, len);
            }
            return allZero(check);
        }

        private static boolean allZero(float[] check) {
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
        private final double unscale;
        private final DoubleBuffer out;
        private final long outBase;
        /** J's and d's buffers for {@code VectorDirectionKernel}, or null. */
        private final ByteBuffer jBytes;
        private final ByteBuffer outBytes;

        DoublePart(DoubleBuffer j, long base, long rowStride, int k, double[] w, double unscale, DoubleBuffer out,
                long outBase, ByteBuffer jBytes, ByteBuffer outBytes) {
            this.j = j;
            this.base = base;
            this.rowStride = rowStride;
            this.k = k;
            this.w = w;
            this.unscale = unscale;
            this.out = out;
            this.outBase = outBase;
            this.jBytes = jBytes;
            this.outBytes = outBytes;
        }

        @Override
        public boolean combine(long from, long to) {
            if (outBytes != null) {
                try {
                    return (boolean) VECTOR_DOUBLE.invokeExact(jBytes, base, rowStride, k, w, unscale, outBytes,
                            outBase, from, to);
                } catch (Throwable e) {
                    throw vectorFailure(e);
                }
            }
            double[][] rows = new double[ROWS_PER_PASS][HostThreads.BLOCK];
            double[] d = new double[HostThreads.BLOCK];
            double[] check = new double[HostThreads.BLOCK];
            for (long start = from; start < to; start += HostThreads.BLOCK) {
                int len = (int) Math.min(HostThreads.BLOCK, to - start);
                for (int i = 0; i < k; ) {
                    int n = rowsInPass(k - i);
                    for (int r = 0; r < n; r++) {
                        j.get((int) (base + (i + r) * rowStride + start), rows[r], 0, len);
                    }
                    accumulate(d, rows, w, i, n, len);
                    i += n;
                }
                if (unscale != 1) {
                    for (int v = 0; v < len; v++) {
                        d[v] *= unscale;
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

        /**
         * d (+)= Σ_{r<n} w_{i+r} rows[r] over [0, len), the terms added one by one from the left, so d ends up
         * bitwise the same as with one pass per row: the first pass (i = 0) sets d.
         */
        private static void accumulate(double[] d, double[][] rows, double[] w, int i, int n, int len) {
            if (n == 4) {
                double[] a = rows[0];
                double[] b = rows[1];
                double[] c = rows[2];
                double[] e = rows[3];
                double wa = w[i];
                double wb = w[i + 1];
                double wc = w[i + 2];
                double we = w[i + 3];
                if (i == 0) {
                    for (int v = 0; v < len; v++) {
                        d[v] = wa * a[v] + wb * b[v] + wc * c[v] + we * e[v];
                    }
                } else {
                    for (int v = 0; v < len; v++) {
                        d[v] = d[v] + wa * a[v] + wb * b[v] + wc * c[v] + we * e[v];
                    }
                }
            } else if (n == 2) {
                double[] a = rows[0];
                double[] b = rows[1];
                double wa = w[i];
                double wb = w[i + 1];
                if (i == 0) {
                    for (int v = 0; v < len; v++) {
                        d[v] = wa * a[v] + wb * b[v];
                    }
                } else {
                    for (int v = 0; v < len; v++) {
                        d[v] = d[v] + wa * a[v] + wb * b[v];
                    }
                }
            } else {
                double[] a = rows[0];
                double wa = w[i];
                if (i == 0) {
                    for (int v = 0; v < len; v++) {
                        d[v] = wa * a[v];
                    }
                } else {
                    for (int v = 0; v < len; v++) {
                        d[v] += wa * a[v];
                    }
                }
            }
        }
    }
}
