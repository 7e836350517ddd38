package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Dual projection: the preference-weighted combination of the task gradients, projected onto the dual cone of all
 * task gradients {x : J x &ge; 0}, so d conflicts with no task.
 * <pre>
 *   d = π_{J}(Jᵀp) = Jᵀw,   w = argmin_{v &ge; p} vᵀ G v,   p = 1/K by default
 * </pre>
 * Non-conflicting (J d &ge; 0), permutation invariant (with the default preference), scale invariant weights. The
 * projection is that of Gradient Episodic Memory (Lopez-Paz and Ranzato, NeurIPS 2017, Eq. 11); as an aggregator
 * it is studied in Quinton and Rey, "Jacobian Descent for Multi-Objective Optimization", arXiv:2406.16232 (2024).
 *
 * <p>As in TorchJD, G is divided by its trace (or taken as 0 when the trace is below {@code norm_eps}) and
 * {@code reg_eps}·I is added before projecting, so non-conflict holds up to J d &ge; −reg_eps · tr(G) · max w.
 * Options: {@code pref_vector} (K values &ge; 0; default 1/K), {@code norm_eps} (1e-4), {@code reg_eps} (1e-4).
 * TorchJD's {@code DualProj()}: the defaults; {@code DualProj(pref_vector=p)}: {@code pref_vector=p}. LibMTL has
 * no DualProj. The projection is solved by an active-set method ({@link NonNegativeQp}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class DualProj implements GramWeighting {

    /** Registry name. */
    public static final String NAME = "dualproj";
    /** Traces below this are treated as 0 (TorchJD's default). */
    public static final double DEFAULT_NORM_EPS = 1e-4;
    /** Added to the diagonal of the trace-normalised Gramian (TorchJD's default). */
    public static final double DEFAULT_REG_EPS = 1e-4;

    private final double[] preference; // null: 1/K
    private final double normEps;
    private final double regEps;

    /** Preference 1/K, norm_eps = reg_eps = 1e-4 (TorchJD's defaults). */
    public DualProj() {
        this(null, DEFAULT_NORM_EPS, DEFAULT_REG_EPS);
    }

    private DualProj(double[] preference, double normEps, double regEps) {
        this.preference = DualConeProjection.checkedOptions(preference, normEps, regEps);
        this.normEps = normEps;
        this.regEps = regEps;
    }

    /**
     * The same method with another preference vector.
     *
     * @param preference K values &ge; 0, not all 0, or null for 1/K; copied
     * @return a new instance
     */
    public DualProj withPreference(double[] preference) {
        return new DualProj(preference, normEps, regEps);
    }

    /**
     * The same method with another {@code normEps}.
     *
     * @param normEps the threshold below which a gradient norm counts as zero; finite, &ge; 0
     * @return a new instance
     */
    public DualProj withNormEps(double normEps) {
        return new DualProj(preference, normEps, regEps);
    }

    /**
     * The same method with another {@code regEps}.
     *
     * @param regEps the regularisation added to the Gram matrix diagonal before the dual is solved; finite, &ge; 0
     * @return a new instance
     */
    public DualProj withRegEps(double regEps) {
        return new DualProj(preference, normEps, regEps);
    }

    /** {@return a copy of the preference vector, or null for 1/K} */
    public double[] preference() {
        return preference == null ? null : preference.clone();
    }

    /** {@return the threshold below which a gradient norm counts as zero} */
    public double normEps() {
        return normEps;
    }

    /** {@return the regularisation added to the Gram matrix diagonal before the dual is solved} */
    public double regEps() {
        return regEps;
    }

    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        double[] p = DualConeProjection.preferenceFor(preference, k);
        Solution s = new DualConeProjection(gramian, normEps, regEps).project(p);
        return new Weights(s.x(), s.diagnostics("active-set"));
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
        return new CombinerSpec(NAME, "the mean gradient projected onto the dual cone of all gradients",
                Set.of("pref_vector", "norm_eps", "reg_eps"), o -> new GramCombiner(new DualProj(
                        o.getDoubleArray("pref_vector", null),
                        o.getDouble("norm_eps", DEFAULT_NORM_EPS),
                        o.getDouble("reg_eps", DEFAULT_REG_EPS))));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DualProj)) {
            return false;
        }
        DualProj other = (DualProj) o;
        return Arrays.equals(preference, other.preference) && Double.compare(normEps, other.normEps) == 0
                && Double.compare(regEps, other.regEps) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(preference), normEps, regEps);
    }

    @Override
    public String toString() {
        return NAME + "(pref_vector=" + (preference == null ? "1/K" : Arrays.toString(preference)) + ", norm_eps="
                + normEps + ", reg_eps=" + regEps + ")";
    }
}
