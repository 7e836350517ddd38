package org.mto4j.core;

import java.util.Arrays;
import java.util.List;

/**
 * The K x K Gram matrix G = J Jᵀ of the task gradients, in double, on the host: G_ij = ⟨gᵢ, gⱼ⟩.
 *
 * <p>Every Gram-space method sees J only through G, so its weights are a plain function of K x K doubles.
 * Immutable. The Gram matrix of a column-sharded J is the sum of the shards' Gram matrices
 * ({@link #sum(List)}).
 *
 * @since 0.1.0
 */
public final class Gramian {

    /**
     * Relative asymmetry |G_ij − G_ji| / max(|G_ij| + |G_ji|, √(G_ii G_jj)) above which {@link #of(double[][])}
     * rejects a matrix.
     */
    public static final double SYMMETRY_TOLERANCE = 1e-6;

    private final int size;
    private final double[] values; // row-major, exactly symmetric

    private Gramian(int size, double[] values) {
        this.size = size;
        this.values = values;
    }

    /**
     * A Gram matrix from its entries. Values within {@link #SYMMETRY_TOLERANCE} of symmetric are averaged with
     * their transpose (rounding in a GEMM can break exact symmetry); anything else is rejected.
     *
     * @param matrix K x K, K &ge; 1, finite, symmetric, non-negative diagonal; copied, not modified
     * @return the Gram matrix
     * @throws IllegalArgumentException for a matrix that is not K x K, finite and symmetric within tolerance
     */
    public static Gramian of(double[][] matrix) {
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
            System.arraycopy(matrix[i], 0, values, i * k, k);
        }
        return fromRowMajor(k, values);
    }

    /**
     * The Gram matrix of J by the fast path every Gram method uses: a host kernel on the CPU backend, else one GEMM on
     * J's device; a FLOAT Gram matrix that overflows while J is finite is recomputed in double.
     *
     * @param gradients J, K x P; not modified
     * @return G = J Jᵀ in double
     * @throws IllegalArgumentException naming the task rows that hold NaN or infinity
     */
    public static Gramian compute(TaskGradients gradients) {
        return GramKernel.gramian(Checks.notNull(gradients, "gradients").matrix());
    }

    /**
     * Wraps K x K row-major values (after the same checks as {@link #of(double[][])}); the array is
     * symmetrised in place and then owned by the Gramian.
     */
    static Gramian fromRowMajor(int k, double[] values) {
        for (int i = 0; i < k; i++) {
            double d = values[i * k + i];
            if (!Double.isFinite(d) || d < 0) {
                throw new IllegalArgumentException("matrix diagonal must be finite and >= 0, got G[" + i + "][" + i
                        + "] = " + d);
            }
            for (int j = i + 1; j < k; j++) {
                double a = values[i * k + j];
                double b = values[j * k + i];
                if (!Double.isFinite(a) || !Double.isFinite(b)) {
                    throw new IllegalArgumentException("matrix must be finite, got G[" + i + "][" + j + "] = " + a
                            + " and G[" + j + "][" + i + "] = " + b);
                }
                // Rounding in a GEMM is relative to ‖gᵢ‖‖gⱼ‖ = √(G_ii G_jj), not to G_ij itself: nearly orthogonal
                // gradients in FLOAT give G_ij and G_ji that differ in their leading digits.
                double scale = Math.max(Math.abs(a) + Math.abs(b), Math.sqrt(d * values[j * k + j]));
                if (Math.abs(a - b) > SYMMETRY_TOLERANCE * scale) {
                    throw new IllegalArgumentException("matrix must be symmetric, got G[" + i + "][" + j + "] = " + a
                            + " and G[" + j + "][" + i + "] = " + b);
                }
                double mean = 0.5 * (a + b);
                values[i * k + j] = mean;
                values[j * k + i] = mean;
            }
        }
        return new Gramian(k, values);
    }

    /**
     * The Gram matrix of the whole J from the Gram matrices of its column shards: their element-wise sum.
     *
     * @param parts one or more Gramians of the same size
     * @return their sum
     */
    public static Gramian sum(List<Gramian> parts) {
        Checks.notNull(parts, "parts");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("parts must hold at least one Gramian, got 0");
        }
        int k = Checks.notNull(parts.get(0), "parts[0]").size;
        double[] total = new double[k * k];
        for (int s = 0; s < parts.size(); s++) {
            Gramian part = Checks.notNull(parts.get(s), "parts[" + s + "]");
            if (part.size != k) {
                throw new IllegalArgumentException("parts must all be K x K with the same K: parts[0] is " + k
                        + " x " + k + " and parts[" + s + "] is " + part.size + " x " + part.size);
            }
            for (int q = 0; q < total.length; q++) {
                total[q] += part.values[q];
            }
        }
        return new Gramian(k, total);
    }

    /** {@return K} */
    public int size() {
        return size;
    }

    /**
     * G_ij = ⟨gᵢ, gⱼ⟩.
     *
     * @param i a task index in [0, K)
     * @param j a task index in [0, K)
     * @return the entry
     */
    public double get(int i, int j) {
        return values[i * size + j];
    }

    /**
     * ‖gᵢ‖ = √G_ii.
     *
     * @param i a task index in [0, K)
     * @return the norm of task i's gradient
     */
    public double norm(int i) {
        return Math.sqrt(values[i * size + i]);
    }

    /**
     * cos(gᵢ, gⱼ), or NaN when either gradient is zero (the angle is undefined there).
     *
     * @param i a task index in [0, K)
     * @param j a task index in [0, K)
     * @return the cosine of the angle between the two gradients
     */
    public double cosine(int i, int j) {
        double denominator = norm(i) * norm(j);
        return denominator == 0 ? Double.NaN : get(i, j) / denominator;
    }

    /** {@return the diagonal (squared norms), a new array} */
    public double[] diagonal() {
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            d[i] = values[i * size + i];
        }
        return d;
    }

    /** {@return a new K x K array of the entries} */
    public double[][] toArray() {
        double[][] m = new double[size][];
        for (int i = 0; i < size; i++) {
            m[i] = Arrays.copyOfRange(values, i * size, (i + 1) * size);
        }
        return m;
    }

    /**
     * wᵀ G w = ‖Σ wᵢ gᵢ‖², the squared norm of the direction the weights w give.
     *
     * @param w K weights; not modified
     * @return wᵀ G w
     * @throws IllegalArgumentException if w does not have K values
     */
    public double quadraticForm(double[] w) {
        if (w.length != size) {
            throw new IllegalArgumentException("w must have length K = " + size + ", got " + w.length);
        }
        double total = 0;
        for (int i = 0; i < size; i++) {
            double row = 0;
            for (int j = 0; j < size; j++) {
                row += values[i * size + j] * w[j];
            }
            total += w[i] * row;
        }
        return total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Gramian && Arrays.equals(values, ((Gramian) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Gramian" + Arrays.deepToString(toArray());
    }
}
