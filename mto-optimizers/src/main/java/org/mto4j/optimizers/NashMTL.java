package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Diagnostics;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Nash-MTL: the Nash bargaining solution among the tasks, found as a positive fixed point of the Gram matrix,
 * with the direction's norm clipped.
 * <pre>
 *   every {@code update_weights_every} steps:  find α &gt; 0 with α ∘ (G α) = 1   (i.e. (Gα)ᵢ = 1/αᵢ)
 *   otherwise:                                 reuse the last α
 *   w = α · min(1, max_norm / ‖Jᵀα‖),   d = Σᵢ wᵢ gᵢ        (no clipping when max_norm = 0)
 * </pre>
 * The fixed point is FairGrad's with α = 1. Its direction does not depend on the scale of J (α scales by 1/c when
 * J does by c), so the clipping sets the step size.
 *
 * <p>Navon, Shamsian, Achituve, Maron, Kawaguchi, Chechik, Fetaya, "Multi-Task Learning as a Bargaining Game",
 * ICML 2022 (arXiv:2202.01017).
 *
 * <p>Options (names and defaults as in the paper's code, LibMTL and TorchJD, which agree):
 * {@code max_norm} &ge; 0 (default {@value #DEFAULT_MAX_NORM}; 0 turns clipping off), {@code update_weights_every}
 * &ge; 1 (default {@value #DEFAULT_UPDATE_WEIGHTS_EVERY}), {@code optim_niter} &ge; 1 (default
 * {@value #DEFAULT_OPTIM_NITER}). LibMTL clips the shared parameters' gradient with {@code clip_grad_norm_} and
 * TorchJD rescales the weights; both clip ‖d‖ to {@code max_norm}, as we do, so the defaults reproduce both.
 *
 * <p><b>Solver and {@code optim_niter}.</b> The reference implementations run at most {@code optim_niter}
 * convex-concave iterations, each a convex program solved by ECOS, warm-started from the previous α (ones at the
 * first step), and stop early once ‖Ĝα − 1/α‖ &lt; 1e-3 for Ĝ = G/‖G‖_F. Every iteration moves towards the same
 * unique fixed point. We compute that fixed point directly with {@link PositiveFixedPoint} (Newton,
 * warm-started from the previous α like the references), and {@code optim_niter} is its iteration budget; Newton
 * needs 5 to 10 iterations, so the default budget reaches the fixed point to a residual of 1e-8 where the
 * references stop at their 1e-3 tolerance: outputs agree with theirs to about that tolerance, not bit for bit.
 * A budget that runs out is reported in the diagnostics ({@code converged = false}), never hidden.
 *
 * <p>Degenerate inputs: a task with a zero gradient gets weight 0 (the references' convex program is infeasible
 * there and they keep the previous α); when no fixed point exists, see {@link PositiveFixedPoint}.
 *
 * <p>Stateful (the step counter and the last α), not thread-safe; {@link #copy()} gives the same configuration
 * with fresh state.
 *
 * @since 0.1.0
 */
public final class NashMTL implements GramWeighting {

    /** Registry name. */
    public static final String NAME = "nash-mtl";
    /** Largest norm of the direction unless the user says otherwise (0 means no clipping). */
    public static final double DEFAULT_MAX_NORM = 1.0;
    /** Steps between two solves unless the user says otherwise. */
    public static final int DEFAULT_UPDATE_WEIGHTS_EVERY = 1;
    /** Solver iterations per solve unless the user says otherwise. */
    public static final int DEFAULT_OPTIM_NITER = 20;
    /** Solver name in the diagnostics of a step that reuses the last α. */
    public static final String REUSED = "reused-previous-weights";

    private static final String STEP = "step";
    private static final String ALPHA = "alpha";

    private final double maxNorm;
    private final int updateWeightsEvery;
    private final int optimNiter;

    private long step;
    private double[] alpha; // the last solved α, before clipping; null before the first solve

    private NashMTL(double maxNorm, int updateWeightsEvery, int optimNiter) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("max_norm must be >= 0 (0: no clipping), got max_norm = " + maxNorm);
        }
        if (updateWeightsEvery < 1) {
            throw new IllegalArgumentException("update_weights_every must be >= 1, got update_weights_every = "
                    + updateWeightsEvery);
        }
        if (optimNiter < 1) {
            throw new IllegalArgumentException("optim_niter must be >= 1, got optim_niter = " + optimNiter);
        }
        this.maxNorm = maxNorm;
        this.updateWeightsEvery = updateWeightsEvery;
        this.optimNiter = optimNiter;
    }

    /** {@return Nash-MTL with the defaults of the paper's code, LibMTL and TorchJD} */
    public static NashMTL defaults() {
        return new NashMTL(DEFAULT_MAX_NORM, DEFAULT_UPDATE_WEIGHTS_EVERY, DEFAULT_OPTIM_NITER);
    }

    /**
     * Same configuration otherwise, fresh state, direction norm clipped to {@code maxNorm} (0: no clipping).
     *
     * @param maxNorm the largest norm of the direction (0: no clipping)
     * @return a new instance
     */
    public NashMTL withMaxNorm(double maxNorm) {
        return new NashMTL(maxNorm, updateWeightsEvery, optimNiter);
    }

    /**
     * Same configuration otherwise, fresh state, α solved every {@code updateWeightsEvery} steps.
     *
     * @param updateWeightsEvery the number of steps between two solves for α
     * @return a new instance
     */
    public NashMTL withUpdateWeightsEvery(int updateWeightsEvery) {
        return new NashMTL(maxNorm, updateWeightsEvery, optimNiter);
    }

    /**
     * Same configuration otherwise, fresh state, at most {@code optimNiter} solver iterations per solve.
     *
     * @param optimNiter the solver iterations per solve
     * @return a new instance
     */
    public NashMTL withOptimNiter(int optimNiter) {
        return new NashMTL(maxNorm, updateWeightsEvery, optimNiter);
    }

    /** {@return the largest norm of the direction (0: no clipping)} */
    public double maxNorm() {
        return maxNorm;
    }

    /** {@return the number of steps between two solves for α} */
    public int updateWeightsEvery() {
        return updateWeightsEvery;
    }

    /** {@return the solver iterations per solve} */
    public int optimNiter() {
        return optimNiter;
    }

    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        if (alpha != null && alpha.length != k) {
            throw new IllegalArgumentException(NAME + " was used with K = " + alpha.length + " tasks and now gets K = "
                    + k + "; call reset() before changing the number of tasks");
        }
        Diagnostics diagnostics;
        if (alpha == null || step % updateWeightsEvery == 0) {
            PositiveFixedPoint.Result r = PositiveFixedPoint.solve(gramian.toArray(), 1.0, alpha, optimNiter);
            alpha = r.alpha();
            diagnostics = r.diagnostics();
        } else {
            diagnostics = new Diagnostics(REUSED, true, 0,
                    PositiveFixedPoint.residual(gramian.toArray(), 1.0, alpha));
        }
        step++;
        double[] w = alpha.clone();
        double norm = Math.sqrt(Math.max(0.0, gramian.quadraticForm(w)));
        if (maxNorm > 0 && norm > maxNorm) {
            for (int i = 0; i < k; i++) {
                w[i] *= maxNorm / norm;
            }
        }
        return new Weights(w, diagnostics);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isStateful() {
        return true;
    }

    @Override
    public void reset() {
        step = 0;
        alpha = null;
    }

    @Override
    public CombinerState snapshot() {
        return CombinerState.of(NAME, Map.of(STEP, new double[] {step},
                ALPHA, alpha == null ? new double[0] : alpha));
    }

    @Override
    public void restore(CombinerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        state.requireOwner(NAME);
        double[] savedStep = state.get(STEP);
        double[] savedAlpha = state.get(ALPHA);
        if (savedStep.length != 1 || !(savedStep[0] >= 0) || savedStep[0] != Math.rint(savedStep[0])) {
            throw new IllegalArgumentException("state of " + NAME + " has an invalid step " + Arrays
                    .toString(savedStep));
        }
        step = (long) savedStep[0];
        alpha = savedAlpha.length == 0 ? null : savedAlpha;
    }

    /** {@return same configuration, fresh state} */
    @Override
    public NashMTL copy() {
        return new NashMTL(maxNorm, updateWeightsEvery, optimNiter);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "Nash-MTL: Nash bargaining fixed point α ∘ Gα = 1, direction norm clipped",
                Set.of("max_norm", "update_weights_every", "optim_niter"),
                o -> new GramCombiner(new NashMTL(o.getDouble("max_norm", DEFAULT_MAX_NORM),
                        o.getInt("update_weights_every", DEFAULT_UPDATE_WEIGHTS_EVERY),
                        o.getInt("optim_niter", DEFAULT_OPTIM_NITER))));
    }

    /** Equal configuration (the state is not compared). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NashMTL)) {
            return false;
        }
        NashMTL other = (NashMTL) o;
        return Double.compare(maxNorm, other.maxNorm) == 0 && updateWeightsEvery == other.updateWeightsEvery
                && optimNiter == other.optimNiter;
    }

    @Override
    public int hashCode() {
        return (Double.hashCode(maxNorm) * 31 + updateWeightsEvery) * 31 + optimNiter;
    }

    @Override
    public String toString() {
        return NAME + "(max_norm=" + maxNorm + ", update_weights_every=" + updateWeightsEvery + ", optim_niter="
                + optimNiter + ")";
    }
}
