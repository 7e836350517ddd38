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
 * makes a buffer that a training loop fills step after step with {@link #set(int, INDArray)}, which checks each
 * gradient's length and data type before it writes.
 *
 * <p>A matrix with more tasks than parameters and more than {@link #DEFAULT_MAX_TASKS} tasks is rejected as a
 * transposed J (P x K: one row per parameter); the overloads with a {@code maxTasks} argument raise that limit.
 *
 * <p>Combiners never modify J. A {@code TaskGradients} is a thin view: it is as thread-safe as the array it wraps.
 *
 * @since 0.1.0
 */
public final class TaskGradients {

    /**
     * The largest number of tasks K accepted by default when K is larger than P: more rows than columns and more
     * than this many rows is taken for a transposed J. The overloads with a {@code maxTasks} argument change it.
     */
    public static final int DEFAULT_MAX_TASKS = 4096;

    private final INDArray matrix;

    private TaskGradients(INDArray matrix) {
        this.matrix = matrix;
    }

    /**
     * Wraps a K x P matrix without copying it.
     *
     * @param matrix rank 2, K &ge; 1 rows, P &ge; 1 columns, FLOAT or DOUBLE; not modified
     * @return a view of {@code matrix}
     * @throws IllegalArgumentException for any other array, with its shape and data type in the message, and for
     *                                  a matrix that looks transposed (K &gt; P and K &gt; {@link #DEFAULT_MAX_TASKS})
     */
    public static TaskGradients of(INDArray matrix) {
        return of(matrix, DEFAULT_MAX_TASKS);
    }

    /**
     * Wraps a K x P matrix without copying it, accepting up to {@code maxTasks} tasks when K &gt; P.
     *
     * @param matrix   rank 2, K &ge; 1 rows, P &ge; 1 columns, FLOAT or DOUBLE; not modified
     * @param maxTasks the largest K accepted when K &gt; P, &ge; 1 (K &le; P is always accepted)
     * @return a view of {@code matrix}
     * @throws IllegalArgumentException for any other array, with its shape and data type in the message
     */
    public static TaskGradients of(INDArray matrix, int maxTasks) {
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
        checkNotTransposed(matrix.rows(), matrix.columns(), maxTasks);
        return new TaskGradients(matrix);
    }

    /**
     * Copies K gradient vectors (each of length P, any rank with P elements) into a new K x P matrix.
     *
     * @param rows K &ge; 1 arrays with the same length and the same data type; not modified
     * @return a new K x P matrix
     * @throws IllegalArgumentException for mismatched lengths or types, and for more than
     *                                  {@link #DEFAULT_MAX_TASKS} rows shorter than the number of rows
     */
    public static TaskGradients stack(List<INDArray> rows) {
        return stack(rows, DEFAULT_MAX_TASKS);
    }

    /**
     * Copies K gradient vectors into a new K x P matrix, accepting up to {@code maxTasks} tasks when K &gt; P.
     *
     * @param rows     K &ge; 1 arrays with the same length and the same data type; not modified
     * @param maxTasks the largest K accepted when K &gt; P, &ge; 1
     * @return a new K x P matrix
     * @throws IllegalArgumentException for mismatched lengths or types, naming the rows
     */
    public static TaskGradients stack(List<INDArray> rows, int maxTasks) {
        Checks.notNull(rows, "rows");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("rows must hold at least one task gradient, got 0");
        }
        INDArray first = Checks.notNull(rows.get(0), "rows[0]");
        long p = first.length();
        checkNotTransposed(rows.size(), p, maxTasks);
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
     * Allocates a zeroed K x P buffer (C order); write each task's gradient with {@link #set(int, INDArray)}.
     * Reuse it across steps: allocating a K x P array costs more than combining it.
     *
     * @param numTasks  K &ge; 1
     * @param numParams P &ge; 1
     * @param dataType  FLOAT or DOUBLE
     * @return the buffer, all zeros
     * @throws IllegalArgumentException for other values, and when K &gt; P and K &gt; {@link #DEFAULT_MAX_TASKS}
     *                                  (the arguments look swapped)
     */
    public static TaskGradients allocate(int numTasks, long numParams, DataType dataType) {
        return allocate(numTasks, numParams, dataType, DEFAULT_MAX_TASKS);
    }

    /**
     * Allocates a zeroed K x P buffer, accepting up to {@code maxTasks} tasks when K &gt; P.
     *
     * @param numTasks  K &ge; 1
     * @param numParams P &ge; 1
     * @param dataType  FLOAT or DOUBLE
     * @param maxTasks  the largest K accepted when K &gt; P, &ge; 1
     * @return the buffer, all zeros
     * @throws IllegalArgumentException for other values
     */
    public static TaskGradients allocate(int numTasks, long numParams, DataType dataType, int maxTasks) {
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
        checkNotTransposed(numTasks, numParams, maxTasks);
        return new TaskGradients(Nd4j.create(dataType, new long[] {numTasks, numParams}, 'c'));
    }

    /**
     * Writes task {@code task}'s gradient into row {@code task}, after checking its length and data type.
     * Allocates nothing of size P when {@code gradient} is contiguous.
     *
     * @param task     a task index in [0, K)
     * @param gradient P elements (any shape: [P], [1, P], a parameter array with P elements) of J's data type;
     *                 not modified
     * @return this
     * @throws IllegalArgumentException for an index out of range, a gradient of another length or data type
     *                                  (the message gives both), or null
     */
    public TaskGradients set(int task, INDArray gradient) {
        checkTask(task);
        Checks.notNull(gradient, "gradient");
        long p = numParams();
        if (gradient.length() != p || gradient.isEmpty()) {
            throw new IllegalArgumentException("gradient of task " + task + " must have P = " + p + " elements, got "
                    + gradient.length() + " (shape " + Checks.shape(gradient) + ")");
        }
        if (gradient.dataType() != matrix.dataType()) {
            throw new IllegalArgumentException("gradient of task " + task + " must have J's data type "
                    + matrix.dataType() + ", got " + gradient.dataType() + " (convert it with castTo)");
        }
        INDArray row = matrix.getRow(task);
        row.assign(gradient.rank() == 1 ? gradient : gradient.reshape(p));
        return this;
    }

    /** {@return the wrapped K x P matrix itself (not a copy)} */
    public INDArray matrix() {
        return matrix;
    }

    /**
     * A view of task {@code i}'s gradient (length P); writing to it writes into the matrix. ND4J's own writes
     * ({@code assign}, ...) do not check what they are given: {@link #set(int, INDArray)} does.
     *
     * @param i a task index in [0, K)
     * @return a view of row i
     * @throws IllegalArgumentException for an index out of range
     */
    public INDArray row(int i) {
        checkTask(i);
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
            DirectionKernel.requireFinite(matrix, weights, out);
        }
        return out;
    }

    private void checkTask(int task) {
        if (task < 0 || task >= numTasks()) {
            throw new IllegalArgumentException("task index must be in [0, " + numTasks() + "), got " + task);
        }
    }

    private static void checkNotTransposed(long numTasks, long numParams, int maxTasks) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be >= 1, got " + maxTasks);
        }
        if (numTasks > numParams && numTasks > maxTasks) {
            throw new IllegalArgumentException("J has K = " + numTasks + " rows (tasks) and P = " + numParams
                    + " columns (parameters): more tasks than parameters and more than maxTasks = " + maxTasks
                    + " looks like a transposed J (one row per parameter). Give one row per task, or pass maxTasks >= "
                    + numTasks + " if there really are " + numTasks + " tasks");
        }
    }

    /** {@return K, the number of tasks} */
    public int numTasks() {
        return (int) matrix.rows();
    }

    /** {@return P, the number of shared parameters} */
    public long numParams() {
        return matrix.columns();
    }

    /** {@return FLOAT or DOUBLE} */
    public DataType dataType() {
        return matrix.dataType();
    }

    @Override
    public String toString() {
        return "TaskGradients[K=" + numTasks() + ", P=" + numParams() + ", " + dataType() + "]";
    }
}
