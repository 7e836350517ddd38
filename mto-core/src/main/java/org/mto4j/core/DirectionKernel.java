package org.mto4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** d = Jᵀw with one GEMV into the caller's array, and the checks on that array. */
final class DirectionKernel {

    private DirectionKernel() {
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
        if (HostDirectionKernel.applies(j, out)) {
            return HostDirectionKernel.combineInto(j, w, out);
        }
        int k = w.length;
        long p = j.columns();
        INDArray weights = Nd4j.createFromArray(w).castTo(j.dataType()).reshape(k, 1);
        INDArray column = out.reshape(p, 1);
        // reshape gives a view of contiguous memory and a copy otherwise; a view may wrap the same memory in a
        // new DataBuffer object, so compare where the first elements live, not the objects.
        boolean inPlace = out.elementWiseStride() == 1 && firstElementAddress(column) == firstElementAddress(out);
        INDArray target = inPlace ? column : Nd4j.create(j.dataType(), p, 1);
        Nd4j.gemm(j, weights, target, true, false, 1.0, 0.0);
        if (!inPlace) {
            out.assign(target.reshape(out.shape()));
        }
        return !checkFinite || Double.isFinite(out.sumNumber().doubleValue());
    }

    /** Slow path, only when d may not be finite: names the bad rows of J, or reports an overflow of d. */
    static void requireFinite(INDArray j, INDArray out) {
        GramKernel.requireFiniteRows(j);
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
