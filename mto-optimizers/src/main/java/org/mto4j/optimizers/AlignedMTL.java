package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Aligned-MTL: makes the task gradients orthogonal and of equal norm (the condition number of the aligned system
 * is 1), then combines them with a preference vector.
 * <pre>
 *   G = V Λ Vᵀ,  keep the r eigenvalues λ₁ ≥ … ≥ λ_r &gt; K · rank_eps · λ₁
 *   B = s · V_r Λ_r^(−1/2) V_rᵀ,   w = B p,   d = Jᵀ w = Ĵᵀ p  with  Ĵ = B J,  Ĵ Ĵᵀ = s² (projector on range G)
 *   s = √λ_r (min) | √(lower median of λ₁..λ_r) (median) | √(mean of λ₁..λ_r) (rmse)
 * </pre>
 * When every eigenvalue is dropped (all gradients zero) the weights are p. The rank tolerance is K · ε · λ₁ with
 * ε the machine epsilon of torch's default type, whatever the input's type: 2⁻²³ in TorchJD (float32), 2⁻⁵² in
 * the recorded LibMTL runs (their default type was float64). Weights are invariant to scaling J; permutation
 * equivariant when p is uniform. O(K³) per step (Jacobi eigendecomposition).
 *
 * <p>Senushkin, Patakin, Kuznetsov, Konushin, "Independent Component Alignment for Multi-Task Learning",
 * CVPR 2023 (arXiv:2305.19000).
 *
 * <p>Options: {@code scale_mode} ({@code min}, {@code median} or {@code rmse}; default min, the paper's
 * Algorithm 1), {@code pref_vector} (K finite values; default 1/K each), {@code rank_eps} (ε of the rank
 * tolerance, in [0, 1); default 2⁻²³).
 * <ul>
 *   <li>TorchJD's {@code AlignedMTL}: the defaults (preference 1/K, scale min, rank_eps 2⁻²³).</li>
 *   <li>LibMTL's {@code Aligned_MTL}: {@code pref_vector} all 1 (K times TorchJD's direction), scale min,
 *   {@code rank_eps} 2⁻⁵² as recorded (torch's default type float64), 2⁻²³ under float32.</li>
 * </ul>
 * With rank_eps 2⁻²³ on DOUBLE gradients, directions along which J's singular values fall below
 * √(K · 2⁻²³) ≈ 3.5e-4 √K of the largest are dropped: nearly parallel gradients, or norms of 1e-3 next to 1e3.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AlignedMTL implements GramWeighting {

    /** Registry name. */
    public static final String NAME = "aligned-mtl";
    /** The paper's Algorithm 1 scales by the smallest singular value. */
    public static final ScaleMode DEFAULT_SCALE_MODE = ScaleMode.MIN;
    /** TorchJD's rank tolerance: K · 2⁻²³ · λ₁ (torch.finfo() of the default type float32). */
    public static final double DEFAULT_RANK_EPS = 0x1p-23;

    /** How the aligned gradients' common norm s is chosen from the kept singular values √λ. */
    public enum ScaleMode {
        /** The smallest kept singular value (the paper's Algorithm 1, LibMTL, TorchJD). */
        MIN,
        /** The lower median of the kept singular values (as torch.median). */
        MEDIAN,
        /** The root mean square of the kept singular values. */
        RMSE
    }

    private static final AlignedMTL DEFAULTS = new AlignedMTL(DEFAULT_SCALE_MODE, null, DEFAULT_RANK_EPS);

    private final ScaleMode scaleMode;
    private final double[] pref; // null: 1/K for each task
    private final double rankEps;

    private AlignedMTL(ScaleMode scaleMode, double[] pref, double rankEps) {
        if (scaleMode == null) {
            throw new IllegalArgumentException("scale_mode must not be null");
        }
        if (!(rankEps >= 0 && rankEps < 1)) {
            throw new IllegalArgumentException("rank_eps must be in [0, 1), got rank_eps = " + rankEps);
        }
        this.scaleMode = scaleMode;
        this.pref = PreferenceVector.checked(pref);
        this.rankEps = rankEps;
    }

    /** {@return TorchJD's Aligned-MTL: preference 1/K, scale min} */
    public static AlignedMTL defaults() {
        return DEFAULTS;
    }

    /**
     * LibMTL's Aligned-MTL for K tasks, as recorded: preference 1 each, rank_eps 2⁻⁵².
     *
     * @param numTasks K &ge; 1
     * @return the method with preference vector (1, ..., 1) and rank_eps 2⁻⁵²
     */
    public static AlignedMTL libMtl(int numTasks) {
        double[] ones = new double[numTasks];
        Arrays.fill(ones, 1.0);
        return DEFAULTS.withPrefVector(ones).withRankEps(0x1p-52);
    }

    /**
     * The same method with another {@code scaleMode}.
     *
     * @param scaleMode how the aligned gradients' common norm is chosen from the kept singular values; not null
     * @return a new instance
     */
    public AlignedMTL withScaleMode(ScaleMode scaleMode) {
        return new AlignedMTL(scaleMode, pref, rankEps);
    }

    /**
     * The same method with another preference vector.
     *
     * @param pref one finite value per task, or null for 1/K each; copied
     * @return a new instance
     */
    public AlignedMTL withPrefVector(double[] pref) {
        return new AlignedMTL(scaleMode, pref, rankEps);
    }

    /**
     * The same method with another rank tolerance.
     *
     * @param rankEps ε of the rank tolerance K · ε · λ₁, in [0, 1)
     * @return a new instance
     */
    public AlignedMTL withRankEps(double rankEps) {
        return new AlignedMTL(scaleMode, pref, rankEps);
    }

    /** {@return ε of the rank tolerance K · ε · λ₁} */
    public double rankEps() {
        return rankEps;
    }

    /** {@return how the aligned gradients' common norm is chosen from the kept singular values} */
    public ScaleMode scaleMode() {
        return scaleMode;
    }

    /** {@return a copy of the preference vector, or null for the default 1/K} */
    public double[] prefVector() {
        return pref == null ? null : pref.clone();
    }

    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        double[] p = PreferenceVector.forTasks(pref, k, 1.0 / k, NAME);
        SymmetricEigen eigen = SymmetricEigen.of(gramian.toArray());
        double threshold = PseudoInverse.relativeCutoff(k, rankEps) * eigen.value(0);
        int rank = 0;
        while (rank < k && eigen.value(rank) > threshold) {
            rank++;
        }
        if (rank == 0) {
            return new Weights(p, eigen.diagnostics());
        }
        double scale = Math.sqrt(scaleSquared(eigen, rank));
        double[] weights = new double[k];
        for (int c = 0; c < rank; c++) {
            double projection = 0;
            for (int r = 0; r < k; r++) {
                projection += eigen.vector(r, c) * p[r];
            }
            double coefficient = scale * projection / Math.sqrt(eigen.value(c));
            for (int r = 0; r < k; r++) {
                weights[r] += coefficient * eigen.vector(r, c);
            }
        }
        return new Weights(weights, eigen.diagnostics());
    }

    /** s² from the kept eigenvalues λ₀ ≥ … ≥ λ_(rank−1). */
    private double scaleSquared(SymmetricEigen eigen, int rank) {
        switch (scaleMode) {
            case MIN:
                return eigen.value(rank - 1);
            case MEDIAN:
                // The lower median: ascending index (rank − 1) / 2, i.e. descending index rank − 1 − (rank − 1) / 2.
                return eigen.value(rank - 1 - (rank - 1) / 2);
            case RMSE:
                double sum = 0;
                for (int c = 0; c < rank; c++) {
                    sum += eigen.value(c);
                }
                return sum / rank;
            default:
                throw new AssertionError(scaleMode);
        }
    }

    /** The weights depend on G only through ratios of its entries. */
    @Override
    public boolean isScaleInvariant() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "Aligned-MTL: align the gradients to an orthogonal, equal-norm system",
                Set.of("scale_mode", "pref_vector", "rank_eps"),
                o -> new GramCombiner(defaults()
                        .withScaleMode(o.getEnum("scale_mode", ScaleMode.class, DEFAULT_SCALE_MODE))
                        .withPrefVector(o.getDoubleArray("pref_vector", null))
                        .withRankEps(o.getDouble("rank_eps", DEFAULT_RANK_EPS))));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AlignedMTL)) {
            return false;
        }
        AlignedMTL other = (AlignedMTL) o;
        return scaleMode == other.scaleMode && Arrays.equals(pref, other.pref)
                && Double.compare(rankEps, other.rankEps) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scaleMode, Arrays.hashCode(pref), rankEps);
    }

    @Override
    public String toString() {
        return NAME + "(scale_mode=" + scaleMode.name().toLowerCase(Locale.ROOT) + ", pref_vector="
                + (pref == null ? "1/K" : Arrays.toString(pref)) + ", rank_eps=" + rankEps + ")";
    }
}
