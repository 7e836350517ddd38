package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * ConFIG (conflict-free inverse gradients): the direction whose cosines with the task gradients are set by a
 * preference vector, scaled by the sum of the gradients' projections onto it.
 * <pre>
 *   U = [u₁ … u_K]ᵀ, uᵢ = gᵢ/‖gᵢ‖,   x = U⁺ p,   ĝ = x/‖x‖,   d = (Σᵢ ⟨gᵢ, ĝ⟩) ĝ
 * </pre>
 * In Gram space, with N = diag(‖gᵢ‖) and the cosine matrix C = N⁻¹ G N⁻¹ = U Uᵀ: U⁺ = Uᵀ C⁺, so
 * x = Jᵀ a with a = N⁻¹ C⁺ p, ‖x‖² = aᵀ G a, and the weights are w = (1ᵀ G a / aᵀ G a) · a. A zero gradient
 * has a zero unit vector (row and column of C zero, aᵢ = 0). C⁺ uses {@link PseudoInverse}'s relative cutoff
 * K · ε (ε the machine epsilon of the gradients' type, as torch's {@code pinv}), and components of p along C's
 * eigenvectors below K · ε · ‖p‖ count as 0; when x = 0 (no direction meets the preferences: exactly opposed
 * gradients, for instance) the weights are 0. The weights are invariant to scaling J, so d is linear under positive
 * scaling; permutation equivariant. O(K³) per step.
 *
 * <p>Liu, Chu, Thuerey, "ConFIG: Towards Conflict-free Training of Physics Informed Neural Networks",
 * arXiv:2408.11104, 2024.
 *
 * <p>Options: {@code pref_vector} (K finite values; default all 1, as in the paper and TorchJD). Equals TorchJD's
 * {@code ConFIG} (which applies its pseudo-inverse to U directly; the two agree except on the treatment of
 * near-zero singular values). LibMTL has no ConFIG.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ConFIG implements GramWeighting {

    /** Registry name. */
    public static final String NAME = "config";
    /** Each task's preference unless the caller sets {@code pref_vector}. */
    public static final double DEFAULT_PREFERENCE = 1.0;

    private static final ConFIG DEFAULTS = new ConFIG(null);

    private final double[] pref; // null: DEFAULT_PREFERENCE for each of the K tasks

    private ConFIG(double[] pref) {
        this.pref = PreferenceVector.checked(pref);
    }

    /** {@return the paper's ConFIG: preference 1 for every task} */
    public static ConFIG defaults() {
        return DEFAULTS;
    }

    /**
     * The same method with another preference vector.
     *
     * @param pref one finite value per task, or null for all {@value #DEFAULT_PREFERENCE}; copied
     * @return a new instance
     */
    public ConFIG withPrefVector(double[] pref) {
        return new ConFIG(pref);
    }

    /** {@return a copy of the preference vector, or null for the default} */
    public double[] prefVector() {
        return pref == null ? null : pref.clone();
    }

    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        double[] p = PreferenceVector.forTasks(pref, k, DEFAULT_PREFERENCE, NAME);
        double[] norms = new double[k];
        for (int i = 0; i < k; i++) {
            norms[i] = gramian.norm(i);
        }
        double[][] cosines = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                cosines[i][j] = norms[i] == 0 || norms[j] == 0 ? 0.0 : gramian.cosine(i, j);
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(cosines);
        // Components of p at rounding level along C's eigenvectors are 0: exactly opposed rows (C = [[1, −1],
        // [−1, 1]], p = (1, 1) orthogonal to its range) must give x = 0, not a unit vector made of rounding.
        double cutoff = PseudoInverse.relativeCutoff(k, gramian.machineEpsilon());
        double[] a = PseudoInverse.times(eigen, p, cutoff, cutoff * Math.sqrt(SmallMatrix.dot(p, p)));
        for (int i = 0; i < k; i++) {
            a[i] = norms[i] == 0 ? 0.0 : a[i] / norms[i];
        }
        double squaredLength = gramian.quadraticForm(a); // ‖x‖²
        double projections = 0; // Σᵢ ⟨gᵢ, x⟩ = 1ᵀ G a
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                projections += gramian.get(i, j) * a[j];
            }
        }
        double[] weights = new double[k];
        if (squaredLength > 0) {
            double factor = projections / squaredLength;
            for (int i = 0; i < k; i++) {
                weights[i] = factor * a[i];
            }
        }
        return new Weights(weights, eigen.diagnostics());
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
        return new CombinerSpec(NAME, "ConFIG: the direction with preferred cosines to every task gradient",
                Set.of("pref_vector"), o -> new GramCombiner(defaults().withPrefVector(o.getDoubleArray("pref_vector", null))));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConFIG && Arrays.equals(pref, ((ConFIG) o).pref);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pref);
    }

    @Override
    public String toString() {
        return NAME + "(pref_vector=" + (pref == null ? "ones" : Arrays.toString(pref)) + ")";
    }
}
