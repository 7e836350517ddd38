package org.mto4j.core;

import java.util.Arrays;
import java.util.List;

/**
 * The K x K cross Gram matrix C = J₁ J₂ᵀ of the task gradients of two independent batches, in double, on the host:
 * C_ij = ⟨gᵢ⁽¹⁾, gⱼ⁽²⁾⟩.
 *
 * <p>Double-sampling methods (MoDo, SDMGrad) take their weights from C, which is an unbiased estimate of the Gram
 * matrix of the true gradients where J Jᵀ of one batch is not. C is in general neither symmetric nor positive
 * semi-definite, and its diagonal may be negative. Immutable. The cross Gram matrix of column-sharded batches is the
 * sum of the shards' ({@link #sum(List)}).
 *
 * @since 0.1.0
 */
public final class CrossGramian {

    private final int size;
    private final double[] values; // row-major

    private CrossGramian(int size, double[] values) {
        this.size = size;
        this.values = values;
    }

    /**
     * A cross Gram matrix from its entries.
     *
     * @param matrix K x K, K &ge; 1, finite; copied, not modified
     * @return the cross Gram matrix
     * @throws IllegalArgumentException for a matrix that is empty, not square or not finite
     */
    public static CrossGramian of(double[][] matrix) {
        Checks.notNull(matrix, "matrix");
        int k = matrix.length;
        if (k == 0) {
            throw new IllegalArgumentException("matrix must be K x K with K >= 1, got 0 rows");
        }
        double[] values = new double[k * k];
        for (int i = 0; i < k; i++) {
            Checks.notNull(matrix[i], "matrix[" + i + "]");
            if (matrix[i].length != k) {
                throw new IllegalArgumentException("matrix must be square: it has " + k + " rows and row " + i
                        + " has " + matrix[i].length + " columns");
            }
            for (int j = 0; j < k; j++) {
                if (!Double.isFinite(matrix[i][j])) {
                    throw new IllegalArgumentException("matrix must be finite, got C[" + i + "][" + j + "] = "
                            + matrix[i][j]);
                }
            }
            System.arraycopy(matrix[i], 0, values, i * k, k);
        }
        return new CrossGramian(k, values);
    }

    /**
     * C = J₁ J₂ᵀ by one GEMM on the batches' device; a FLOAT product that overflows while the batches are finite is
     * recomputed in double.
     *
     * @param first  J₁, K x P; not modified
     * @param second J₂, K x P, same data type; not modified
     * @return the cross Gram matrix
     * @throws IllegalArgumentException for batches of different shapes or data types, or NaN or infinity in either
     *                                  (the message names the batch and the task rows)
     */
    public static CrossGramian compute(TaskGradients first, TaskGradients second) {
        requireSameShape(first, "first", second, "second");
        int k = first.numTasks();
        return new CrossGramian(k, GramKernel.crossProduct(first.matrix(), second.matrix()));
    }

    /**
     * The cross Gram matrix of a batch with itself: its Gram matrix, when only one batch is at hand.
     *
     * @param gramian G = J Jᵀ
     * @return C = G
     */
    public static CrossGramian fromGramian(Gramian gramian) {
        Checks.notNull(gramian, "gramian");
        int k = gramian.size();
        double[] values = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                values[i * k + j] = gramian.get(i, j);
            }
        }
        return new CrossGramian(k, values);
    }

    /**
     * The cross Gram matrix of whole batches from those of their column shards: the element-wise sum.
     *
     * @param parts one or more cross Gram matrices of the same size
     * @return their sum
     * @throws IllegalArgumentException for an empty list or parts of different sizes
     */
    public static CrossGramian sum(List<CrossGramian> parts) {
        Checks.notNull(parts, "parts");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("parts must hold at least one CrossGramian, got 0");
        }
        int k = Checks.notNull(parts.get(0), "parts[0]").size;
        double[] total = new double[k * k];
        for (int s = 0; s < parts.size(); s++) {
            CrossGramian part = Checks.notNull(parts.get(s), "parts[" + s + "]");
            if (part.size != k) {
                throw new IllegalArgumentException("parts must all be K x K with the same K: parts[0] is " + k
                        + " x " + k + " and parts[" + s + "] is " + part.size + " x " + part.size);
            }
            for (int q = 0; q < total.length; q++) {
                total[q] += part.values[q];
            }
        }
        return new CrossGramian(k, total);
    }

    /** Checks that two batches of task gradients can be paired: same K, P and data type. */
    static void requireSameShape(TaskGradients a, String aName, TaskGradients b, String bName) {
        Checks.notNull(a, aName);
        Checks.notNull(b, bName);
        if (a.numTasks() != b.numTasks() || a.numParams() != b.numParams() || a.dataType() != b.dataType()) {
            throw new IllegalArgumentException(aName + " and " + bName + " batches must have the same K, P and data"
                    + " type: " + aName + " is " + a + ", " + bName + " is " + b);
        }
    }

    /**
     * K.
     *
     * @return the number of tasks
     */
    public int size() {
        return size;
    }

    /**
     * One entry.
     *
     * @param i row: task of the first batch
     * @param j column: task of the second batch
     * @return C_ij = ⟨gᵢ⁽¹⁾, gⱼ⁽²⁾⟩
     */
    public double get(int i, int j) {
        return values[i * size + j];
    }

    /**
     * The diagonal ⟨gᵢ⁽¹⁾, gᵢ⁽²⁾⟩, which may be negative.
     *
     * @return a new array of K values
     */
    public double[] diagonal() {
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            d[i] = values[i * size + i];
        }
        return d;
    }

    /**
     * The matrix-vector product C x.
     *
     * @param x K values; not modified
     * @return a new array of K values
     * @throws IllegalArgumentException if x does not have K values
     */
    public double[] multiply(double[] x) {
        Checks.notNull(x, "x");
        if (x.length != size) {
            throw new IllegalArgumentException("x must have length K = " + size + ", got " + x.length);
        }
        double[] y = new double[size];
        for (int i = 0; i < size; i++) {
            double s = 0;
            for (int j = 0; j < size; j++) {
                s += values[i * size + j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    /**
     * The entries.
     *
     * @return a new K x K array
     */
    public double[][] toArray() {
        double[][] m = new double[size][];
        for (int i = 0; i < size; i++) {
            m[i] = Arrays.copyOfRange(values, i * size, (i + 1) * size);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CrossGramian && Arrays.equals(values, ((CrossGramian) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "CrossGramian" + Arrays.deepToString(toArray());
    }
}
