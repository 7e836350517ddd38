package org.mto4j.core;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * G = J Jᵀ, then K x K numbers to the host in double: {@link HostGramKernel} on the CPU backend where it applies,
 * else one GEMM on J's device. Non-finite gradients show up on the diagonal at no extra cost; only then are the
 * rows inspected, to name them.
 */
final class GramKernel {

    /** A FLOAT Gram matrix with a non-zero entry below this (2⁻¹⁰⁰) is recomputed in double (subnormal products). */
    static final double TINY_FLOAT_SQUARED_NORM = 0x1p-100;
    /** The same for DOUBLE (2⁻⁹⁶⁰): J is then scaled up by a power of two first. */
    static final double TINY_DOUBLE_SQUARED_NORM = 0x1p-960;
    /** log₂ of the largest magnitude of J / s when the Gram matrix of DOUBLE gradients overflows (see gramian). */
    static final int UNIT_SCALE_EXPONENT = 40;
    /** Columns per chunk when a Gram matrix overflowed and is recomputed in double. */
    static final int OVERFLOW_CHUNK_COLUMNS = 1 << 16;

    private GramKernel() {
    }

    static Gramian gramian(INDArray j) {
        int k = (int) j.rows();
        double epsilon = j.dataType() == DataType.FLOAT ? Gramian.FLOAT_EPSILON : Gramian.DOUBLE_EPSILON;
        double[] values = HostGramKernel.applies(j) ? HostGramKernel.gram(j) : gemmProduct(j, j);
        double scale = 1;
        boolean overflow = !Gramian.diagonalFinite(k, values);
        if (overflow) {
            requireFiniteRows(j);
        }
        if (overflow || underflowed(values, k, j.dataType())) {
            // Every row is finite: a squared norm overflowed, or products fell into the subnormal range, where the
            // type keeps few digits (FLOAT: entries below 1e-19). Recompute in double, chunk by chunk, so no K x P
            // temporary is made: FLOAT squares fit in double; DOUBLE ones need J divided by a power of two s, and
            // the Gramian then holds the Gram matrix of J / s. s puts the largest entry of J / s near 2⁴⁰, where
            // every absolute threshold of the methods (norm_eps, ε = 1e-8) is below rounding, as it is for J.
            if (j.dataType() == DataType.DOUBLE) {
                scale = Math.scalb(1.0, Math.getExponent(j.amaxNumber().doubleValue()) - UNIT_SCALE_EXPONENT);
            }
            values = productInDoubleChunks(j, j, 1 / scale);
        }
        return Gramian.fromRowMajor(k, values, scale, epsilon, false);
    }

    /**
     * True when a non-zero entry of G is so small that the type's products lost digits to the subnormal range (or a
     * row's squared norm underflowed to 0 while its products with others did not).
     */
    private static boolean underflowed(double[] values, int k, DataType type) {
        double limit = type == DataType.FLOAT ? TINY_FLOAT_SQUARED_NORM : TINY_DOUBLE_SQUARED_NORM;
        for (double v : values) {
            if (v != 0 && Math.abs(v) < limit) {
                return true;
            }
        }
        return false;
    }

    /**
     * C = A Bᵀ of two K x P matrices (the cross Gram matrix of two batches), row-major, in double: one GEMM, and
     * when a FLOAT product overflows while A and B are finite, a recomputation in double.
     *
     * @throws IllegalArgumentException naming the rows of A or B that hold NaN or infinity, or when a product
     *                                  overflows double
     */
    static double[] crossProduct(INDArray a, INDArray b) {
        double[] values = gemmProduct(a, b);
        for (double v : values) {
            if (!Double.isFinite(v)) {
                requireFiniteRows(a, "first batch's gradients");
                requireFiniteRows(b, "second batch's gradients");
                double[] inDouble = productInDoubleChunks(a, b, 1);
                for (double x : inDouble) {
                    if (!Double.isFinite(x)) {
                        throw new IllegalArgumentException("the cross Gram matrix of the batches overflows DOUBLE "
                                + "(products of their gradients beyond 1.8e308); scale the losses down");
                    }
                }
                return inDouble;
            }
        }
        return values;
    }

    /** A Bᵀ by one GEMM on the arrays' device, row-major in double. */
    static double[] gemmProduct(INDArray a, INDArray b) {
        int k = (int) a.rows();
        INDArray g = Nd4j.create(a.dataType(), k, k);
        Nd4j.gemm(a, b, g, false, true, 1.0, 0.0);
        return toRowMajor(g, k);
    }

    private static double[] toRowMajor(INDArray g, int k) {
        double[] values = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < k; c++) {
                values[i * k + c] = g.getDouble(i, c);
            }
        }
        return values;
    }

    /**
     * The product {@code factor}² · A Bᵀ in double, by chunks of columns (no K x P temporary); {@code factor} is a
     * power of two.
     */
    private static double[] productInDoubleChunks(INDArray a, INDArray b, double factor) {
        int k = (int) a.rows();
        long p = a.columns();
        double[] total = new double[k * k];
        INDArray g = Nd4j.create(DataType.DOUBLE, k, k);
        for (long start = 0; start < p; start += OVERFLOW_CHUNK_COLUMNS) {
            long end = Math.min(p, start + OVERFLOW_CHUNK_COLUMNS);
            INDArray left = a.get(NDArrayIndex.all(), NDArrayIndex.interval(start, end)).castTo(DataType.DOUBLE);
            if (factor != 1) {
                left = left.dup().muli(factor);
            }
            INDArray right = a == b ? left
                    : b.get(NDArrayIndex.all(), NDArrayIndex.interval(start, end)).castTo(DataType.DOUBLE);
            if (a != b && factor != 1) {
                right = right.dup().muli(factor);
            }
            Nd4j.gemm(left, right, g, false, true, 1.0, 0.0);
            double[] part = toRowMajor(g, k);
            for (int q = 0; q < total.length; q++) {
                total[q] += part[q];
            }
        }
        return total;
    }

    /**
     * @param what names the array in the message ("gradients", "first batch's gradients")
     * @throws IllegalArgumentException naming every task row of J that holds NaN or infinity
     */
    static void requireFiniteRows(INDArray j, String what) {
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < j.rows(); i++) {
            if (countNonFinite(j.getRow(i)) > 0) {
                bad.add(i);
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(what + " must be finite: task rows " + bad
                    + " contain NaN or infinity (K = " + j.rows() + ", P = " + j.columns() + ")");
        }
    }

    /**
     * @throws IllegalArgumentException naming every task row of J that holds NaN or infinity
     */
    static void requireFiniteRows(INDArray j) {
        requireFiniteRows(j, "gradients");
    }

    static long countNonFinite(INDArray array) {
        return Nd4j.getExecutioner().exec(new MatchCondition(array, Conditions.notFinite())).getLong(0);
    }
}
