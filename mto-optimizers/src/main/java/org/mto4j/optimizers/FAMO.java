package org.mto4j.optimizers;

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
 * Fast Adaptive Multitask Optimization: descend the log-losses with weights z = softmax(ξ), and learn the logits ξ
 * so that every task's log-loss falls at the same rate — in O(1) extra space and time, from the losses alone.
 * <pre>
 *   step t:   z = softmax(ξ),   Dᵢ = Lᵢ(t) + ε
 *             wᵢ = (zᵢ / Dᵢ) / Σⱼ (zⱼ / Dⱼ)               (d = Σᵢ wᵢ gᵢ = c·∇ Σᵢ zᵢ log Dᵢ, c = 1/Σⱼ zⱼ/Dⱼ)
 *   after the model update, with the losses L(t+1):
 *             δᵢ = log Dᵢ(t) − log Dᵢ(t+1)                (how much each log-loss fell)
 *             ∇ξ = (∂z/∂ξ)ᵀ δ,  i.e.  ∇ξᵢ = zᵢ (δᵢ − Σⱼ zⱼ δⱼ)
 *             ξ ← Adam(ξ, ∇ξ + γ ξ, lr = w_lr)             (PyTorch's Adam with weight decay γ)
 * </pre>
 * A {@link LossWeighting}: apply it as the weighted loss Σᵢ wᵢ Lᵢ with the weights held constant (one backward
 * pass; the gradient is FAMO's), or through {@link LossWeightingCombiner} as d = Σᵢ wᵢ gᵢ. The reported weights are
 * these wᵢ, the true weights of the direction (LibMTL reports none).
 *
 * <p>Liu, Feng, Stone, Liu, "FAMO: Fast Adaptive Multitask Optimization", NeurIPS 2023 (arXiv:2306.03792).
 *
 * <p><b>The losses after the update.</b> The paper evaluates L(t+1) on the same batch after the model update (one
 * extra forward pass), as LibMTL's trainer and the authors' code do: call {@link #update(TaskLosses)} with them
 * after each step. Without that call the next step's losses stand in for L(t+1) when {@link #weigh} is next
 * called (no extra forward pass, but a different batch), so FAMO also works as a plain combiner.
 *
 * <p>Options: {@code w_lr} (the logits' learning rate β &ge; 0, default {@value #DEFAULT_W_LR}; 0 turns the built-in
 * Adam off and leaves ξ to the caller, see {@link LearnableWeighting}), {@code gamma} (the weight decay γ &ge; 0,
 * default {@value #DEFAULT_GAMMA}, LibMTL's; the authors' code uses 0.01 or 1e-5 by experiment), {@code epsilon}
 * (ε &ge; 0 added to each loss before its logarithm, default {@value #DEFAULT_EPSILON} as in the paper; LibMTL and the
 * authors' code add 1e-8). With {@code epsilon = 1e-8} and the defaults LibMTL's {@code FAMO} is reproduced. The
 * minimum losses ℓᵢ* the authors' code can subtract are 0 here, as in LibMTL.
 *
 * <p>Every Lᵢ + ε must be &gt; 0 (a logarithm is taken): otherwise an {@link IllegalArgumentException} names the
 * task. Stateful (ξ, Adam's moments, the log-losses of the step awaiting its update), not thread-safe;
 * {@link #copy()} gives the same configuration with fresh state.
 *
 * @since 0.1.0
 */
public final class FAMO implements LossWeighting, LearnableWeighting {

    /** Registry name. */
    public static final String NAME = "famo";
    /** The paper's (and LibMTL's) learning rate of the logits. */
    public static final double DEFAULT_W_LR = 0.025;
    /** LibMTL's weight decay of the logits. */
    public static final double DEFAULT_GAMMA = 1e-3;
    /** The paper adds nothing to the losses before their logarithm. */
    public static final double DEFAULT_EPSILON = 0.0;

    private static final String PENDING_LOG_LOSSES = "pending_log_losses";
    private static final String PENDING_Z = "pending_z";

    private final double wLr;
    private final double gamma;
    private final double epsilon;
    private final LearnedParameters logits;
    private double[] pendingLogLosses; // log D of the last step, until its update; null when none is pending
    private double[] pendingZ;         // softmax(ξ) of that step

    private FAMO(double wLr, double gamma, double epsilon) {
        requireFiniteNonNegative(wLr, "w_lr");
        requireFiniteNonNegative(gamma, "gamma");
        requireFiniteNonNegative(epsilon, "epsilon");
        this.wLr = wLr;
        this.gamma = gamma;
        this.epsilon = epsilon;
        this.logits = new LearnedParameters(NAME, 0.0, wLr > 0 ? new SmallAdam(wLr, gamma, "") : null);
    }

    private static void requireFiniteNonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + name + " = " + value);
        }
    }

    /**
     * FAMO with the paper's settings (w_lr {@value #DEFAULT_W_LR}, gamma {@value #DEFAULT_GAMMA}, epsilon 0).
     *
     * @return a new instance with fresh state
     */
    public static FAMO defaults() {
        return new FAMO(DEFAULT_W_LR, DEFAULT_GAMMA, DEFAULT_EPSILON);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param wLr the logits' learning rate β &ge; 0 (0: no built-in Adam; the caller trains ξ)
     * @return a new instance
     */
    public FAMO withWLr(double wLr) {
        return new FAMO(wLr, gamma, epsilon);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param gamma the built-in Adam's weight decay γ &ge; 0
     * @return a new instance
     */
    public FAMO withGamma(double gamma) {
        return new FAMO(wLr, gamma, epsilon);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param epsilon ε &ge; 0 added to every loss before its logarithm
     * @return a new instance
     */
    public FAMO withEpsilon(double epsilon) {
        return new FAMO(wLr, gamma, epsilon);
    }

    /**
     * The logits' learning rate.
     *
     * @return β, 0 when the caller trains the logits
     */
    public double wLr() {
        return wLr;
    }

    /**
     * The built-in Adam's weight decay.
     *
     * @return γ
     */
    public double gamma() {
        return gamma;
    }

    /**
     * What is added to every loss before its logarithm.
     *
     * @return ε
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * The weights of this step from the current logits. If the previous step's {@link #update} was not called,
     * these losses first stand in for its L(t+1).
     *
     * @param numTasks K &ge; 1 (fixed from the first step until {@link #reset()})
     * @param losses   the K losses of this step; each Lᵢ + ε &gt; 0
     * @return wᵢ = (zᵢ/Dᵢ) / Σⱼ (zⱼ/Dⱼ)
     */
    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        double[] shifted = shiftedLosses(numTasks, losses);
        logits.forTasks(numTasks); // fixes K, or rejects another K before anything changes
        double[] logLosses = logs(shifted);
        if (pendingLogLosses != null) {
            learnFrom(logLosses);
        }
        double[] z = Softmax.of(logits.forTasks(numTasks));
        double[] w = new double[numTasks];
        double sum = 0;
        for (int i = 0; i < numTasks; i++) {
            w[i] = z[i] / shifted[i];
            sum += w[i];
        }
        for (int i = 0; i < numTasks; i++) {
            w[i] /= sum;
        }
        pendingLogLosses = logLosses;
        pendingZ = z;
        return Weights.of(w);
    }

    /**
     * Updates the logits from the losses after the model update of the last step, on the same batch (the paper's
     * rule). Call it once after each step; a step without it is updated from the next step's losses instead.
     *
     * @param lossesAfterStep the K losses L(t+1); each Lᵢ + ε &gt; 0
     * @throws IllegalStateException if no step awaits its update (before the first step, or a second call)
     */
    public void update(TaskLosses lossesAfterStep) {
        if (pendingLogLosses == null) {
            throw new IllegalStateException("'" + NAME + "': update(lossesAfterStep) follows a step (weigh or"
                    + " combine) and is called once per step; no step awaits its update");
        }
        learnFrom(logs(shiftedLosses(pendingLogLosses.length, lossesAfterStep)));
    }

    /** Lᵢ + ε, each checked to be &gt; 0. */
    private double[] shiftedLosses(int numTasks, TaskLosses losses) {
        double[] l = LossChecks.values(NAME, numTasks, losses);
        for (int i = 0; i < numTasks; i++) {
            l[i] += epsilon;
            if (!(l[i] > 0)) {
                throw new IllegalArgumentException("'" + NAME + "' takes the logarithm of each loss + epsilon ("
                        + epsilon + "), so it must be > 0: loss of task " + i + " is " + losses.get(i));
            }
        }
        return l;
    }

    private static double[] logs(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.log(x[i]);
        }
        return y;
    }

    private void learnFrom(double[] logLossesAfter) {
        int k = logLossesAfter.length;
        double[] delta = new double[k];
        double mean = 0;
        for (int i = 0; i < k; i++) {
            delta[i] = pendingLogLosses[i] - logLossesAfter[i];
            mean += pendingZ[i] * delta[i];
        }
        double[] gradient = new double[k];
        for (int i = 0; i < k; i++) {
            gradient[i] = pendingZ[i] * (delta[i] - mean);
        }
        logits.applyGradient(gradient);
        pendingLogLosses = null;
        pendingZ = null;
    }

    /**
     * The logits ξ (the task weights before the loss normalisation are softmax(ξ)).
     *
     * @return a copy, or an empty array before the first step
     */
    @Override
    public double[] parameters() {
        return logits.values();
    }

    /**
     * ∇ξ = (∂z/∂ξ)ᵀ δ of the last update, without the weight decay (the built-in Adam adds γξ).
     *
     * @return a copy, or an empty array before the first update
     */
    @Override
    public double[] parameterGradient() {
        return logits.gradient();
    }

    @Override
    public void setParameters(double[] values) {
        logits.set(values);
    }

    /**
     * Whether the built-in Adam steps the logits.
     *
     * @return true when {@code w_lr} &gt; 0 (the default); false when the caller trains them
     */
    @Override
    public boolean trainsItself() {
        return wLr > 0;
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
        logits.reset();
        pendingLogLosses = null;
        pendingZ = null;
    }

    @Override
    public CombinerState snapshot() {
        TreeMap<String, double[]> values = new TreeMap<>();
        logits.save(values);
        values.put(PENDING_LOG_LOSSES, StateValues.orEmpty(pendingLogLosses));
        values.put(PENDING_Z, StateValues.orEmpty(pendingZ));
        return CombinerState.of(NAME, values);
    }

    @Override
    public void restore(CombinerState state) {
        StateValues.owned(state, NAME);
        double[] savedLogLosses = StateValues.vectorOrNull(state, PENDING_LOG_LOSSES, -1);
        double[] savedZ = StateValues.vectorOrNull(state, PENDING_Z, savedLogLosses == null ? 0
                : savedLogLosses.length);
        logits.restore(state);
        pendingLogLosses = savedLogLosses;
        pendingZ = savedZ;
    }

    /**
     * The same configuration with fresh state (a checkpoint continues through {@link #snapshot()} and
     * {@link #restore}).
     *
     * @return a new instance
     */
    @Override
    public FAMO copy() {
        return new FAMO(wLr, gamma, epsilon);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "FAMO: log-loss descent with logits learned to equalise the loss decrease",
                Set.of("w_lr", "gamma", "epsilon"), o -> new LossWeightingCombiner(new FAMO(
                        o.getDouble("w_lr", DEFAULT_W_LR), o.getDouble("gamma", DEFAULT_GAMMA),
                        o.getDouble("epsilon", DEFAULT_EPSILON))));
    }

    /** Equal configuration (the state is not compared). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FAMO)) {
            return false;
        }
        FAMO other = (FAMO) o;
        return Double.compare(wLr, other.wLr) == 0 && Double.compare(gamma, other.gamma) == 0
                && Double.compare(epsilon, other.epsilon) == 0;
    }

    @Override
    public int hashCode() {
        return (Double.hashCode(wLr) * 31 + Double.hashCode(gamma)) * 31 + Double.hashCode(epsilon);
    }

    @Override
    public String toString() {
        return NAME + "(w_lr=" + wLr + ", gamma=" + gamma + ", epsilon=" + epsilon + ")";
    }
}
