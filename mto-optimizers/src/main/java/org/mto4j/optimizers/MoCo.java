package org.mto4j.optimizers;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.ColumnBlocks;
import org.mto4j.core.Combination;
import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MoCo, stochastic multi-objective gradient correction: track each task's gradient with a moving average Y, move
 * the task weights λ by a projected gradient step on ½ λᵀ(YYᵀ + ρI)λ, and descend along Yᵀλ.
 * <pre>
 *   t = 1, 2, ...:   β_t = β / t^σ_β,   γ_t = γ / t^σ_γ
 *   yᵢ ← yᵢ − β_t (yᵢ − hᵢ)               hᵢ = gᵢ, or Lᵢ gᵢ / (‖gᵢ‖ + ε) with normalization = loss
 *   λ  ← Π(λ − γ_t (YYᵀ + ρI) λ)          Π = projection onto the simplex, or softmax
 *   d  = Yᵀλ = Σᵢ λᵢ yᵢ                    Y = 0 and λ = 1/K before the first step
 * </pre>
 * Y is K x P and kept on J's device; YYᵀ is its Gram matrix, computed by the fast Gram kernel.
 *
 * <p>Fernando, Shen, Liu, Chaudhury, Murugesan, Chen, "Mitigating Gradient Bias in Multi-objective Learning: A
 * Provably Convergent Approach", ICLR 2023 (OpenReview dLAYGdKTi2), Algorithm 1.
 *
 * <p>Options: {@code beta} (β; default {@value #DEFAULT_BETA}), {@code beta_sigma} ({@value #DEFAULT_BETA_SIGMA}),
 * {@code gamma} (γ; {@value #DEFAULT_GAMMA}), {@code gamma_sigma} ({@value #DEFAULT_GAMMA_SIGMA}), {@code rho} (ρ;
 * {@value #DEFAULT_RHO}): LibMTL's defaults; {@code normalization} ({@code none}: hᵢ = gᵢ, the paper's algorithm;
 * {@code loss}: hᵢ = Lᵢ gᵢ / (‖gᵢ‖ + 1e-8), the authors' code as in LibMTL; needs losses) and {@code lambda_update}
 * ({@code projection}: the paper's Π_Δ; {@code softmax}: LibMTL's). LibMTL's {@code MoCo} is
 * {@code normalization = loss, lambda_update = softmax} with the same numbers; agreement is tested on its recorded
 * outputs. The paper's projection of yᵢ onto a bounded set is not applied (neither library does).
 *
 * <p><b>Weights.</b> d = Σ λᵢ yᵢ mixes this step's gradients with earlier ones. The weight reported for task i is
 * the coefficient of this step's gᵢ in d, wᵢ = λᵢ β_t cᵢ (cᵢ = 1, or Lᵢ / (‖gᵢ‖ + ε)); the rest of d,
 * (1 − β_t) Σ λᵢ yᵢ⁽ᵗ⁻¹⁾, is the memory of earlier steps. When β_t = 1 at every step (β = 1, σ_β = 0), d = Σ wᵢ gᵢ
 * exactly. λ itself is {@link #lambda()}.
 *
 * <p>Cost per step: a Gram pass over J (norms, finiteness, before the state moves), the update of Y in one pass over
 * J and Y ({@link ColumnBlocks#update}), a Gram pass over Y and the direction pass over Y. Memory: Y, K x P in J's
 * data type, allocated at the first step (see {@link #reset()}).
 *
 * <p>Thread safety: stateful (Y, λ, step counter), not thread-safe; {@link #copy()} gives the same configuration
 * with fresh state.
 *
 * @since 0.1.0
 */
public final class MoCo extends FullJacobianCombiner {

    /** Registry name. */
    public static final String NAME = "moco";
    /** Step size of the tracking variables Y (LibMTL's default). */
    public static final double DEFAULT_BETA = 0.5;
    /** Decay exponent of β (LibMTL's default). */
    public static final double DEFAULT_BETA_SIGMA = 0.5;
    /** Step size of λ (LibMTL's default). */
    public static final double DEFAULT_GAMMA = 0.1;
    /** Decay exponent of γ (LibMTL's default). */
    public static final double DEFAULT_GAMMA_SIGMA = 0.5;
    /** ℓ2 regularisation of λ's update (LibMTL's default). */
    public static final double DEFAULT_RHO = 0.0;
    /** The paper's algorithm tracks the raw gradients. */
    public static final Normalization DEFAULT_NORMALIZATION = Normalization.NONE;
    /** The paper projects λ onto the simplex. */
    public static final LambdaUpdate DEFAULT_LAMBDA_UPDATE = LambdaUpdate.PROJECTION;
    /** Added to ‖gᵢ‖ when gradients are normalised, as in LibMTL. */
    public static final double NORM_EPSILON = 1e-8;

    /** What Y tracks. */
    public enum Normalization {
        /** hᵢ = gᵢ (the paper). */
        NONE,
        /** hᵢ = Lᵢ gᵢ / (‖gᵢ‖ + ε): unit gradients scaled by the loss (the authors' code, LibMTL). */
        LOSS
    }

    /** How λ returns to the simplex after its gradient step. */
    public enum LambdaUpdate {
        /** Euclidean projection onto the simplex (the paper). */
        PROJECTION,
        /** softmax (LibMTL). */
        SOFTMAX
    }

    private static final String STEP = "step";
    private static final String LAMBDA = "lambda";

    private final double beta;
    private final double betaSigma;
    private final double gamma;
    private final double gammaSigma;
    private final double rho;
    private final Normalization normalization;
    private final LambdaUpdate lambdaUpdate;

    private long step;
    private double[] lambda; // null before the first step
    private final StateBuffer tracking = new StateBuffer(NAME, "y");

    private MoCo(double beta, double betaSigma, double gamma, double gammaSigma, double rho,
            Normalization normalization, LambdaUpdate lambdaUpdate) {
        requireStep("beta", beta);
        requireExponent("beta_sigma", betaSigma);
        requireStep("gamma", gamma);
        requireExponent("gamma_sigma", gammaSigma);
        if (!(rho >= 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho must be finite and >= 0, got " + rho);
        }
        if (normalization == null) {
            throw new IllegalArgumentException("normalization must not be null");
        }
        if (lambdaUpdate == null) {
            throw new IllegalArgumentException("lambda_update must not be null");
        }
        this.beta = beta;
        this.betaSigma = betaSigma;
        this.gamma = gamma;
        this.gammaSigma = gammaSigma;
        this.rho = rho;
        this.normalization = normalization;
        this.lambdaUpdate = lambdaUpdate;
    }

    private static void requireStep(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
    }

    private static void requireExponent(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }

    /**
     * The paper's MoCo with LibMTL's step sizes.
     *
     * @return the combiner, with fresh state
     */
    public static MoCo defaults() {
        return new MoCo(DEFAULT_BETA, DEFAULT_BETA_SIGMA, DEFAULT_GAMMA, DEFAULT_GAMMA_SIGMA, DEFAULT_RHO,
                DEFAULT_NORMALIZATION, DEFAULT_LAMBDA_UPDATE);
    }

    /**
     * LibMTL's MoCo: loss-scaled unit gradients, softmax for λ.
     *
     * @return the combiner, with fresh state
     */
    public static MoCo libMtl() {
        return defaults().withNormalization(Normalization.LOSS).withLambdaUpdate(LambdaUpdate.SOFTMAX);
    }

    /**
     * @param beta β &gt; 0, step size of Y (β_t &gt; 1 overshoots; β = 1, σ_β = 0 tracks the current gradient)
     * @return a new combiner with fresh state
     */
    public MoCo withBeta(double beta) {
        return new MoCo(beta, betaSigma, gamma, gammaSigma, rho, normalization, lambdaUpdate);
    }

    /**
     * @param betaSigma σ_β &ge; 0, β_t = β / t^σ_β
     * @return a new combiner with fresh state
     */
    public MoCo withBetaSigma(double betaSigma) {
        return new MoCo(beta, betaSigma, gamma, gammaSigma, rho, normalization, lambdaUpdate);
    }

    /**
     * @param gamma γ &gt; 0, step size of λ
     * @return a new combiner with fresh state
     */
    public MoCo withGamma(double gamma) {
        return new MoCo(beta, betaSigma, gamma, gammaSigma, rho, normalization, lambdaUpdate);
    }

    /**
     * @param gammaSigma σ_γ &ge; 0, γ_t = γ / t^σ_γ
     * @return a new combiner with fresh state
     */
    public MoCo withGammaSigma(double gammaSigma) {
        return new MoCo(beta, betaSigma, gamma, gammaSigma, rho, normalization, lambdaUpdate);
    }

    /**
     * @param rho ρ &ge; 0, the ℓ2 regularisation of λ's update
     * @return a new combiner with fresh state
     */
    public MoCo withRho(double rho) {
        return new MoCo(beta, betaSigma, gamma, gammaSigma, rho, normalization, lambdaUpdate);
    }

    /**
     * @param normalization what Y tracks
     * @return a new combiner with fresh state
     */
    public MoCo withNormalization(Normalization normalization) {
        return new MoCo(beta, betaSigma, gamma, gammaSigma, rho, normalization, lambdaUpdate);
    }

    /**
     * @param lambdaUpdate how λ returns to the simplex
     * @return a new combiner with fresh state
     */
    public MoCo withLambdaUpdate(LambdaUpdate lambdaUpdate) {
        return new MoCo(beta, betaSigma, gamma, gammaSigma, rho, normalization, lambdaUpdate);
    }

    /**
     * λ after the last step.
     *
     * @return a copy of the K task weights applied to Y; empty before the first step (then λ = 1/K)
     */
    public double[] lambda() {
        return StateValues.orEmpty(lambda);
    }

    @Override
    Combination step(TaskGradients gradients, TaskLosses losses, INDArray out) {
        int k = gradients.numTasks();
        StateValues.requireTasks(NAME, lambda, k);
        // Norms and the finiteness check before anything moves: a rejected step leaves the state as it was.
        Gramian g = Gramian.compute(gradients);
        double[] scale = new double[k];
        for (int i = 0; i < k; i++) {
            scale[i] = normalization == Normalization.LOSS ? losses.get(i) / (g.norm(i) + NORM_EPSILON) : 1.0;
        }
        long t = step + 1;
        double betaT = beta / Math.pow(t, betaSigma);
        double gammaT = gamma / Math.pow(t, gammaSigma);
        INDArray y = tracking.forGradients(gradients);
        double[] gradientWeight = new double[k];
        for (int i = 0; i < k; i++) {
            gradientWeight[i] = betaT * scale[i];
        }
        ColumnBlocks.update(gradients, y, y, () -> new MovingAverage(1 - betaT, gradientWeight));
        TaskGradients tracked = TaskGradients.of(y);
        Gramian yy = Gramian.compute(tracked);
        double[] previous = lambda;
        if (previous == null) {
            previous = new double[k];
            java.util.Arrays.fill(previous, 1.0 / k);
        }
        double[] next = new double[k];
        for (int i = 0; i < k; i++) {
            double s = rho * previous[i];
            for (int j = 0; j < k; j++) {
                s += yy.get(i, j) * previous[j];
            }
            next[i] = previous[i] - gammaT * s;
        }
        if (lambdaUpdate == LambdaUpdate.PROJECTION) {
            SimplexProjection.project(next, next);
        } else {
            next = Softmax.of(next);
        }
        tracked.weightedSumInto(next, out);
        lambda = next;
        step = t;
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            weights[i] = next[i] * betaT * scale[i];
        }
        return new Combination(out, Weights.of(weights), null);
    }

    /** Test hook: arrays allocated for Y so far (the allocation rule: once, and again only after reset or restore). */
    int allocations() {
        return tracking.allocations();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsLosses() {
        return normalization == Normalization.LOSS;
    }

    @Override
    public boolean isStateful() {
        return true;
    }

    /** Forgets Y, λ and the step count; Y is allocated again at the next step. */
    @Override
    public void reset() {
        step = 0;
        lambda = null;
        tracking.reset();
    }

    /**
     * The step counter, λ and Y (K x P, in double, with its shape).
     *
     * @return the state after the last step
     */
    @Override
    public CombinerState snapshot() {
        Map<String, double[]> values = new HashMap<>();
        values.put(STEP, new double[] {step});
        values.put(LAMBDA, StateValues.orEmpty(lambda));
        tracking.snapshotInto(values);
        return CombinerState.of(NAME, values);
    }

    @Override
    public void restore(CombinerState state) {
        StateValues.owned(state, NAME);
        long restoredStep = StateValues.counter(state, STEP);
        double[] restoredLambda = StateValues.vectorOrNull(state, LAMBDA, -1);
        tracking.restoreFrom(state);
        step = restoredStep;
        lambda = restoredLambda;
    }

    /**
     * Same configuration, fresh state.
     *
     * @return the copy
     */
    @Override
    public MoCo copy() {
        return new MoCo(beta, betaSigma, gamma, gammaSigma, rho, normalization, lambdaUpdate);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "MoCo: tracked task gradients, weights by a projected gradient step",
                Set.of("beta", "beta_sigma", "gamma", "gamma_sigma", "rho", "normalization", "lambda_update"),
                o -> new MoCo(o.getDouble("beta", DEFAULT_BETA), o.getDouble("beta_sigma", DEFAULT_BETA_SIGMA),
                        o.getDouble("gamma", DEFAULT_GAMMA), o.getDouble("gamma_sigma", DEFAULT_GAMMA_SIGMA),
                        o.getDouble("rho", DEFAULT_RHO),
                        o.getEnum("normalization", Normalization.class, DEFAULT_NORMALIZATION),
                        o.getEnum("lambda_update", LambdaUpdate.class, DEFAULT_LAMBDA_UPDATE)));
    }

    /** Equal configuration (Y, λ and the step are state and are not compared). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MoCo)) {
            return false;
        }
        MoCo m = (MoCo) o;
        return Double.compare(beta, m.beta) == 0 && Double.compare(betaSigma, m.betaSigma) == 0
                && Double.compare(gamma, m.gamma) == 0 && Double.compare(gammaSigma, m.gammaSigma) == 0
                && Double.compare(rho, m.rho) == 0 && normalization == m.normalization
                && lambdaUpdate == m.lambdaUpdate;
    }

    @Override
    public int hashCode() {
        return Objects.hash(beta, betaSigma, gamma, gammaSigma, rho, normalization, lambdaUpdate);
    }

    @Override
    public String toString() {
        return NAME + "(beta=" + beta + ", beta_sigma=" + betaSigma + ", gamma=" + gamma + ", gamma_sigma="
                + gammaSigma + ", rho=" + rho + ", normalization=" + normalization.name().toLowerCase(Locale.ROOT)
                + ", lambda_update=" + lambdaUpdate.name().toLowerCase(Locale.ROOT) + ")";
    }
}
