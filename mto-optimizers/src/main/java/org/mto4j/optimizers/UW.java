package org.mto4j.optimizers;

import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.LearnableWeighting;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Uncertainty Weighting: every task loss is weighted by a learned homoscedastic uncertainty, its log-variance
 * sᵢ = log σᵢ², trained jointly with the network.
 * <pre>
 *   objective   Σᵢ ½ e^(−sᵢ) Lᵢ + ½ sᵢ
 *   weights     wᵢ = ½ e^(−sᵢ)                         (the network's gradient is Σᵢ wᵢ gᵢ)
 *   gradient    ∂/∂sᵢ = ½ − ½ e^(−sᵢ) Lᵢ = ½ − wᵢ Lᵢ   (zero at e^(sᵢ) = Lᵢ: σᵢ² tracks the loss)
 * </pre>
 * A {@link LossWeighting}: apply it as the weighted loss Σᵢ wᵢ Lᵢ with one backward pass (the term ½ Σ sᵢ does not
 * reach the network), or through {@link LossWeightingCombiner} as d = Σᵢ wᵢ gᵢ. The reported weights are these wᵢ,
 * the true weights of the network's gradient.
 *
 * <p>Kendall, Gal, Cipolla, "Multi-Task Learning Using Uncertainty to Weigh Losses for Scene Geometry and
 * Semantics", CVPR 2018 (arXiv:1705.07115). The paper's regression form L/(2σ²) + log σ, written in s = log σ².
 *
 * <p><b>Training the log-variances.</b> Each step computes wᵢ from the current sᵢ, then the gradient above at those
 * sᵢ and the step's losses ({@link #parameterGradient()}). With {@code lr} = 0 (the default, as in the paper and
 * LibMTL, where the network's own optimizer trains s) the caller applies it through
 * {@link #setParameters(double[])} (mto-training's adapters do, with the model's updater); with {@code lr} &gt; 0 a built-in Adam (PyTorch's defaults) steps s once per
 * step, after the weights are taken.
 *
 * <p>Options: {@code parameterization} ({@code libmtl}: s₀ = −0.5, LibMTL's initialisation, weights e^(0.5)/2 ≈ 0.824
 * at the first step; {@code torchjd}: s₀ = 0, weights ½, the default), {@code lr} (&ge; 0, default
 * {@value #DEFAULT_LR}). Both parameterisations are the same objective (LibMTL writes it L/(2eˢ) + s/2, the issue's
 * TorchJD form ½e⁻ˢL + ½s; TorchJD 0.8.1 itself has no UW aggregator); they differ only in s₀. LibMTL's
 * {@code UW} reports the same weights.
 *
 * <p>Losses must be &ge; 0: the optimum of sᵢ is e^(sᵢ) = Lᵢ, and for a negative loss the objective has no
 * minimum. Stateful (the log-variances,
 * their last gradient, Adam's moments), not thread-safe; {@link #copy()} gives the same configuration with fresh
 * state.
 *
 * @since 0.1.0
 */
public final class UW implements LossWeighting, LearnableWeighting {

    /** Registry name. */
    public static final String NAME = "uw";
    /** The paper does not fix s₀; where the paper is silent our defaults follow TorchJD's convention. */
    public static final Parameterization DEFAULT_PARAMETERIZATION = Parameterization.TORCHJD;
    /** No built-in optimizer unless the user asks for one: the caller trains the log-variances. */
    public static final double DEFAULT_LR = 0.0;

    /** Where the log-variances start; the objective is the same. */
    public enum Parameterization {
        /** LibMTL: L/(2eˢ) + s/2 with s₀ = −0.5. */
        LIBMTL(-0.5),
        /** ½e⁻ˢL + ½s with s₀ = 0. */
        TORCHJD(0.0);

        private final double initialLogVariance;

        Parameterization(double initialLogVariance) {
            this.initialLogVariance = initialLogVariance;
        }

        /**
         * The log-variance every task starts with.
         *
         * @return s₀
         */
        public double initialLogVariance() {
            return initialLogVariance;
        }
    }

    private final Parameterization parameterization;
    private final double lr;
    private final LearnedParameters logVariances;

    private UW(Parameterization parameterization, double lr) {
        if (parameterization == null) {
            throw new IllegalArgumentException("parameterization must not be null");
        }
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr must be finite and >= 0 (0: the caller trains the"
                    + " log-variances), got lr = " + lr);
        }
        this.parameterization = parameterization;
        this.lr = lr;
        this.logVariances = new LearnedParameters(NAME, parameterization.initialLogVariance(),
                lr > 0 ? new SmallAdam(lr, 0.0, "") : null);
    }

    /**
     * UW with s₀ = 0 and no built-in optimizer.
     *
     * @return a new instance with fresh state
     */
    public static UW defaults() {
        return new UW(DEFAULT_PARAMETERIZATION, DEFAULT_LR);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param parameterization where the log-variances start
     * @return a new instance
     */
    public UW withParameterization(Parameterization parameterization) {
        return new UW(parameterization, lr);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param lr learning rate of the built-in Adam on the log-variances, &ge; 0 (0: the caller trains them)
     * @return a new instance
     */
    public UW withLearningRate(double lr) {
        return new UW(parameterization, lr);
    }

    /**
     * Where the log-variances start.
     *
     * @return the parameterization
     */
    public Parameterization parameterization() {
        return parameterization;
    }

    /**
     * The built-in Adam's learning rate.
     *
     * @return lr, 0 when the caller trains the log-variances
     */
    public double learningRate() {
        return lr;
    }

    /**
     * The weights ½e^(−sᵢ) of the current log-variances; then records the gradient at them and, with
     * {@code lr} &gt; 0, takes one Adam step.
     *
     * @param numTasks K &ge; 1 (fixed from the first step until {@link #reset()})
     * @param losses   the K losses of this step, each &ge; 0
     * @return the weights
     */
    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        double[] l = LossChecks.nonNegative(NAME, numTasks, losses, "learns a variance per loss (optimum e^s = L)");
        double[] s = logVariances.forTasks(numTasks);
        double[] w = new double[numTasks];
        double[] gradient = new double[numTasks];
        for (int i = 0; i < numTasks; i++) {
            w[i] = 0.5 * Math.exp(-s[i]);
            gradient[i] = 0.5 - w[i] * l[i];
        }
        logVariances.applyGradient(gradient);
        return Weights.of(w);
    }

    /**
     * The log-variances sᵢ = log σᵢ².
     *
     * @return a copy, or an empty array before the first step
     */
    @Override
    public double[] parameters() {
        return logVariances.values();
    }

    /**
     * ∂/∂sᵢ = ½ − ½e^(−sᵢ)Lᵢ at the last step's log-variances and losses.
     *
     * @return a copy, or an empty array before the first step
     */
    @Override
    public double[] parameterGradient() {
        return logVariances.gradient();
    }

    @Override
    public void setParameters(double[] values) {
        logVariances.set(values);
    }

    /**
     * Whether the built-in Adam steps the log-variances.
     *
     * @return true when {@code lr} &gt; 0; false when the caller (or mto-training's adapter) trains them
     */
    @Override
    public boolean trainsItself() {
        return lr > 0;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsLosses() {
        return true;
    }

    @Override
    public boolean isStateful() {
        return true;
    }

    @Override
    public void reset() {
        logVariances.reset();
    }

    @Override
    public CombinerState snapshot() {
        TreeMap<String, double[]> values = new TreeMap<>();
        logVariances.save(values);
        return CombinerState.of(NAME, values);
    }

    @Override
    public void restore(CombinerState state) {
        logVariances.restore(StateValues.owned(state, NAME));
    }

    /**
     * The same configuration with fresh state (a checkpoint continues through {@link #snapshot()} and
     * {@link #restore}).
     *
     * @return a new instance
     */
    @Override
    public UW copy() {
        return new UW(parameterization, lr);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "uncertainty weighting: learned log-variances, weights ½e^(−s)",
                Set.of("parameterization", "lr"), o -> new LossWeightingCombiner(new UW(
                        o.getEnum("parameterization", Parameterization.class, DEFAULT_PARAMETERIZATION),
                        o.getDouble("lr", DEFAULT_LR))));
    }

    /** Equal configuration (the state is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof UW && parameterization == ((UW) o).parameterization
                && Double.compare(lr, ((UW) o).lr) == 0;
    }

    @Override
    public int hashCode() {
        return parameterization.hashCode() * 31 + Double.hashCode(lr);
    }

    @Override
    public String toString() {
        return NAME + "(parameterization=" + parameterization.name().toLowerCase(Locale.ROOT) + ", lr=" + lr + ")";
    }
}
