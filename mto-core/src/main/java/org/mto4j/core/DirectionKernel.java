package org.mto4j.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** d = Jᵀw with one GEMV into the caller's array, and the checks on that array. */
final class DirectionKernel {

    /** Partial sums are kept below 2^this (a quarter of the accumulator's range). */
    private static final int DOUBLE_LIMIT_EXPONENT = Double.MAX_EXPONENT - 2;
    private static final int FLOAT_LIMIT_EXPONENT = Float.MAX_EXPONENT - 2;
    /** No bound on the partial sums is known. */
    static final int UNKNOWN_BOUND = Integer.MIN_VALUE;

    private DirectionKernel() {
    }

    /**
     * The exponent of an upper bound of every partial sum Σ_{i ≤ m} wᵢ J_ic: Σᵢ |wᵢ| ‖gᵢ‖ (‖gᵢ‖ bounds every entry of
     * gᵢ), from a Gramian without overflow, or {@link #UNKNOWN_BOUND} when it is 0 or not finite.
     */
    static int boundExponent(Gramian g, double[] w) {
        Gramian unit = g.unitScale();
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += Math.abs(w[i]) * unit.norm(i);
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            return UNKNOWN_BOUND;
        }
        return Math.getExponent(sum) + 1 + Math.getExponent(g.scale());
    }

    /**
     * The power of two s that {@link #combineInto} applies to the weights so that no partial sum can overflow the
     * accumulator: 1 where the bound is below the limit (always, in practice, for the host kernel, which accumulates
     * FLOAT in double). A FLOAT GEMM takes its weights and accumulates in FLOAT: there s also keeps the largest
     * weight within FLOAT, and brings the bound up to the limit (or, without a bound, the largest weight to 1), so
     * that weights too small for FLOAT are not flushed to 0 while larger ones fit.
     */
    static double safeScale(INDArray j, INDArray out, double[] w, int boundExponent) {
        boolean floatGemm = j.dataType() == DataType.FLOAT && !HostDirectionKernel.applies(j, out);
        double largest = 0;
        for (double x : w) {
            largest = Math.max(largest, Math.abs(x));
        }
        int shift;
        if (floatGemm) {
            int weightRoom = largest > 0 ? Float.MAX_EXPONENT - 1 - Math.getExponent(largest) : Integer.MAX_VALUE;
            // Without a bound, put the largest weight near 1: FLOAT holds it, and the smaller ones down to 2⁻¹⁴⁹ of it.
            shift = boundExponent == UNKNOWN_BOUND ? (largest > 0 ? -Math.getExponent(largest) : 0)
                    : Math.min(FLOAT_LIMIT_EXPONENT - boundExponent, weightRoom);
        } else {
            shift = boundExponent == UNKNOWN_BOUND ? 0 : Math.min(0, DOUBLE_LIMIT_EXPONENT - boundExponent);
        }
        return Math.scalb(1.0, Math.max(-2 * Float.MAX_EXPONENT, Math.min(2 * Float.MAX_EXPONENT, shift)));
    }

    /** A new direction of length P and J's data type. */
    static INDArray allocate(TaskGradients gradients) {
        return Nd4j.create(gradients.dataType(), gradients.numParams());
    }

    /**
     * Writes Jᵀw into {@code out} and says whether d is finite: always known from {@link HostDirectionKernel} on the
     * CPU backend, else found by one sum over d when {@code checkFinite}, else assumed (returns true).
     * Through BLAS, a contiguous {@code out} is written in place through a [P, 1] view; any other layout costs one
     * temporary of length P and a copy.
     */
    static boolean combineInto(INDArray j, double[] w, INDArray out, boolean checkFinite) {
        return combineInto(j, w, out, checkFinite, UNKNOWN_BOUND);
    }

    /**
     * {@link #combineInto(INDArray, double[], INDArray, boolean)} with the weights scaled by {@link #safeScale} for
     * the bound 2^boundExponent of the partial sums, and d scaled back: no partial sum overflows, and (for a FLOAT
     * GEMM) no weight is flushed, where d itself is representable.
     */
    static boolean combineInto(INDArray j, double[] w, INDArray out, boolean checkFinite, int boundExponent) {
        double scale = safeScale(j, out, w, boundExponent);
        if (HostDirectionKernel.applies(j, out)) {
            return HostDirectionKernel.combineInto(j, w, out, scale);
        }
        int k = w.length;
        long p = j.columns();
        double[] scaled = w.clone();
        for (int i = 0; i < k; i++) {
            scaled[i] *= scale;
        }
        INDArray weights = Nd4j.createFromArray(scaled).castTo(j.dataType()).reshape(k, 1);
        INDArray column = out.reshape(p, 1);
        // reshape gives a view of contiguous memory and a copy otherwise; a view may wrap the same memory in a
        // new DataBuffer object, so compare where the first elements live, not the objects.
        boolean inPlace = out.elementWiseStride() == 1 && firstElementAddress(column) == firstElementAddress(out);
        INDArray target = inPlace ? column : Nd4j.create(j.dataType(), p, 1);
        Nd4j.gemm(j, weights, target, true, false, 1.0, 0.0);
        // 1 / scale by powers of two that the target's type can hold (FLOAT: 2^±100 at a time).
        for (int e = -Math.getExponent(scale); e != 0; ) {
            int step = Math.max(-100, Math.min(100, e));
            target.muli(Math.scalb(1.0, step));
            e -= step;
        }
        if (!inPlace) {
            out.assign(target.reshape(out.shape()));
        }
        return !checkFinite || Double.isFinite(out.sumNumber().doubleValue());
    }

    /**
     * Slow path, only when d may not be finite: names the bad rows of J; else partial sums may have overflowed while
     * d fits, so combines again with the weights scaled for the bound Σ|wᵢ| maxᵢ,c |J_ic| (one more pass over J);
     * reports an overflow of d if that does not help.
     */
    static void requireFinite(INDArray j, double[] w, INDArray out) {
        GramKernel.requireFiniteRows(j);
        double sum = 0;
        for (double x : w) {
            sum += Math.abs(x);
        }
        double largest = j.amaxNumber().doubleValue();
        int bound = Math.getExponent(sum) + Math.getExponent(largest) + 2;
        if (sum > 0 && largest > 0 && combineInto(j, w, out, true, bound)) {
            return;
        }
        long bad = GramKernel.countNonFinite(out);
        if (bad > 0) {
            throw new IllegalArgumentException("the combined direction overflows " + j.dataType() + " in "
                    + bad + " of its " + out.length() + " entries; use DOUBLE gradients or smaller weights");
        }
    }

    private static long firstElementAddress(INDArray a) {
        return a.data().address() + a.offset() * a.dataType().width();
    }

    /**
     * @throws IllegalArgumentException if {@code out} is null, not of length P, or not of J's data type
     */
    static void checkOut(TaskGradients gradients, INDArray out) {
        Checks.notNull(out, "out");
        if (out.length() != gradients.numParams() || out.isEmpty()
                || (out.rank() == 2 && out.rows() != 1 && out.columns() != 1) || out.rank() > 2) {
            throw new IllegalArgumentException("out must be a vector of length P = " + gradients.numParams()
                    + " (shape [P], [1, P] or [P, 1]), got shape " + Checks.shape(out));
        }
        if (out.dataType() != gradients.dataType()) {
            throw new IllegalArgumentException("out must have the gradients' data type " + gradients.dataType()
                    + ", got " + out.dataType());
        }
    }
}
