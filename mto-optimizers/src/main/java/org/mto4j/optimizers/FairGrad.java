package org.mto4j.optimizers;

import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * FairGrad: the update that maximises α-fair utility of the tasks' improvements, found as a positive fixed point
 * of the Gram matrix.
 * <pre>
 *   find w &gt; 0 with (G w)ᵢ = wᵢ^(−1/α) for every task i,   then d = Σᵢ wᵢ gᵢ
 * </pre>
 * α → 0 approaches linear scalarization (w → 1), α = 1 is proportional fairness (the same fixed point as
 * Nash-MTL, without its norm clipping), α → ∞ max-min fairness (equal improvements gᵢᵀd = 1 for every task). Under J → cJ the weights scale by
 * c^(−2α/(α+1)) and the direction by c^((1−α)/(α+1)); for α = 1 the direction does not depend on the scale of J.
 *
 * <p>Ban &amp; Ji, "Fair Resource Allocation in Multi-Task Learning", ICML 2024 (arXiv:2402.15638).
 *
 * <p>Option: {@code alpha} &gt; 0 (default {@value #DEFAULT_ALPHA}). LibMTL ({@code FairGrad_alpha}) and the
 * authors' code solve the same equation with SciPy's {@code least_squares} from w = 1/K; this class solves it
 * with {@link PositiveFixedPoint} (Newton, residual below 1e-8), so with the same {@code alpha} the results agree
 * up to LibMTL's solver tolerance. TorchJD has no FairGrad. A task with a zero gradient gets weight 0 (LibMTL's
 * solver would push it towards infinity); when no fixed point exists (0 is a non-negative combination of the
 * gradients) the diagnostics report {@code converged = false}, see {@link PositiveFixedPoint}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class FairGrad implements GramWeighting {

    /** Registry name. */
    public static final String NAME = "fairgrad";
    /** The fairness exponent unless the user says otherwise: proportional fairness. */
    public static final double DEFAULT_ALPHA = 1.0;

    private static final FairGrad DEFAULTS = new FairGrad(DEFAULT_ALPHA);

    private final double alpha;

    private FairGrad(double alpha) {
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and > 0, got alpha = " + alpha);
        }
        this.alpha = alpha;
    }

    /** {@return FairGrad with α = {@value #DEFAULT_ALPHA}} */
    public static FairGrad defaults() {
        return DEFAULTS;
    }

    /**
     * The same method with fairness exponent {@code alpha} &gt; 0.
     *
     * @param alpha the fairness exponent α; finite, &gt; 0
     * @return a new instance
     */
    public FairGrad withAlpha(double alpha) {
        return new FairGrad(alpha);
    }

    /** {@return the fairness exponent α} */
    public double alpha() {
        return alpha;
    }

    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        PositiveFixedPoint.Result r = PositiveFixedPoint.solve(gramian.toArray(), alpha, null,
                PositiveFixedPoint.DEFAULT_MAX_ITERATIONS);
        return new Weights(r.alpha(), r.diagnostics());
    }

    @Override
    public String name() {
        return NAME;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "FairGrad: α-fair positive fixed point (G w)ᵢ = wᵢ^(−1/α)", Set.of("alpha"),
                o -> new GramCombiner(DEFAULTS.withAlpha(o.getDouble("alpha", DEFAULT_ALPHA))));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FairGrad && Double.compare(alpha, ((FairGrad) o).alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(alpha);
    }

    @Override
    public String toString() {
        return NAME + "(alpha=" + alpha + ")";
    }
}
