package org.mto4j.optimizers;

import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * IMTL-G, the gradient half of Impartial Multi-Task Learning: the combination of the gradients, with weights
 * summing to 1, whose projections onto every task's unit gradient uᵢ = gᵢ/‖gᵢ‖ are equal.
 * <pre>
 *   find d = Σᵢ αᵢ gᵢ,  Σᵢ αᵢ = 1,  with ⟨d, uᵢ⟩ equal for all i
 *   ⟺  G α ∝ n,  nᵢ = ‖gᵢ‖ = √G_ii   ⟹   v = G⁺ n,   α = v / Σᵢ vᵢ
 * </pre>
 * G⁺ is the pseudo-inverse ({@link SymmetricEigen} by Jacobi, eigenvalues below K · ε of the largest dropped, ε the
 * machine epsilon of the gradients' type as in torch's {@code pinv}; see {@link PseudoInverse}), so duplicated or
 * collinear gradients are handled; when Σᵢ vᵢ = 0 (no such combination exists, e.g. g₂ = −g₁, or all gradients
 * are zero) the weights are all 0. TorchJD tests |Σᵢ vᵢ| &lt; 1e-12 in absolute terms, which depends on the scale
 * of J (v scales as 1/c); we test it relative to Σᵢ |vᵢ| ({@link #SUM_TOLERANCE}). The weights are invariant
 * to scaling J and the method is permutation equivariant. O(K³) per step.
 *
 * <p>Liu, Li, Kuang, Xue, Chen, Yang, Liao, Zhang, "Towards Impartial Multi-task Learning", ICLR 2021
 * (no arXiv version).
 *
 * <p>No options. Equals TorchJD's {@code IMTLG}. LibMTL's {@code IMTL} combines this gradient rule with a learned
 * loss scaling (IMTL-L); its gradient part solves the same equations with an ordinary inverse, so it matches here
 * whenever G is invertible and the losses are not rescaled.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class IMTLG implements GramWeighting {

    /** Registry name. */
    public static final String NAME = "imtl-g";
    /** |Σᵢ vᵢ| at or below this fraction of Σᵢ |vᵢ| counts as 0: no impartial combination exists. */
    public static final double SUM_TOLERANCE = 1e-12;

    private static final IMTLG INSTANCE = new IMTLG();

    private IMTLG() {
    }

    /** {@return the single instance} */
    public static IMTLG instance() {
        return INSTANCE;
    }

    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        double[] norms = new double[k];
        for (int i = 0; i < k; i++) {
            norms[i] = gramian.norm(i);
        }
        SymmetricEigen eigen = SymmetricEigen.of(gramian.toArray());
        double[] v = PseudoInverse.times(eigen, norms, PseudoInverse.relativeCutoff(k, gramian.machineEpsilon()));
        double sum = 0;
        double absSum = 0;
        for (double x : v) {
            sum += x;
            absSum += Math.abs(x);
        }
        double[] weights = new double[k];
        if (Math.abs(sum) > SUM_TOLERANCE * absSum) {
            for (int i = 0; i < k; i++) {
                weights[i] = v[i] / sum;
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
        return new CombinerSpec(NAME, "IMTL-G: equal projections onto every task's unit gradient", Set.of(),
                o -> new GramCombiner(INSTANCE));
    }

    @Override
    public String toString() {
        return NAME;
    }
}
