package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.CrossBatchCombiner;
import org.mto4j.core.CrossGramWeighting;
import org.mto4j.core.CrossGramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * MoDo, multi-objective gradient with double sampling: one projected gradient step per training step on MGDA's
 * problem min_λ∈Δ ½‖J λ‖², with the Gram matrix estimated from two independent batches.
 * <pre>
 *   λ ← Π_Δ(λ − γ (J₁ J₂ᵀ λ + ρ λ))      λ = 1/K before the first step
 *   d = J₃ᵀ λ                            J₁, J₂, J₃: three independent batches
 * </pre>
 * Run it through {@link CrossBatchCombiner}, whose three-batch call takes J₁, J₂ and J₃; with one batch it uses
 * C = J Jᵀ.
 *
 * <p>Chen, Fernando, Ying, Chen, "Three-Way Trade-Off in Multi-Objective Learning: Optimization, Generalization and
 * Conflict-Avoidance", NeurIPS 2023 (arXiv:2305.20057), Algorithm 1.
 *
 * <p>Options: {@code gamma} (γ &gt; 0; default {@value #DEFAULT_GAMMA}, LibMTL's {@code MoDo_gamma}) and
 * {@code rho} (ρ &ge; 0; default {@value #DEFAULT_RHO}, LibMTL's {@code MoDo_rho}). LibMTL's {@code MoDo} draws its
 * three batches in the roles (J₁, J₂, J₃) and projects λ onto the simplex as here; it is not in the reference
 * vectors, so agreement with it is shown on a plain reference of its update. {@code gamma = 0.1} is the other
 * published default the issue lists for TorchJD's MoDo (not checked here: the recorded TorchJD version has none).
 *
 * <p>d = J₃ᵀλ exactly: the weights are the true weights on the third batch.
 *
 * <p>Thread safety: stateful (λ), not thread-safe; {@link #copy()} gives the same configuration with fresh state.
 *
 * @since 0.1.0
 */
public final class MoDo implements CrossGramWeighting {

    /** Registry name. */
    public static final String NAME = "modo";
    /** Step size of λ (LibMTL's default). */
    public static final double DEFAULT_GAMMA = 1e-3;
    /** ℓ2 regularisation of λ's update (LibMTL's default). */
    public static final double DEFAULT_RHO = 0.1;

    private static final String LAMBDA = "lambda";

    private final double gamma;
    private final double rho;
    private double[] lambda; // null before the first step

    private MoDo(double gamma, double rho) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and > 0, got " + gamma);
        }
        if (!(rho >= 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho must be finite and >= 0, got " + rho);
        }
        this.gamma = gamma;
        this.rho = rho;
    }

    /**
     * MoDo with LibMTL's γ = {@value #DEFAULT_GAMMA} and ρ = {@value #DEFAULT_RHO}.
     *
     * @return the weighting, with fresh state
     */
    public static MoDo defaults() {
        return new MoDo(DEFAULT_GAMMA, DEFAULT_RHO);
    }

    /**
     * @param gamma γ &gt; 0, the step size of λ
     * @return a new weighting with fresh state
     */
    public MoDo withGamma(double gamma) {
        return new MoDo(gamma, rho);
    }

    /**
     * @param rho ρ &ge; 0, the ℓ2 regularisation of λ's update
     * @return a new weighting with fresh state
     */
    public MoDo withRho(double rho) {
        return new MoDo(gamma, rho);
    }

    @Override
    public Weights weigh(CrossGramian crossGramian, TaskLosses losses) {
        int k = crossGramian.size();
        StateValues.requireTasks(NAME, lambda, k);
        double[] current = lambda;
        if (current == null) {
            current = new double[k];
            Arrays.fill(current, 1.0 / k);
        }
        double[] product = crossGramian.multiply(current);
        double[] next = new double[k];
        for (int i = 0; i < k; i++) {
            next[i] = current[i] - gamma * (product[i] + rho * current[i]);
        }
        SimplexProjection.project(next, next);
        lambda = next;
        return Weights.of(next);
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
        lambda = null;
    }

    /**
     * λ after the last step.
     *
     * @return the state after the last step
     */
    @Override
    public CombinerState snapshot() {
        return CombinerState.of(NAME, Map.of(LAMBDA, StateValues.orEmpty(lambda)));
    }

    @Override
    public void restore(CombinerState state) {
        lambda = StateValues.vectorOrNull(StateValues.owned(state, NAME), LAMBDA, -1);
    }

    /**
     * Same configuration, fresh state.
     *
     * @return the copy
     */
    @Override
    public MoDo copy() {
        return new MoDo(gamma, rho);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "MoDo: one projected step on MGDA's problem per step, double sampling",
                Set.of("gamma", "rho"), o -> new CrossBatchCombiner(
                        new MoDo(o.getDouble("gamma", DEFAULT_GAMMA), o.getDouble("rho", DEFAULT_RHO))));
    }

    /** Equal γ and ρ (λ is state and is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof MoDo && Double.compare(gamma, ((MoDo) o).gamma) == 0
                && Double.compare(rho, ((MoDo) o).rho) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(gamma, rho);
    }

    @Override
    public String toString() {
        return NAME + "(gamma=" + gamma + ", rho=" + rho + ")";
    }
}
