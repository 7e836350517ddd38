package org.mto4j.optimizers;

import java.util.Map;
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
 * IMTL-L, the loss half of Impartial Multi-Task Learning: every loss is scaled by a learned factor e^(sᵢ) such
 * that the scaled losses stay equal (at the optimum of sᵢ, e^(sᵢ) Lᵢ = 1).
 * <pre>
 *   objective   Σᵢ e^(sᵢ) Lᵢ − sᵢ,   s₀ = 0
 *   weights     wᵢ = e^(sᵢ)                          (the network's gradient is Σᵢ wᵢ gᵢ)
 *   gradient    ∂/∂sᵢ = e^(sᵢ) Lᵢ − 1
 * </pre>
 * A {@link org.mto4j.core.LossWeighting}: apply it as the weighted loss Σᵢ wᵢ Lᵢ with one backward pass (the term
 * −Σ sᵢ does not reach the network), or through {@link LossWeightingCombiner} as d = Σᵢ wᵢ gᵢ. The reported
 * weights are these wᵢ. {@link IMTL} combines these scales with the gradient rule {@link IMTLG}, as the paper does.
 *
 * <p>Liu, Li, Kuang, Xue, Chen, Yang, Liao, Zhang, "Towards Impartial Multi-task Learning", ICLR 2021 (no arXiv
 * version).
 *
 * <p><b>Training the scales.</b> Each step takes wᵢ from the current sᵢ, then computes the gradient above at those
 * sᵢ and the step's losses ({@link #parameterGradient()}). With {@code lr} = 0 (the default: in the paper and in
 * LibMTL the network's optimizer trains s) the caller applies it through {@link #setParameters(double[])}
 * (mto-training's adapters do, with the model's updater); with
 * {@code lr} &gt; 0 a built-in Adam (PyTorch's defaults) steps s once per step, after the weights are taken.
 *
 * <p>Option: {@code lr} (&ge; 0, default {@value #DEFAULT_LR}). Losses must be &ge; 0 (the optimum is
 * e^(sᵢ) = 1/Lᵢ). Stateful (the scales, their last gradient, Adam's moments), not thread-safe; {@link #copy()}
 * gives the same configuration with fresh state.
 *
 * @since 0.1.0
 */
public final class IMTLL implements LossWeighting, LearnableWeighting {

    /** Registry name. */
    public static final String NAME = "imtl-l";
    /** No built-in optimizer unless the user asks for one: the caller trains the scales. */
    public static final double DEFAULT_LR = 0.0;
    /** The paper's and LibMTL's initial log-scale. */
    public static final double INITIAL_LOG_SCALE = 0.0;

    private final double lr;
    private final LearnedParameters logScales;

    private IMTLL(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr must be finite and >= 0 (0: the caller trains the log-scales),"
                    + " got lr = " + lr);
        }
        this.lr = lr;
        this.logScales = new LearnedParameters(NAME, INITIAL_LOG_SCALE, lr > 0 ? new SmallAdam(lr, 0.0, "") : null);
    }

    /**
     * IMTL-L without a built-in optimizer.
     *
     * @return a new instance with fresh state
     */
    public static IMTLL defaults() {
        return new IMTLL(DEFAULT_LR);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param lr learning rate of the built-in Adam on the log-scales, &ge; 0 (0: the caller trains them)
     * @return a new instance
     */
    public IMTLL withLearningRate(double lr) {
        return new IMTLL(lr);
    }

    /**
     * The built-in Adam's learning rate.
     *
     * @return lr, 0 when the caller trains the log-scales
     */
    public double learningRate() {
        return lr;
    }

    /**
     * The scales e^(sᵢ) of the current log-scales; then records the gradient at them and, with {@code lr} &gt; 0,
     * takes one Adam step.
     *
     * @param numTasks K &ge; 1 (fixed from the first step until {@link #reset()})
     * @param losses   the K losses of this step, each &ge; 0
     * @return the weights e^(sᵢ)
     */
    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        return Weights.of(scales(numTasks, losses, NAME));
    }

    /** The scales of one step, advancing the state; {@code method} names the caller in messages. */
    double[] scales(int numTasks, TaskLosses losses, String method) {
        double[] l = LossChecks.nonNegative(method, numTasks, losses, "learns a scale per loss (optimum e^s = 1/L)");
        double[] s = logScales.forTasks(numTasks);
        double[] scales = new double[numTasks];
        double[] gradient = new double[numTasks];
        for (int i = 0; i < numTasks; i++) {
            scales[i] = Math.exp(s[i]);
            gradient[i] = scales[i] * l[i] - 1.0;
        }
        logScales.applyGradient(gradient);
        return scales;
    }

    /**
     * The log-scales sᵢ.
     *
     * @return a copy, or an empty array before the first step
     */
    @Override
    public double[] parameters() {
        return logScales.values();
    }

    /**
     * ∂/∂sᵢ = e^(sᵢ)Lᵢ − 1 at the last step's log-scales and losses.
     *
     * @return a copy, or an empty array before the first step
     */
    @Override
    public double[] parameterGradient() {
        return logScales.gradient();
    }

    @Override
    public void setParameters(double[] values) {
        logScales.set(values);
    }

    /**
     * Whether the built-in Adam steps the log-scales.
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
        logScales.reset();
    }

    @Override
    public CombinerState snapshot() {
        return CombinerState.of(NAME, save());
    }

    /** The state's named arrays, for this class's snapshot and for {@link IMTL}'s. */
    Map<String, double[]> save() {
        TreeMap<String, double[]> values = new TreeMap<>();
        logScales.save(values);
        return values;
    }

    @Override
    public void restore(CombinerState state) {
        restoreFrom(StateValues.owned(state, NAME));
    }

    /** Restores from a state whose owner the caller has checked. */
    void restoreFrom(CombinerState state) {
        logScales.restore(state);
    }

    /**
     * The same configuration with fresh state (a checkpoint continues through {@link #snapshot()} and
     * {@link #restore}).
     *
     * @return a new instance
     */
    @Override
    public IMTLL copy() {
        return new IMTLL(lr);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "IMTL-L: learned loss scales e^s that keep the scaled losses equal",
                Set.of("lr"), o -> new LossWeightingCombiner(new IMTLL(o.getDouble("lr", DEFAULT_LR))));
    }

    /** Equal configuration (the state is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof IMTLL && Double.compare(lr, ((IMTLL) o).lr) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lr);
    }

    @Override
    public String toString() {
        return NAME + "(lr=" + lr + ")";
    }
}
