package org.mto4j.core;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The K x P matrix J of per-task gradients of the shared parameters: row i is the gradient of task i.
 *
 * <p>K &ge; 1, P &ge; 1, one data type (FLOAT or DOUBLE). {@link #of(INDArray)} wraps a caller's array
 * without copying, {@link #stack(List)} copies K vectors into a new matrix, and {@link #allocate(int, long, DataType)}
 * makes a buffer whose {@link #row(int)} views a training loop writes in place, step after step.
 *
 * <p>Combiners never modify J. A {@code TaskGradients} is a thin view: it is as thread-safe as the array it wraps.
 *
 * @since 0.1.0
 */
public final class TaskGradients {

    private final INDArray matrix;

    private TaskGradients(INDArray matrix) {
        this.matrix = matrix;
    }

    /**
     * Wraps a K x P matrix without copying it.
     *
     * @param matrix rank 2, K &ge; 1 rows, P &ge; 1 columns, FLOAT or DOUBLE; not modified
     * @throws IllegalArgumentException for any other array, with its shape and data type in the message
     */
    public static TaskGradients of(INDArray matrix) {
        Checks.notNull(matrix, "matrix");
        if (matrix.rank() != 2) {
            throw new IllegalArgumentException("matrix must have rank 2 (K tasks x P parameters), got rank "
                    + matrix.rank() + " with shape " + Checks.shape(matrix));
        }
        if (matrix.isEmpty() || matrix.rows() < 1 || matrix.columns() < 1) {
            throw new IllegalArgumentException("matrix must have K >= 1 rows and P >= 1 columns, got shape "
                    + Checks.shape(matrix));
        }
        Checks.floatingPoint(matrix, "matrix");
        return new TaskGradients(matrix);
    }

    /**
     * Copies K gradient vectors (each of length P, any rank with P elements) into a new K x P matrix.
     *
     * @param rows K &ge; 1 arrays with the same length and the same data type; not modified
     */
    public static TaskGradients stack(List<INDArray> rows) {
        Checks.notNull(rows, "rows");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("rows must hold at least one task gradient, got 0");
        }
        INDArray first = Checks.notNull(rows.get(0), "rows[0]");
        long p = first.length();
        DataType type = first.dataType();
        for (int i = 0; i < rows.size(); i++) {
            INDArray row = Checks.notNull(rows.get(i), "rows[" + i + "]");
            if (row.length() != p || row.isEmpty()) {
                throw new IllegalArgumentException("rows must all have the same length P >= 1: rows[0] has "
                        + p + " elements and rows[" + i + "] has " + row.length());
            }
            if (row.dataType() != type) {
                throw new IllegalArgumentException("rows must all have the same data type: rows[0] is "
                        + type + " and rows[" + i + "] is " + row.dataType());
            }
        }
        Checks.floatingPoint(first, "rows[0]");
        INDArray matrix = Nd4j.create(type, rows.size(), p);
        for (int i = 0; i < rows.size(); i++) {
            matrix.getRow(i).assign(rows.get(i).reshape(p));
        }
        return new TaskGradients(matrix);
    }

    /**
     * Allocates a zeroed K x P buffer (C order); write each task's gradient into {@link #row(int)}.
     * Reuse it across steps: allocating a K x P array costs more than combining it.
     */
    public static TaskGradients allocate(int numTasks, long numParams, DataType dataType) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("numTasks must be >= 1, got " + numTasks);
        }
        if (numParams < 1) {
            throw new IllegalArgumentException("numParams must be >= 1, got " + numParams);
        }
        Checks.notNull(dataType, "dataType");
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
        }
        return new TaskGradients(Nd4j.create(dataType, new long[] {numTasks, numParams}, 'c'));
    }

    /** The wrapped K x P matrix itself (not a copy). */
    public INDArray matrix() {
        return matrix;
    }

    /** A view of task {@code i}'s gradient (length P); writing to it writes into the matrix. */
    public INDArray row(int i) {
        if (i < 0 || i >= numTasks()) {
            throw new IllegalArgumentException("row index must be in [0, " + numTasks() + "), got " + i);
        }
        return matrix.getRow(i);
    }

    /**
     * Checks that {@code out} can receive a direction for these gradients, so that a stateful method can reject a bad
     * array before its state moves.
     *
     * @param out the array a direction will be written into
     * @throws IllegalArgumentException if {@code out} is null, not a vector of P elements (shape [P], [1, P] or
     *                                  [P, 1]) or not of J's data type; the message gives the expected and actual
     *                                  shape or type
     */
    public void checkDirection(INDArray out) {
        DirectionKernel.checkOut(this, out);
    }

    /**
     * d = Jᵀw = Σ wᵢ gᵢ, the weighted sum of the task gradients, written into {@code out} by the same kernel as the
     * shared combiners' direction pass (one read of J, nothing of size P allocated when {@code out} is contiguous).
     * For methods that combine J, or a K x P buffer of their own wrapped by {@link #of(INDArray)}, with weights
     * they computed.
     *
     * @param weights K finite weights; not modified
     * @param out     P elements (shape [P], [1, P] or [P, 1]) of J's data type; overwritten
     * @return {@code out}
     * @throws IllegalArgumentException for a wrong number of weights or a non-finite weight, an {@code out} of the
     *                                  wrong length or data type, non-finite rows of J (named in the message), or a
     *                                  direction that overflows J's data type
     */
    public INDArray weightedSumInto(double[] weights, INDArray out) {
        Checks.notNull(weights, "weights");
        if (weights.length != numTasks()) {
            throw new IllegalArgumentException("weights must have one value per task: got " + weights.length
                    + " weights for " + numTasks() + " tasks");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("weights must be finite, got " + weights[i] + " for task " + i);
            }
        }
        DirectionKernel.checkOut(this, out);
        if (!DirectionKernel.combineInto(matrix, weights, out, true)) {
            DirectionKernel.requireFinite(matrix, out);
        }
        return out;
    }

    /** K, the number of tasks. */
    public int numTasks() {
        return (int) matrix.rows();
    }

    /** P, the number of shared parameters. */
    public long numParams() {
        return matrix.columns();
    }

    /** FLOAT or DOUBLE. */
    public DataType dataType() {
        return matrix.dataType();
    }

    @Override
    public String toString() {
        return "TaskGradients[K=" + numTasks() + ", P=" + numParams() + ", " + dataType() + "]";
    }
}
