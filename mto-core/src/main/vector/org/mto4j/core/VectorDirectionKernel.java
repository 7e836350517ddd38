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
 * (no fused multiply-add), from the left. d is therefore bitwise the same with and without the module.
 */
final class VectorDirectionKernel {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorDirectionKernel() {
    }

    /**
     * FLOAT d over columns [from, to) with FLOAT weights; true when every entry written is finite. Offsets are in
     * elements; every byte offset must fit an int.
     */
    static boolean floatRange(ByteBuffer j, long base, long rowStride, int k, float[] w, ByteBuffer out,
            long outBase, long from, long to) {
        ByteBuffer jb = j.duplicate().order(ORDER);
        ByteBuffer ob = out.duplicate().order(ORDER);
        float[] d = new float[HostThreads.BLOCK];
        int lanes = FLOATS.length();
        FloatVector check = FloatVector.zero(FLOATS);
        float tailCheck = 0f;
        for (long start = from; start < to; start += HostThreads.BLOCK) {
            int len = (int) Math.min(HostThreads.BLOCK, to - start);
            int whole = FLOATS.loopBound(len);
            int o = (int) ((outBase + start) * Float.BYTES);
            for (int i = 0; i < k; ) {
                int n = HostDirectionKernel.rowsInPass(k - i);
                boolean first = i == 0;
                boolean last = i + n == k;
                int a = (int) ((base + i * rowStride + start) * Float.BYTES);
                int step = (int) (rowStride * Float.BYTES);
                float wa = w[i];
                float wb = n > 1 ? w[i + 1] : 0f;
                float wc = n > 2 ? w[i + 2] : 0f;
                float we = n > 3 ? w[i + 3] : 0f;
                FloatVector va = FloatVector.broadcast(FLOATS, wa);
                FloatVector vb = FloatVector.broadcast(FLOATS, wb);
                FloatVector vc = FloatVector.broadcast(FLOATS, wc);
                FloatVector ve = FloatVector.broadcast(FLOATS, we);
                for (int v = 0; v < whole; v += lanes) {
                    int at = a + v * Float.BYTES;
                    FloatVector s = FloatVector.fromByteBuffer(FLOATS, jb, at, ORDER).mul(va);
                    if (!first) {
                        s = FloatVector.fromArray(FLOATS, d, v).add(s);
                    }
                    if (n > 1) {
                        s = s.add(FloatVector.fromByteBuffer(FLOATS, jb, at + step, ORDER).mul(vb));
                        if (n > 2) {
                            s = s.add(FloatVector.fromByteBuffer(FLOATS, jb, at + 2 * step, ORDER).mul(vc))
                                    .add(FloatVector.fromByteBuffer(FLOATS, jb, at + 3 * step, ORDER).mul(ve));
                        }
                    }
                    if (last) {
                        check = check.add(s.mul(0f));
                        s.intoByteBuffer(ob, o + v * Float.BYTES, ORDER);
                    } else {
                        s.intoArray(d, v);
                    }
                }
                for (int v = whole; v < len; v++) {
                    int at = a + v * Float.BYTES;
                    float s = first ? wa * jb.getFloat(at) : d[v] + wa * jb.getFloat(at);
                    if (n > 1) {
                        s += wb * jb.getFloat(at + step);
                        if (n > 2) {
                            s += wc * jb.getFloat(at + 2 * step);
                            s += we * jb.getFloat(at + 3 * step);
                        }
                    }
                    if (last) {
                        tailCheck += s * 0f;
                        ob.putFloat(o + v * Float.BYTES, s);
                    } else {
                        d[v] = s;
                    }
                }
                i += n;
            }
        }
        return tailCheck == 0f && check.eq(0f).allTrue();
    }

    /**
     * DOUBLE d = unscale · Σᵢ wᵢ gᵢ over columns [from, to); true when every entry written is finite. Offsets are in
     * elements; every byte offset must fit an int.
     */
    static boolean doubleRange(ByteBuffer j, long base, long rowStride, int k, double[] w, double unscale,
            ByteBuffer out, long outBase, long from, long to) {
        ByteBuffer jb = j.duplicate().order(ORDER);
        ByteBuffer ob = out.duplicate().order(ORDER);
        double[] d = new double[HostThreads.BLOCK];
        int lanes = DOUBLES.length();
        boolean scaled = unscale != 1;
        DoubleVector check = DoubleVector.zero(DOUBLES);
        double tailCheck = 0;
        for (long start = from; start < to; start += HostThreads.BLOCK) {
            int len = (int) Math.min(HostThreads.BLOCK, to - start);
            int whole = DOUBLES.loopBound(len);
            int o = (int) ((outBase + start) * Double.BYTES);
            for (int i = 0; i < k; ) {
                int n = HostDirectionKernel.rowsInPass(k - i);
                boolean first = i == 0;
                boolean last = i + n == k;
                int a = (int) ((base + i * rowStride + start) * Double.BYTES);
                int step = (int) (rowStride * Double.BYTES);
                double wa = w[i];
                double wb = n > 1 ? w[i + 1] : 0;
                double wc = n > 2 ? w[i + 2] : 0;
                double we = n > 3 ? w[i + 3] : 0;
                DoubleVector va = DoubleVector.broadcast(DOUBLES, wa);
                DoubleVector vb = DoubleVector.broadcast(DOUBLES, wb);
                DoubleVector vc = DoubleVector.broadcast(DOUBLES, wc);
                DoubleVector ve = DoubleVector.broadcast(DOUBLES, we);
                for (int v = 0; v < whole; v += lanes) {
                    int at = a + v * Double.BYTES;
                    DoubleVector s = DoubleVector.fromByteBuffer(DOUBLES, jb, at, ORDER).mul(va);
                    if (!first) {
                        s = DoubleVector.fromArray(DOUBLES, d, v).add(s);
                    }
                    if (n > 1) {
                        s = s.add(DoubleVector.fromByteBuffer(DOUBLES, jb, at + step, ORDER).mul(vb));
                        if (n > 2) {
                            s = s.add(DoubleVector.fromByteBuffer(DOUBLES, jb, at + 2 * step, ORDER).mul(vc))
                                    .add(DoubleVector.fromByteBuffer(DOUBLES, jb, at + 3 * step, ORDER).mul(ve));
                        }
                    }
                    if (last) {
                        if (scaled) {
                            s = s.mul(unscale);
                        }
                        check = check.add(s.mul(0.0));
                        s.intoByteBuffer(ob, o + v * Double.BYTES, ORDER);
                    } else {
                        s.intoArray(d, v);
                    }
                }
                for (int v = whole; v < len; v++) {
                    int at = a + v * Double.BYTES;
                    double s = first ? wa * jb.getDouble(at) : d[v] + wa * jb.getDouble(at);
                    if (n > 1) {
                        s += wb * jb.getDouble(at + step);
                        if (n > 2) {
                            s += wc * jb.getDouble(at + 2 * step);
                            s += we * jb.getDouble(at + 3 * step);
                        }
                    }
                    if (last) {
                        if (scaled) {
                            s *= unscale;
                        }
                        tailCheck += s * 0.0;
                        ob.putDouble(o + v * Double.BYTES, s);
                    } else {
                        d[v] = s;
                    }
                }
                i += n;
            }
        }
        return tailCheck == 0 && check.eq(0.0).allTrue();
    }
}
