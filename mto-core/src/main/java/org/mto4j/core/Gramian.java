package org.mto4j.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The K x K Gram matrix G = J Jᵀ of the task gradients, in double, on the host: G_ij = ⟨gᵢ, gⱼ⟩.
 *
 * <p>Every Gram-space method sees J only through G, so its weights are a plain function of K x K doubles.
 * Immutable. The Gram matrix of a column-sharded J is the sum of the shards' Gram matrices
 * ({@link #sum(List)}).
 *
 * <p><b>Precision of the gradients.</b> {@link #machineEpsilon()} is the machine epsilon of the gradients' data
 * type (2⁻²³ for FLOAT, 2⁻⁵² for DOUBLE): methods that cut off tiny eigenvalues (pseudo-inverses) do so relative
 * to it, as torch does for its input's type.
 *
 * <p><b>Gradients beyond double's squared range.</b> When a squared norm ‖gᵢ‖² of finite DOUBLE gradients exceeds
 * {@link Double#MAX_VALUE} (|gᵢ| above about 1e154), G itself cannot be held. The Gramian then holds the Gram
 * matrix of J / s for a power of two s, {@link #scale()} returns s, and G = s² {@link #unitScale()}: entries
 * {@link #get} may be infinite, while {@link #cosine}, {@link #directionNorm} and the unit-scale Gramian stay
 * exact. Methods whose weights do not change when J is scaled run on {@link #unitScale()}
 * ({@link GramWeighting#isScaleInvariant()}); {@link GramCombiner} refuses the others with an error that names the
 * rows.
 *
 * @since 0.1.0
 */
public final class Gramian {

    /**
     * Relative asymmetry |G_ij − G_ji| / max(|G_ij| + |G_ji|, √(G_ii G_jj)) above which {@link #of(double[][])}
     * rejects a matrix.
     */
    public static final double SYMMETRY_TOLERANCE = 1e-6;
    /** Machine epsilon of DOUBLE gradients, 2⁻⁵² (torch.finfo(torch.float64).eps). */
    public static final double DOUBLE_EPSILON = 0x1p-52;
    /** Machine epsilon of FLOAT gradients, 2⁻²³ (torch.finfo(torch.float32).eps). */
    public static final double FLOAT_EPSILON = 0x1p-23;

    private final int size;
    private final double[] values; // row-major, exactly symmetric: the Gram matrix of J / scale
    private final double scale; // a power of two; 1 unless G overflows (> 1) or DOUBLE squares are subnormal (< 1)
    private final double machineEpsilon;

    private Gramian(int size, double[] values, double scale, double machineEpsilon) {
        this.size = size;
        this.values = values;
        this.scale = scale;
        this.machineEpsilon = machineEpsilon;
    }

    /**
     * A Gram matrix from its entries, of DOUBLE gradients. Values within {@link #SYMMETRY_TOLERANCE} of symmetric
     * are averaged with their transpose (rounding in a GEMM can break exact symmetry); anything else is rejected.
     *
     * @param matrix K x K, K &ge; 1, finite, symmetric, non-negative diagonal; copied, not modified
     * @return the Gram matrix
     * @throws IllegalArgumentException for a matrix that is not K x K, finite and symmetric within tolerance
     */
    public static Gramian of(double[][] matrix) {
        return of(matrix, DOUBLE_EPSILON);
    }

    /**
     * {@link #of(double[][])} for gradients of another precision.
     *
     * @param matrix         K x K, K &ge; 1, finite, symmetric, non-negative diagonal; copied, not modified
     * @param machineEpsilon the machine epsilon of the gradients' type, {@link #FLOAT_EPSILON} or
     *                       {@link #DOUBLE_EPSILON}
     * @return the Gram matrix
     * @throws IllegalArgumentException for a matrix that is not K x K, finite and symmetric within tolerance, or
     *                                  another machine epsilon
     */
    public static Gramian of(double[][] matrix, double machineEpsilon) {
        Checks.notNull(matrix, "matrix");
        if (machineEpsilon != FLOAT_EPSILON && machineEpsilon != DOUBLE_EPSILON) {
            throw new IllegalArgumentException("machineEpsilon must be FLOAT_EPSILON (2^-23) or DOUBLE_EPSILON "
                    + "(2^-52), got " + machineEpsilon);
        }
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
        return fromRowMajor(k, values, 1.0, machineEpsilon, true);
    }

    /**
     * The Gram matrix of J by the fast path every Gram method uses: a host kernel on the CPU backend, else one GEMM on
     * J's device; a FLOAT Gram matrix that overflows (or falls into FLOAT's subnormal range) while J is finite is
     * recomputed in double. Every entry of the result is G's own ({@link #get} is finite; for tiny DOUBLE gradients
     * the matrix may be held at a {@link #scale()} below 1, for accuracy).
     *
     * @param gradients J, K x P; not modified
     * @return G = J Jᵀ in double
     * @throws IllegalArgumentException naming the task rows that hold NaN or infinity, or the rows whose squared
     *                                  norms overflow DOUBLE
     */
    public static Gramian compute(TaskGradients gradients) {
        Gramian g = GramKernel.gramian(Checks.notNull(gradients, "gradients").matrix());
        List<Integer> rows = g.overflowingRows();
        if (!rows.isEmpty()) {
            throw new IllegalArgumentException("the squared norms of task rows " + rows + " overflow DOUBLE (largest "
                    + "norm " + g.norm(rows.get(0)) + "); scale the losses down");
        }
        return g;
    }

    /** The rows whose squared norms G_ii exceed double's range (only where {@link #scale()} &gt; 1). */
    List<Integer> overflowingRows() {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (!Double.isFinite(get(i, i))) {
                rows.add(i);
            }
        }
        return rows;
    }

    /**
     * Wraps the K x K row-major Gram matrix of J / scale (after the same checks as {@link #of(double[][])}, the
     * symmetry check only when {@code checkSymmetry}: a Gram matrix the kernels computed is symmetric up to their
     * rounding, whatever it is); the array is symmetrised in place and then owned by the Gramian.
     */
    static Gramian fromRowMajor(int k, double[] values, double scale, double machineEpsilon, boolean checkSymmetry) {
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
                double magnitude = Math.max(Math.abs(a) + Math.abs(b), Math.sqrt(d * values[j * k + j]));
                if (checkSymmetry && Math.abs(a - b) > SYMMETRY_TOLERANCE * magnitude) {
                    throw new IllegalArgumentException("matrix must be symmetric, got G[" + i + "][" + j + "] = " + a
                            + " and G[" + j + "][" + i + "] = " + b);
                }
                double mean = 0.5 * (a + b);
                values[i * k + j] = mean;
                values[j * k + i] = mean;
            }
        }
        return new Gramian(k, values, scale, machineEpsilon);
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
        double scale = 0;
        double epsilon = 0;
        for (int s = 0; s < parts.size(); s++) {
            Gramian part = Checks.notNull(parts.get(s), "parts[" + s + "]");
            if (part.size != k) {
                throw new IllegalArgumentException("parts must all be K x K with the same K: parts[0] is " + k
                        + " x " + k + " and parts[" + s + "] is " + part.size + " x " + part.size);
            }
            scale = Math.max(scale, part.scale);
            epsilon = Math.max(epsilon, part.machineEpsilon);
        }
        double[] total = sum(parts, scale, k);
        if (!diagonalFinite(k, total)) {
            // The shards' sum overflows although each shard's Gram matrix fits: hold it at a larger scale.
            scale *= 0x1p512;
            total = sum(parts, scale, k);
        }
        return new Gramian(k, total, scale, epsilon);
    }

    /** Σ parts at a common scale (each part's values times (its scale / scale)², a power of two). */
    private static double[] sum(List<Gramian> parts, double scale, int k) {
        double[] total = new double[k * k];
        for (Gramian part : parts) {
            double factor = (part.scale / scale) * (part.scale / scale);
            for (int q = 0; q < total.length; q++) {
                total[q] += factor * part.values[q];
            }
        }
        return total;
    }

    /** True when every diagonal entry of the row-major K x K {@code values} is finite. */
    static boolean diagonalFinite(int k, double[] values) {
        for (int i = 0; i < k; i++) {
            if (!Double.isFinite(values[i * k + i])) {
                return false;
            }
        }
        return true;
    }

    /** {@return K} */
    public int size() {
        return size;
    }

    /**
     * G_ij = ⟨gᵢ, gⱼ⟩ (infinite where it exceeds double's range, see {@link #scale()}).
     *
     * @param i a task index in [0, K)
     * @param j a task index in [0, K)
     * @return the entry
     */
    public double get(int i, int j) {
        return scale * scale * values[i * size + j];
    }

    /**
     * ‖gᵢ‖ = √G_ii.
     *
     * @param i a task index in [0, K)
     * @return the norm of task i's gradient
     */
    public double norm(int i) {
        return scale * Math.sqrt(values[i * size + i]);
    }

    /**
     * cos(gᵢ, gⱼ), or NaN when either gradient is zero (the angle is undefined there).
     *
     * @param i a task index in [0, K)
     * @param j a task index in [0, K)
     * @return the cosine of the angle between the two gradients
     */
    public double cosine(int i, int j) {
        double denominator = Math.sqrt(values[i * size + i]) * Math.sqrt(values[j * size + j]);
        return denominator == 0 ? Double.NaN : values[i * size + j] / denominator;
    }

    /** {@return the diagonal (squared norms), a new array} */
    public double[] diagonal() {
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            d[i] = get(i, i);
        }
        return d;
    }

    /** {@return a new K x K array of the entries} */
    public double[][] toArray() {
        double[][] m = new double[size][size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                m[i][j] = get(i, j);
            }
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
        return scale * scale * unitQuadraticForm(w, 1, 1);
    }

    /**
     * {@return ‖Σ wᵢ gᵢ‖ = √(wᵀGw), without overflow where G itself overflows (see {@link #scale()})}
     *
     * @param w K weights; not modified
     * @throws IllegalArgumentException if w does not have K values
     */
    public double directionNorm(double[] w) {
        // Weights and entries are brought near 1 by powers of two first, so that wᵀGw neither overflows nor
        // underflows where the norm itself is representable (weights of 1e159 on rows of 1e-160, say).
        double largestWeight = 0;
        for (double x : w) {
            largestWeight = Math.max(largestWeight, Math.abs(x));
        }
        double largestEntry = 0;
        for (double v : values) {
            largestEntry = Math.max(largestEntry, Math.abs(v));
        }
        if (largestWeight == 0 || largestEntry == 0 || !Double.isFinite(largestWeight)) {
            return scale * Math.sqrt(Math.max(0.0, unitQuadraticForm(w, 1, 1)));
        }
        int weightExponent = Math.getExponent(largestWeight);
        int entryExponent = Math.getExponent(largestEntry) & ~1; // even: its square root is exact
        double form = unitQuadraticForm(w, Math.scalb(1.0, -weightExponent), Math.scalb(1.0, -entryExponent));
        return Math.scalb(scale * Math.sqrt(Math.max(0.0, form)), weightExponent + entryExponent / 2);
    }

    /** (aw)ᵀ (bG) (aw) for the powers of two a and b. */
    private double unitQuadraticForm(double[] w, double a, double b) {
        if (w.length != size) {
            throw new IllegalArgumentException("w must have length K = " + size + ", got " + w.length);
        }
        double total = 0;
        for (int i = 0; i < size; i++) {
            double row = 0;
            for (int j = 0; j < size; j++) {
                row += b * values[i * size + j] * (a * w[j]);
            }
            total += a * w[i] * row;
        }
        return total;
    }

    /**
     * {@return the power of two s such that this Gramian holds the Gram matrix of J / s: 1, unless a squared norm of
     * the gradients exceeds {@link Double#MAX_VALUE} (s &gt; 1) or DOUBLE gradients are so small that their squares
     * are subnormal (s &lt; 1)}
     */
    public double scale() {
        return scale;
    }

    /** {@return the Gram matrix of J / {@link #scale()} (this Gramian itself when the scale is 1)} */
    public Gramian unitScale() {
        return scale == 1 ? this : new Gramian(size, values, 1.0, machineEpsilon);
    }

    /** {@return the machine epsilon of the gradients' data type: {@link #FLOAT_EPSILON} or {@link #DOUBLE_EPSILON}} */
    public double machineEpsilon() {
        return machineEpsilon;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Gramian)) {
            return false;
        }
        Gramian other = (Gramian) o;
        return scale == other.scale && machineEpsilon == other.machineEpsilon && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + Double.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Gramian" + Arrays.deepToString(toArray()) + (scale == 1 ? "" : " (scale " + scale + ")")
                + (machineEpsilon == FLOAT_EPSILON ? " of FLOAT gradients" : "");
    }
}
