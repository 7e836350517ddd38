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

    /** Columns per chunk when a FLOAT Gram matrix overflowed and is recomputed in double. */
    static final int OVERFLOW_CHUNK_COLUMNS = 1 << 16;

    private GramKernel() {
    }

    static Gramian gramian(INDArray j) {
        int k = (int) j.rows();
        double[] values = HostGramKernel.applies(j) ? HostGramKernel.gram(j) : gemmProduct(j, j);
        if (!diagonalFinite(values, k)) {
            requireFiniteRows(j, "gradients");
            // Every row is finite: the squared norm of some row overflowed FLOAT. Recompute in double, chunk by
            // chunk, so no K x P temporary is made.
            values = productInDoubleChunks(j, j);
        }
        return Gramian.fromRowMajor(k, values);
    }

    /**
     * C = A Bᵀ of two K x P matrices (the cross Gram matrix of two batches), row-major, in double: one GEMM, and
     * when a FLOAT product overflows while A and B are finite, a recomputation in double.
     *
     * @throws IllegalArgumentException naming the rows of A or B that hold NaN or infinity
     */
    static double[] crossProduct(INDArray a, INDArray b) {
        double[] values = gemmProduct(a, b);
        for (double v : values) {
            if (!Double.isFinite(v)) {
                requireFiniteRows(a, "first batch's gradients");
                requireFiniteRows(b, "second batch's gradients");
                return productInDoubleChunks(a, b);
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

    private static boolean diagonalFinite(double[] values, int k) {
        for (int i = 0; i < k; i++) {
            if (!Double.isFinite(values[i * k + i])) {
                return false;
            }
        }
        return true;
    }

    private static double[] productInDoubleChunks(INDArray a, INDArray b) {
        int k = (int) a.rows();
        long p = a.columns();
        double[] total = new double[k * k];
        INDArray g = Nd4j.create(DataType.DOUBLE, k, k);
        for (long start = 0; start < p; start += OVERFLOW_CHUNK_COLUMNS) {
            long end = Math.min(p, start + OVERFLOW_CHUNK_COLUMNS);
            INDArray left = a.get(NDArrayIndex.all(), NDArrayIndex.interval(start, end)).castTo(DataType.DOUBLE);
            INDArray right = a == b ? left
                    : b.get(NDArrayIndex.all(), NDArrayIndex.interval(start, end)).castTo(DataType.DOUBLE);
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
