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
 * <p><b>When the references keep their weights</b> ({@code infeasible}). Each convex-concave iteration of LibMTL and
 * TorchJD minimises a linear function of α over {α &ge; 0 : αᵢ (Gα)ᵢ &ge; 1}. That set is empty when 0 is a
 * non-negative combination of the gradients (a zero gradient, or any Pareto-stationary J), and the linear function,
 * linearised at the previous α, is unbounded below on it when that α makes some (Gα)ᵢ negative — at α = 1 on an
 * ordinary 3-task Gaussian J, for instance. In both cases ECOS returns no solution and the references keep their
 * previous α (all ones at the first step), so they often return a clipped plain sum. {@code infeasible = solve}
 * (default) always solves α ∘ (Gα) = 1 (a task with a zero gradient gets weight 0; when no fixed point exists, see
 * {@link PositiveFixedPoint}); {@code infeasible = keep} reproduces the references: before solving, two small linear
 * programs ({@link LinearProgram}) decide whether their first sub-problem is infeasible or unbounded, and if so the
 * previous α is kept (diagnostics solver {@value #KEPT}). The references may still stop at an intermediate iterate
 * when a later linearisation is unbounded; that is not reproduced.
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
    /** Solver name in the diagnostics of an update step that keeps the previous α ({@code infeasible = keep}). */
    public static final String KEPT = "kept-previous-weights";
    /** The paper's behaviour unless the user says otherwise. */
    public static final Infeasible DEFAULT_INFEASIBLE = Infeasible.SOLVE;
    /**
     * ‖Jᵀw*‖² of the min-norm point at or below this times max G_ii counts as 0: the references' sub-problem is
     * infeasible.
     */
    static final double INFEASIBLE_TOLERANCE = 1e-12;
    /** A minimum of the linear objective below −this (scaled to |c| ≤ 1) counts as unbounded. */
    static final double UNBOUNDED_TOLERANCE = 1e-9;

    /** What an update step does where the references' convex sub-problem has no solution. */
    public enum Infeasible {
        /** Solve α ∘ (Gα) = 1 anyway (the paper's fixed point). */
        SOLVE,
        /** Keep the previous α, all ones at the first step (LibMTL and TorchJD). */
        KEEP
    }

    private static final String STEP = "step";
    private static final String ALPHA = "alpha";

    private final double maxNorm;
    private final int updateWeightsEvery;
    private final int optimNiter;
    private final Infeasible infeasible;

    private long step;
    private double[] alpha; // the last solved α, before clipping; null before the first solve

    private NashMTL(double maxNorm, int updateWeightsEvery, int optimNiter, Infeasible infeasible) {
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
        if (infeasible == null) {
            throw new IllegalArgumentException("infeasible must not be null");
        }
        this.maxNorm = maxNorm;
        this.updateWeightsEvery = updateWeightsEvery;
        this.optimNiter = optimNiter;
        this.infeasible = infeasible;
    }

    /**
     * {@return Nash-MTL with the defaults of the paper's code, LibMTL and TorchJD, and the paper's fixed point
     * always}
     */
    public static NashMTL defaults() {
        return new NashMTL(DEFAULT_MAX_NORM, DEFAULT_UPDATE_WEIGHTS_EVERY, DEFAULT_OPTIM_NITER, DEFAULT_INFEASIBLE);
    }

    /**
     * Same configuration otherwise, fresh state, direction norm clipped to {@code maxNorm} (0: no clipping).
     *
     * @param maxNorm the largest norm of the direction (0: no clipping)
     * @return a new instance
     */
    public NashMTL withMaxNorm(double maxNorm) {
        return new NashMTL(maxNorm, updateWeightsEvery, optimNiter, infeasible);
    }

    /**
     * Same configuration otherwise, fresh state, α solved every {@code updateWeightsEvery} steps.
     *
     * @param updateWeightsEvery the number of steps between two solves for α
     * @return a new instance
     */
    public NashMTL withUpdateWeightsEvery(int updateWeightsEvery) {
        return new NashMTL(maxNorm, updateWeightsEvery, optimNiter, infeasible);
    }

    /**
     * Same configuration otherwise, fresh state, at most {@code optimNiter} solver iterations per solve.
     *
     * @param optimNiter the solver iterations per solve
     * @return a new instance
     */
    public NashMTL withOptimNiter(int optimNiter) {
        return new NashMTL(maxNorm, updateWeightsEvery, optimNiter, infeasible);
    }

    /**
     * Same configuration otherwise, fresh state, another behaviour where the references' sub-problem has no
     * solution (see the class comment).
     *
     * @param infeasible {@link Infeasible#SOLVE} or {@link Infeasible#KEEP}
     * @return a new instance
     */
    public NashMTL withInfeasible(Infeasible infeasible) {
        return new NashMTL(maxNorm, updateWeightsEvery, optimNiter, infeasible);
    }

    /** {@return what an update step does where the references' convex sub-problem has no solution} */
    public Infeasible infeasible() {
        return infeasible;
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
            double[][] g = gramian.toArray();
            double[] previous = alpha;
            if (infeasible == Infeasible.KEEP && previous == null) {
                previous = new double[k];
                Arrays.fill(previous, 1.0);
            }
            if (infeasible == Infeasible.KEEP && referencesFindNoSolution(g, previous)) {
                alpha = previous;
                diagnostics = new Diagnostics(KEPT, true, 0, PositiveFixedPoint.residual(g, 1.0, alpha));
            } else {
                PositiveFixedPoint.Result r = PositiveFixedPoint.solve(g, 1.0, previous, optimNiter);
                alpha = r.alpha();
                diagnostics = r.diagnostics();
            }
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

    /**
     * True when the references' convex sub-problem linearised at α_t has no solution: its feasible set
     * {α &ge; 0 : αᵢ (Gα)ᵢ &ge; 1} is empty, or its objective cᵀα with c = G1 + 1/α_t + G (1/(Gα_t)) (the references'
     * objective times ‖G‖_F) is unbounded below on it.
     */
    static boolean referencesFindNoSolution(double[][] g, double[] alphaT) {
        int k = g.length;
        double largest = 0;
        for (int i = 0; i < k; i++) {
            largest = Math.max(largest, g[i][i]);
        }
        if (!(largest > 0)) {
            return true;
        }
        // Empty ⟺ no α > 0 has Gα > 0 ⟺ (Gordan) some y ≥ 0, y ≠ 0 has Gy ≤ 0 ⟺ (G is PSD) Jᵀy = 0 ⟺ the
        // min-norm point of the convex hull of the gradients is 0.
        double[] scaled = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                scaled[i * k + j] = g[i][j] / largest;
            }
        }
        double[] w = MinNormPoint.activeSet(scaled, k).x();
        if (SmallMatrix.quadraticForm(scaled, k, w) <= INFEASIBLE_TOLERANCE) {
            return true;
        }
        // Unbounded ⟺ some v ≥ 0 with Gv ≥ 0 (a direction of recession of the feasible set) has cᵀv < 0:
        // minimise cᵀv over v ≥ 0, s = Gv ≥ 0, Σv = 1.
        double[] gAlpha = SmallMatrix.multiply(scaled, k, alphaT, new double[k]);
        double[] inverse = new double[k];
        for (int i = 0; i < k; i++) {
            if (gAlpha[i] == 0) {
                return true; // 1 / (Gα_t)ᵢ is infinite: the references' objective is not even defined
            }
            inverse[i] = 1 / (gAlpha[i] * largest);
        }
        double[] c = new double[2 * k];
        double cScale = 0;
        for (int i = 0; i < k; i++) {
            double gInverse = 0;
            double gOnes = 0;
            for (int j = 0; j < k; j++) {
                gInverse += g[i][j] * inverse[j];
                gOnes += g[i][j];
            }
            c[i] = gOnes + 1 / alphaT[i] + gInverse;
            cScale = Math.max(cScale, Math.abs(c[i]));
        }
        if (!Double.isFinite(cScale)) {
            return true;
        }
        for (int i = 0; i < k; i++) {
            c[i] /= cScale;
        }
        double[][] a = new double[k + 1][2 * k];
        double[] b = new double[k + 1];
        for (int i = 0; i < k; i++) {
            System.arraycopy(scaled, i * k, a[i], 0, k);
            a[i][k + i] = -1;
            a[k][i] = 1;
        }
        b[k] = 1;
        LinearProgram.Result lp = LinearProgram.minimize(c, a, b);
        return lp.status() == LinearProgram.Status.OPTIMAL && lp.value() < -UNBOUNDED_TOLERANCE;
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
        return new NashMTL(maxNorm, updateWeightsEvery, optimNiter, infeasible);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "Nash-MTL: Nash bargaining fixed point α ∘ Gα = 1, direction norm clipped",
                Set.of("max_norm", "update_weights_every", "optim_niter", "infeasible"),
                o -> new GramCombiner(new NashMTL(o.getDouble("max_norm", DEFAULT_MAX_NORM),
                        o.getInt("update_weights_every", DEFAULT_UPDATE_WEIGHTS_EVERY),
                        o.getInt("optim_niter", DEFAULT_OPTIM_NITER),
                        o.getEnum("infeasible", Infeasible.class, DEFAULT_INFEASIBLE))));
    }

    /** Equal configuration (the state is not compared). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NashMTL)) {
            return false;
        }
        NashMTL other = (NashMTL) o;
        return Double.compare(maxNorm, other.maxNorm) == 0 && updateWeightsEvery == other.updateWeightsEvery
                && optimNiter == other.optimNiter && infeasible == other.infeasible;
    }

    @Override
    public int hashCode() {
        return ((Double.hashCode(maxNorm) * 31 + updateWeightsEvery) * 31 + optimNiter) * 31 + infeasible.hashCode();
    }

    @Override
    public String toString() {
        return NAME + "(max_norm=" + maxNorm + ", update_weights_every=" + updateWeightsEvery + ", optim_niter="
                + optimNiter + ", infeasible=" + infeasible.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
