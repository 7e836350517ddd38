package org.mto4j.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * d = Jᵀw over a range of columns with the JDK's Vector API (incubating in Java 17), reading J and writing d in
 * place in their off-heap buffers: no row segment is copied to the heap, and for K ≤ 4 no block of d either.
 *
 * <p>Loaded only when the module {@code jdk.incubator.vector} is in the boot layer ({@link HostGramKernel#VECTOR});
 * {@link HostDirectionKernel} reaches it through a method handle and keeps J and d reachable while it runs.
 *
 * <p>The sums are those of {@link HostDirectionKernel}'s loop, term by term: up to
 * {@link HostDirectionKernel#ROWS_PER_PASS} rows per pass over a block of d, each product rounded and then added
 * (no fused multiply-add), from the left. d is therefore bitwise the same with and without the module. (A DOUBLE d is
 * always multiplied by its unscale factor, which is exact when that is 1.) Each pass is a loop of its own with no
 * branch: C2 in Java 17 boxed the vectors of a loop whose vector variables were assigned in branches (8 MB allocated
 * per call at K = 2, P = 10⁶).
 */
final class VectorDirectionKernel {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorDirectionKernel() {
    }

    /**
     * FLOAT d over columns [from, to) with FLOAT weights; true when every entry written is finite. Offsets
     * are in elements; every byte offset of J's and d's buffers must fit an int.
     */
    static boolean floatRange(ByteBuffer j, long base, long rowStride, int k, float[] w, ByteBuffer out,
            long outBase, long from, long to) {
        ByteBuffer jb = j.duplicate().order(ORDER);
        ByteBuffer ob = out.duplicate().order(ORDER);
        float[] d = new float[HostThreads.BLOCK];
        float[] check = new float[HostThreads.BLOCK];
        int step = (int) (rowStride * Float.BYTES);
        for (long start = from; start < to; start += HostThreads.BLOCK) {
            int len = (int) Math.min(HostThreads.BLOCK, to - start);
            int a = (int) ((base + start) * Float.BYTES);
            for (int i = 0; i < k; ) {
                int n = HostDirectionKernel.rowsInPass(k - i);
                int at = a + i * step;
                if (i == 0) {
                    if (n == 4) {
                        floatFirst4(jb, at, step, w[i], w[i + 1], w[i + 2], w[i + 3], d, len);
                    } else if (n == 2) {
                        floatFirst2(jb, at, step, w[i], w[i + 1], d, len);
                    } else {
                        floatFirst1(jb, at, w[i], d, len);
                    }
                } else {
                    if (n == 4) {
                        floatAdd4(jb, at, step, w[i], w[i + 1], w[i + 2], w[i + 3], d, len);
                    } else if (n == 2) {
                        floatAdd2(jb, at, step, w[i], w[i + 1], d, len);
                    } else {
                        floatAdd1(jb, at, w[i], d, len);
                    }
                }
                i += n;
            }
            floatStore(d, check, ob, (int) ((outBase + start) * Float.BYTES), len);
        }
        for (float c : check) {
            if (c != 0f) {
                return false;
            }
        }
        return true;
    }

    /** out = d over [0, len) at byte offset {@code o}; check += out · 0 (NaN where out is not finite). */
    private static void floatStore(float[] d, float[] check, ByteBuffer out, int o, int len) {
        int whole = FLOATS.loopBound(len);
        for (int v = 0; v < whole; v += FLOATS.length()) {
            FloatVector s = FloatVector.fromArray(FLOATS, d, v);
            FloatVector.fromArray(FLOATS, check, v).add(s.mul(0f)).intoArray(check, v);
            s.intoByteBuffer(out, o + v * Float.BYTES, ORDER);
        }
        for (int v = whole; v < len; v++) {
            float s = d[v];
            check[v] += s * 0f;
            out.putFloat(o + v * Float.BYTES, s);
        }
    }

    /** d = Σ of the 4 rows at byte offset {@code a}, {@code step} apart, times their weights, over [0, len). */
    private static void floatFirst4(ByteBuffer j, int a, int step, float wa, float wb, float wc, float we, float[] d,
            int len) {
        FloatVector va = FloatVector.broadcast(FLOATS, wa);
        FloatVector vb = FloatVector.broadcast(FLOATS, wb);
        FloatVector vc = FloatVector.broadcast(FLOATS, wc);
        FloatVector ve = FloatVector.broadcast(FLOATS, we);
        int whole = FLOATS.loopBound(len);
        for (int v = 0; v < whole; v += FLOATS.length()) {
            int at = a + v * Float.BYTES;
            FloatVector.fromByteBuffer(FLOATS, j, at, ORDER).mul(va)
                    .add(FloatVector.fromByteBuffer(FLOATS, j, at + step, ORDER).mul(vb))
                    .add(FloatVector.fromByteBuffer(FLOATS, j, at + 2 * step, ORDER).mul(vc))
                    .add(FloatVector.fromByteBuffer(FLOATS, j, at + 3 * step, ORDER).mul(ve))
                    .intoArray(d, v);
        }
        for (int v = whole; v < len; v++) {
            int at = a + v * Float.BYTES;
            d[v] = wa * j.getFloat(at) + wb * j.getFloat(at + step) + wc * j.getFloat(at + 2 * step)
                    + we * j.getFloat(at + 3 * step);
        }
    }

    /** d = Σ of the 2 rows at byte offset {@code a}, {@code step} apart, times their weights, over [0, len). */
    private static void floatFirst2(ByteBuffer j, int a, int step, float wa, float wb, float[] d, int len) {
        FloatVector va = FloatVector.broadcast(FLOATS, wa);
        FloatVector vb = FloatVector.broadcast(FLOATS, wb);
        int whole = FLOATS.loopBound(len);
        for (int v = 0; v < whole; v += FLOATS.length()) {
            int at = a + v * Float.BYTES;
            FloatVector.fromByteBuffer(FLOATS, j, at, ORDER).mul(va)
                    .add(FloatVector.fromByteBuffer(FLOATS, j, at + step, ORDER).mul(vb))
                    .intoArray(d, v);
        }
        for (int v = whole; v < len; v++) {
            int at = a + v * Float.BYTES;
            d[v] = wa * j.getFloat(at) + wb * j.getFloat(at + step);
        }
    }

    /** d = w · the row at byte offset {@code a}, over [0, len). */
    private static void floatFirst1(ByteBuffer j, int a, float wa, float[] d, int len) {
        FloatVector va = FloatVector.broadcast(FLOATS, wa);
        int whole = FLOATS.loopBound(len);
        for (int v = 0; v < whole; v += FLOATS.length()) {
            int at = a + v * Float.BYTES;
            FloatVector.fromByteBuffer(FLOATS, j, at, ORDER).mul(va)
                    .intoArray(d, v);
        }
        for (int v = whole; v < len; v++) {
            int at = a + v * Float.BYTES;
            d[v] = wa * j.getFloat(at);
        }
    }

    /**
     * d += the 4 rows at byte offset {@code a}, {@code step} apart, times their weights, one after the other, over [0,
     * len).
     */
    private static void floatAdd4(ByteBuffer j, int a, int step, float wa, float wb, float wc, float we, float[] d,
            int len) {
        FloatVector va = FloatVector.broadcast(FLOATS, wa);
        FloatVector vb = FloatVector.broadcast(FLOATS, wb);
        FloatVector vc = FloatVector.broadcast(FLOATS, wc);
        FloatVector ve = FloatVector.broadcast(FLOATS, we);
        int whole = FLOATS.loopBound(len);
        for (int v = 0; v < whole; v += FLOATS.length()) {
            int at = a + v * Float.BYTES;
            FloatVector.fromArray(FLOATS, d, v)
                    .add(FloatVector.fromByteBuffer(FLOATS, j, at, ORDER).mul(va))
                    .add(FloatVector.fromByteBuffer(FLOATS, j, at + step, ORDER).mul(vb))
                    .add(FloatVector.fromByteBuffer(FLOATS, j, at + 2 * step, ORDER).mul(vc))
                    .add(FloatVector.fromByteBuffer(FLOATS, j, at + 3 * step, ORDER).mul(ve))
                    .intoArray(d, v);
        }
        for (int v = whole; v < len; v++) {
            int at = a + v * Float.BYTES;
            d[v] = d[v] + wa * j.getFloat(at) + wb * j.getFloat(at + step) + wc * j.getFloat(at + 2 * step)
                    + we * j.getFloat(at + 3 * step);
        }
    }

    /**
     * d += the 2 rows at byte offset {@code a}, {@code step} apart, times their weights, one after the other, over [0,
     * len).
     */
    private static void floatAdd2(ByteBuffer j, int a, int step, float wa, float wb, float[] d, int len) {
        FloatVector va = FloatVector.broadcast(FLOATS, wa);
        FloatVector vb = FloatVector.broadcast(FLOATS, wb);
        int whole = FLOATS.loopBound(len);
        for (int v = 0; v < whole; v += FLOATS.length()) {
            int at = a + v * Float.BYTES;
            FloatVector.fromArray(FLOATS, d, v)
                    .add(FloatVector.fromByteBuffer(FLOATS, j, at, ORDER).mul(va))
                    .add(FloatVector.fromByteBuffer(FLOATS, j, at + step, ORDER).mul(vb))
                    .intoArray(d, v);
        }
        for (int v = whole; v < len; v++) {
            int at = a + v * Float.BYTES;
            d[v] = d[v] + wa * j.getFloat(at) + wb * j.getFloat(at + step);
        }
    }

    /** d += w · the row at byte offset {@code a}, over [0, len). */
    private static void floatAdd1(ByteBuffer j, int a, float wa, float[] d, int len) {
        FloatVector va = FloatVector.broadcast(FLOATS, wa);
        int whole = FLOATS.loopBound(len);
        for (int v = 0; v < whole; v += FLOATS.length()) {
            int at = a + v * Float.BYTES;
            FloatVector.fromArray(FLOATS, d, v)
                    .add(FloatVector.fromByteBuffer(FLOATS, j, at, ORDER).mul(va))
                    .intoArray(d, v);
        }
        for (int v = whole; v < len; v++) {
            int at = a + v * Float.BYTES;
            d[v] = d[v] + wa * j.getFloat(at);
        }
    }

    /**
     * DOUBLE d = unscale · Σᵢ wᵢ gᵢ over columns [from, to); true when every entry written is finite. Offsets
     * are in elements; every byte offset of J's and d's buffers must fit an int.
     */
    static boolean doubleRange(ByteBuffer j, long base, long rowStride, int k, double[] w, double unscale,
            ByteBuffer out, long outBase, long from, long to) {
        ByteBuffer jb = j.duplicate().order(ORDER);
        ByteBuffer ob = out.duplicate().order(ORDER);
        double[] d = new double[HostThreads.BLOCK];
        double[] check = new double[HostThreads.BLOCK];
        int step = (int) (rowStride * Double.BYTES);
        for (long start = from; start < to; start += HostThreads.BLOCK) {
            int len = (int) Math.min(HostThreads.BLOCK, to - start);
            int a = (int) ((base + start) * Double.BYTES);
            for (int i = 0; i < k; ) {
                int n = HostDirectionKernel.rowsInPass(k - i);
                int at = a + i * step;
                if (i == 0) {
                    if (n == 4) {
                        doubleFirst4(jb, at, step, w[i], w[i + 1], w[i + 2], w[i + 3], d, len);
                    } else if (n == 2) {
                        doubleFirst2(jb, at, step, w[i], w[i + 1], d, len);
                    } else {
                        doubleFirst1(jb, at, w[i], d, len);
                    }
                } else {
                    if (n == 4) {
                        doubleAdd4(jb, at, step, w[i], w[i + 1], w[i + 2], w[i + 3], d, len);
                    } else if (n == 2) {
                        doubleAdd2(jb, at, step, w[i], w[i + 1], d, len);
                    } else {
                        doubleAdd1(jb, at, w[i], d, len);
                    }
                }
                i += n;
            }
            doubleStore(d, unscale, check, ob, (int) ((outBase + start) * Double.BYTES), len);
        }
        for (double c : check) {
            if (c != 0.0) {
                return false;
            }
        }
        return true;
    }

    /** out = unscale · d over [0, len) at byte offset {@code o}; check += out · 0 (NaN where out is not finite). */
    private static void doubleStore(double[] d, double unscale, double[] check, ByteBuffer out, int o, int len) {
        int whole = DOUBLES.loopBound(len);
        for (int v = 0; v < whole; v += DOUBLES.length()) {
            DoubleVector s = DoubleVector.fromArray(DOUBLES, d, v).mul(unscale);
            DoubleVector.fromArray(DOUBLES, check, v).add(s.mul(0.0)).intoArray(check, v);
            s.intoByteBuffer(out, o + v * Double.BYTES, ORDER);
        }
        for (int v = whole; v < len; v++) {
            double s = d[v] * unscale;
            check[v] += s * 0.0;
            out.putDouble(o + v * Double.BYTES, s);
        }
    }

    /** d = Σ of the 4 rows at byte offset {@code a}, {@code step} apart, times their weights, over [0, len). */
    private static void doubleFirst4(ByteBuffer j, int a, int step, double wa, double wb, double wc, double we,
            double[] d, int len) {
        DoubleVector va = DoubleVector.broadcast(DOUBLES, wa);
        DoubleVector vb = DoubleVector.broadcast(DOUBLES, wb);
        DoubleVector vc = DoubleVector.broadcast(DOUBLES, wc);
        DoubleVector ve = DoubleVector.broadcast(DOUBLES, we);
        int whole = DOUBLES.loopBound(len);
        for (int v = 0; v < whole; v += DOUBLES.length()) {
            int at = a + v * Double.BYTES;
            DoubleVector.fromByteBuffer(DOUBLES, j, at, ORDER).mul(va)
                    .add(DoubleVector.fromByteBuffer(DOUBLES, j, at + step, ORDER).mul(vb))
                    .add(DoubleVector.fromByteBuffer(DOUBLES, j, at + 2 * step, ORDER).mul(vc))
                    .add(DoubleVector.fromByteBuffer(DOUBLES, j, at + 3 * step, ORDER).mul(ve))
                    .intoArray(d, v);
        }
        for (int v = whole; v < len; v++) {
            int at = a + v * Double.BYTES;
            d[v] = wa * j.getDouble(at) + wb * j.getDouble(at + step) + wc * j.getDouble(at + 2 * step)
                    + we * j.getDouble(at + 3 * step);
        }
    }

    /** d = Σ of the 2 rows at byte offset {@code a}, {@code step} apart, times their weights, over [0, len). */
    private static void doubleFirst2(ByteBuffer j, int a, int step, double wa, double wb, double[] d, int len) {
        DoubleVector va = DoubleVector.broadcast(DOUBLES, wa);
        DoubleVector vb = DoubleVector.broadcast(DOUBLES, wb);
        int whole = DOUBLES.loopBound(len);
        for (int v = 0; v < whole; v += DOUBLES.length()) {
            int at = a + v * Double.BYTES;
            DoubleVector.fromByteBuffer(DOUBLES, j, at, ORDER).mul(va)
                    .add(DoubleVector.fromByteBuffer(DOUBLES, j, at + step, ORDER).mul(vb))
                    .intoArray(d, v);
        }
        for (int v = whole; v < len; v++) {
            int at = a + v * Double.BYTES;
            d[v] = wa * j.getDouble(at) + wb * j.getDouble(at + step);
        }
    }

    /** d = w · the row at byte offset {@code a}, over [0, len). */
    private static void doubleFirst1(ByteBuffer j, int a, double wa, double[] d, int len) {
        DoubleVector va = DoubleVector.broadcast(DOUBLES, wa);
        int whole = DOUBLES.loopBound(len);
        for (int v = 0; v < whole; v += DOUBLES.length()) {
            int at = a + v * Double.BYTES;
            DoubleVector.fromByteBuffer(DOUBLES, j, at, ORDER).mul(va)
                    .intoArray(d, v);
        }
        for (int v = whole; v < len; v++) {
            int at = a + v * Double.BYTES;
            d[v] = wa * j.getDouble(at);
        }
    }

    /**
     * d += the 4 rows at byte offset {@code a}, {@code step} apart, times their weights, one after the other, over [0,
     * len).
     */
    private static void doubleAdd4(ByteBuffer j, int a, int step, double wa, double wb, double wc, double we,
            double[] d, int len) {
        DoubleVector va = DoubleVector.broadcast(DOUBLES, wa);
        DoubleVector vb = DoubleVector.broadcast(DOUBLES, wb);
        DoubleVector vc = DoubleVector.broadcast(DOUBLES, wc);
        DoubleVector ve = DoubleVector.broadcast(DOUBLES, we);
        int whole = DOUBLES.loopBound(len);
        for (int v = 0; v < whole; v += DOUBLES.length()) {
            int at = a + v * Double.BYTES;
            DoubleVector.fromArray(DOUBLES, d, v)
                    .add(DoubleVector.fromByteBuffer(DOUBLES, j, at, ORDER).mul(va))
                    .add(DoubleVector.fromByteBuffer(DOUBLES, j, at + step, ORDER).mul(vb))
                    .add(DoubleVector.fromByteBuffer(DOUBLES, j, at + 2 * step, ORDER).mul(vc))
                    .add(DoubleVector.fromByteBuffer(DOUBLES, j, at + 3 * step, ORDER).mul(ve))
                    .intoArray(d, v);
        }
        for (int v = whole; v < len; v++) {
            int at = a + v * Double.BYTES;
            d[v] = d[v] + wa * j.getDouble(at) + wb * j.getDouble(at + step) + wc * j.getDouble(at + 2 * step)
                    + we * j.getDouble(at + 3 * step);
        }
    }

    /**
     * d += the 2 rows at byte offset {@code a}, {@code step} apart, times their weights, one after the other, over [0,
     * len).
     */
    private static void doubleAdd2(ByteBuffer j, int a, int step, double wa, double wb, double[] d, int len) {
        DoubleVector va = DoubleVector.broadcast(DOUBLES, wa);
        DoubleVector vb = DoubleVector.broadcast(DOUBLES, wb);
        int whole = DOUBLES.loopBound(len);
        for (int v = 0; v < whole; v += DOUBLES.length()) {
            int at = a + v * Double.BYTES;
            DoubleVector.fromArray(DOUBLES, d, v)
                    .add(DoubleVector.fromByteBuffer(DOUBLES, j, at, ORDER).mul(va))
                    .add(DoubleVector.fromByteBuffer(DOUBLES, j, at + step, ORDER).mul(vb))
                    .intoArray(d, v);
        }
        for (int v = whole; v < len; v++) {
            int at = a + v * Double.BYTES;
            d[v] = d[v] + wa * j.getDouble(at) + wb * j.getDouble(at + step);
        }
    }

    /** d += w · the row at byte offset {@code a}, over [0, len). */
    private static void doubleAdd1(ByteBuffer j, int a, double wa, double[] d, int len) {
        DoubleVector va = DoubleVector.broadcast(DOUBLES, wa);
        int whole = DOUBLES.loopBound(len);
        for (int v = 0; v < whole; v += DOUBLES.length()) {
            int at = a + v * Double.BYTES;
            DoubleVector.fromArray(DOUBLES, d, v)
                    .add(DoubleVector.fromByteBuffer(DOUBLES, j, at, ORDER).mul(va))
                    .intoArray(d, v);
        }
        for (int v = whole; v < len; v++) {
            int at = a + v * Double.BYTES;
            d[v] = d[v] + wa * j.getDouble(at);
        }
    }
}
