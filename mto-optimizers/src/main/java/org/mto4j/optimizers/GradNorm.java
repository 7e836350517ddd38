package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.LearnableWeighting;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * GradNorm: task weights learned so that every weighted gradient's norm tracks the mean norm, scaled by how slowly
 * the task trains.
 * <pre>
 *   nᵢ = ‖gᵢ‖ = √G_ii,   Gᵢ = ‖wᵢ gᵢ‖ = wᵢ nᵢ,   Ḡ = (1/K) Σⱼ Gⱼ
 *   L̃ᵢ = Lᵢ / Lᵢ(0),     rᵢ = L̃ᵢ / ((1/K) Σⱼ L̃ⱼ)       (rᵢ = 1 for all when every L̃ⱼ is 0)
 *   L_grad = Σᵢ |Gᵢ − Ḡ rᵢ^α|,  the targets Ḡ rᵢ^α held constant
 *   ∂L_grad/∂wᵢ = sign(Gᵢ − Ḡ rᵢ^α) · nᵢ
 *   direction   d = Σᵢ wᵢ gᵢ with this step's weights, then
 *   update      wᵢ ← max(0, wᵢ − lr ∂L_grad/∂wᵢ),   w ← K w / Σⱼ wⱼ
 * </pre>
 * w starts at 1. A Gram weighting: it needs only the norms of the gradients, the diagonal of G.
 *
 * <p>Chen, Badrinarayanan, Lee, Rabinovich, "GradNorm: Gradient Normalization for Adaptive Loss Balancing in Deep
 * Multitask Networks", ICML 2018 (arXiv:1711.02257).
 *
 * <p><b>Which gradients.</b> Gᵢ is computed over the gradients the caller passes. The paper uses the last shared
 * layer (cheap); to do so while the direction covers all shared parameters, weigh on the last layer's Gram matrix
 * and combine the full J with those weights through {@link GramCombiner}'s shard API:
 * {@code w = combiner.weigh(combiner.gramian(lastLayer), losses)}, then
 * {@code combiner.combineShardInto(fullJ, w, out)}.
 *
 * <p>Options: {@code alpha} α &ge; 0 (default {@value #DEFAULT_ALPHA}, the paper's and LibMTL's), {@code lr} (the
 * weights' own gradient step &ge; 0, default {@value #DEFAULT_LR}; the step is lr·nᵢ, so choose lr for the scale of
 * the gradient norms; 0 leaves the update to the caller, see {@link LearnableWeighting}), {@code initial_losses}
 * (Lᵢ(0); default: the losses of the first step), {@code variant}:
 * <ul>
 *   <li>{@code paper} (default): as above. The paper does not say what keeps wᵢ &ge; 0; here a weight that the step
 *       would make negative is set to 0 before the renormalisation (and if all would be 0 the weights stay).</li>
 *   <li>{@code libmtl}: LibMTL's {@code GradNorm}: w = K·softmax(ξ) with logits ξ (ξ₀ = 1, so w₀ = 1), which keeps
 *       Σw = K without renormalising; the plain sum (w = 1, no update) throughout epoch 0; Lᵢ(0) = epoch 0's mean
 *       loss from {@link #endEpoch} (or {@code initial_losses}); ξ ← ξ − lr ∂L_grad/∂ξ with
 *       ∂L_grad/∂ξⱼ = K zⱼ (∂L_grad/∂wⱼ − Σᵢ zᵢ ∂L_grad/∂wᵢ), z = softmax(ξ). LibMTL trains ξ with the network's
 *       optimizer: set {@code lr = 0} and apply that optimizer to {@link #parameterGradient()} to follow it. Per epoch: an epoch that runs more than twice as many steps as the longest earlier one
 *       is taken as a forgotten {@code endEpoch} call ({@link IllegalStateException}).</li>
 * </ul>
 *
 * <p>Losses must be &ge; 0 and the initial losses &gt; 0 (they divide). Stateful (the weights or logits, the
 * initial losses, the epoch count), not thread-safe; {@link #copy()} gives the same configuration with fresh state.
 *
 * @since 0.1.0
 */
public final class GradNorm implements GramWeighting, LearnableWeighting {

    /** Registry name. */
    public static final String NAME = "gradnorm";
    /** The paper's restoring force (also LibMTL's default). */
    public static final double DEFAULT_ALPHA = 1.5;
    /** Learning rate of the weights' own gradient step unless the user says otherwise. */
    public static final double DEFAULT_LR = 0.025;
    /** The paper's rule unless the user asks for LibMTL's. */
    public static final Variant DEFAULT_VARIANT = Variant.PAPER;

    /** Whose rule. */
    public enum Variant {
        /** Chen et al.: weights from 1, their own gradient step, renormalised to Σw = K, Lᵢ(0) from the first step. */
        PAPER,
        /** LibMTL: w = K softmax(ξ), plain sum in epoch 0, Lᵢ(0) = epoch 0's mean loss. */
        LIBMTL
    }

    private static final String INITIAL_LOSSES = "initial_losses";

    private final double alpha;
    private final double lr;
    private final double[] initialLosses; // configured Lᵢ(0), or null: from the run
    private final Variant variant;
    private final LearnedParameters parameters; // w (paper) or ξ (libmtl), both starting at 1
    private final EpochClock clock = new EpochClock();
    private double[] runInitialLosses; // Lᵢ(0) taken from the run; null until then

    private GradNorm(double alpha, double lr, double[] initialLosses, Variant variant) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and >= 0, got alpha = " + alpha);
        }
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr must be finite and >= 0, got lr = " + lr);
        }
        if (variant == null) {
            throw new IllegalArgumentException("variant must not be null");
        }
        for (int i = 0; initialLosses != null && i < initialLosses.length; i++) {
            if (!(initialLosses[i] > 0) || Double.isInfinite(initialLosses[i])) {
                throw new IllegalArgumentException("initial_losses must be finite and > 0 (GradNorm divides by them),"
                        + " got initial_losses[" + i + "] = " + initialLosses[i]);
            }
        }
        if (initialLosses != null && initialLosses.length == 0) {
            throw new IllegalArgumentException("initial_losses must hold one value per task, got 0 values");
        }
        this.alpha = alpha;
        this.lr = lr;
        this.initialLosses = initialLosses == null ? null : initialLosses.clone();
        this.variant = variant;
        this.parameters = new LearnedParameters(NAME, 1.0, null);
    }

    /**
     * GradNorm as in the paper: α = {@value #DEFAULT_ALPHA}, lr = {@value #DEFAULT_LR}, Lᵢ(0) from the first step.
     *
     * @return a new instance with fresh state
     */
    public static GradNorm defaults() {
        return new GradNorm(DEFAULT_ALPHA, DEFAULT_LR, null, DEFAULT_VARIANT);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param alpha the restoring force α &ge; 0
     * @return a new instance
     */
    public GradNorm withAlpha(double alpha) {
        return new GradNorm(alpha, lr, initialLosses, variant);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param lr the learning rate of the weights' own gradient step, &ge; 0 (0: the caller updates them)
     * @return a new instance
     */
    public GradNorm withLearningRate(double lr) {
        return new GradNorm(alpha, lr, initialLosses, variant);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param initialLosses Lᵢ(0), K values &gt; 0; or null to take them from the run
     * @return a new instance
     */
    public GradNorm withInitialLosses(double[] initialLosses) {
        return new GradNorm(alpha, lr, initialLosses, variant);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param variant the paper's rule or LibMTL's
     * @return a new instance
     */
    public GradNorm withVariant(Variant variant) {
        return new GradNorm(alpha, lr, initialLosses, variant);
    }

    /**
     * The restoring force.
     *
     * @return α
     */
    public double alpha() {
        return alpha;
    }

    /**
     * The learning rate of the weights' own step.
     *
     * @return lr
     */
    public double learningRate() {
        return lr;
    }

    /**
     * Whose rule this is.
     *
     * @return the variant
     */
    public Variant variant() {
        return variant;
    }

    /**
     * This step's weights, then one update of the weights (or logits) from L_grad.
     *
     * @param gramian G = J Jᵀ (only its diagonal is used)
     * @param losses  the K losses of this step, each &ge; 0
     * @return the weights of this step's direction
     */
    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        double[] l = LossChecks.nonNegative(NAME, k, losses, "divides the losses by the initial losses");
        if (initialLosses != null && initialLosses.length != k) {
            throw new IllegalArgumentException("initial_losses has " + initialLosses.length + " values but there are "
                    + k + " tasks");
        }
        if (runInitialLosses != null && runInitialLosses.length != k) {
            throw new IllegalArgumentException("'" + NAME + "' has initial losses for K = " + runInitialLosses.length
                    + " tasks and now gets K = " + k + "; call reset() before changing the number of tasks");
        }
        double[] p = parameters.forTasks(k);
        if (variant == Variant.LIBMTL) {
            clock.step(NAME);
            if (clock.epoch() == 0) {
                double[] ones = new double[k];
                Arrays.fill(ones, 1.0);
                return Weights.of(ones);
            }
        } else if (runInitialLosses == null && initialLosses == null) {
            runInitialLosses = LossChecks.positive(NAME, k, losses, "divides by the losses of its first step");
        }
        double[] w = variant == Variant.PAPER ? p.clone() : softmaxTimesK(p);
        double[] gradW = weightGradient(gramian, l, w);
        if (variant == Variant.PAPER) {
            parameters.applyGradient(gradW);
            stepWeights(p, gradW);
        } else {
            double mean = 0; // Σᵢ zᵢ ∂L_grad/∂wᵢ with z = w/K
            for (int i = 0; i < k; i++) {
                mean += w[i] / k * gradW[i];
            }
            double[] gradXi = new double[k];
            for (int i = 0; i < k; i++) {
                gradXi[i] = w[i] * (gradW[i] - mean);
            }
            parameters.applyGradient(gradXi);
            for (int i = 0; i < k; i++) {
                p[i] -= lr * gradXi[i];
            }
        }
        return Weights.of(w);
    }

    /** ∂L_grad/∂wᵢ = sign(Gᵢ − Ḡ rᵢ^α) nᵢ at the weights w. */
    private double[] weightGradient(Gramian gramian, double[] l, double[] w) {
        int k = w.length;
        double[] l0 = initialLosses != null ? initialLosses : runInitialLosses;
        double[] n = new double[k];
        double[] g = new double[k];
        double meanG = 0;
        double[] ratio = new double[k];
        double meanRatio = 0;
        for (int i = 0; i < k; i++) {
            n[i] = gramian.norm(i);
            g[i] = Math.abs(w[i]) * n[i];
            meanG += g[i] / k;
            ratio[i] = l[i] / l0[i];
            meanRatio += ratio[i] / k;
        }
        double[] grad = new double[k];
        for (int i = 0; i < k; i++) {
            double r = meanRatio > 0 ? ratio[i] / meanRatio : 1.0;
            grad[i] = Math.signum(g[i] - meanG * Math.pow(r, alpha)) * n[i];
        }
        return grad;
    }

    /** The paper's update of w in place: a gradient step, negative weights to 0, renormalised to Σw = K. */
    private void stepWeights(double[] w, double[] grad) {
        int k = w.length;
        double[] next = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            next[i] = Math.max(0.0, w[i] - lr * grad[i]);
            sum += next[i];
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            return; // every weight would vanish (or the step overflowed): keep the weights
        }
        for (int i = 0; i < k; i++) {
            w[i] = k * (next[i] / sum);
        }
    }

    private static double[] softmaxTimesK(double[] xi) {
        double[] w = Softmax.of(xi);
        for (int i = 0; i < w.length; i++) {
            w[i] *= w.length;
        }
        return w;
    }

    /**
     * Ends an epoch. For the {@code libmtl} variant the first call's losses are Lᵢ(0) (unless
     * {@code initial_losses} is set) and ends epoch 0's plain sum; for {@code paper} it changes nothing.
     *
     * @param epochMeanLosses the K mean training losses of the epoch that ended (each &gt; 0 when they become
     *                        Lᵢ(0))
     */
    @Override
    public void endEpoch(TaskLosses epochMeanLosses) {
        if (epochMeanLosses == null) {
            throw new IllegalArgumentException("epochMeanLosses must not be null");
        }
        if (variant != Variant.LIBMTL) {
            return;
        }
        if (clock.epoch() == 0 && initialLosses == null) {
            runInitialLosses = LossChecks.positive(NAME, epochMeanLosses.size(), epochMeanLosses,
                    "divides by the mean losses of epoch 0");
        }
        clock.endEpoch();
    }

    /**
     * The weights w ({@code paper}) or the logits ξ ({@code libmtl}).
     *
     * @return a copy, or an empty array before the first step
     */
    @Override
    public double[] parameters() {
        return parameters.values();
    }

    /**
     * ∂L_grad/∂w ({@code paper}) or ∂L_grad/∂ξ ({@code libmtl}) at the last step's parameters.
     *
     * @return a copy, or an empty array before the first update
     */
    @Override
    public double[] parameterGradient() {
        return parameters.gradient();
    }

    /**
     * Replaces the weights ({@code paper}; keep them &ge; 0 and renormalise to Σw = K as the paper does) or the
     * logits ({@code libmtl}).
     *
     * @param values K finite values
     */
    @Override
    public void setParameters(double[] values) {
        parameters.set(values);
    }

    /**
     * Whether the method steps its weights (or logits) itself.
     *
     * @return true when {@code lr} &gt; 0 (the default); false when the caller trains them
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
        parameters.reset();
        clock.reset();
        runInitialLosses = null;
    }

    @Override
    public CombinerState snapshot() {
        TreeMap<String, double[]> values = new TreeMap<>();
        parameters.save(values);
        clock.save(values);
        values.put(INITIAL_LOSSES, StateValues.orEmpty(runInitialLosses));
        return CombinerState.of(NAME, values);
    }

    @Override
    public void restore(CombinerState state) {
        StateValues.owned(state, NAME);
        double[] saved = StateValues.vectorOrNull(state, INITIAL_LOSSES, -1);
        for (int i = 0; saved != null && i < saved.length; i++) {
            if (!(saved[i] > 0)) {
                throw new IllegalArgumentException("state value '" + INITIAL_LOSSES + "' of " + NAME
                        + " must be > 0, got " + Arrays.toString(saved));
            }
        }
        parameters.restore(state);
        clock.restore(state);
        runInitialLosses = saved;
    }

    /**
     * The same configuration with fresh state (a checkpoint continues through {@link #snapshot()} and
     * {@link #restore}).
     *
     * @return a new instance
     */
    @Override
    public GradNorm copy() {
        return new GradNorm(alpha, lr, initialLosses, variant);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "GradNorm: weights learned to balance weighted gradient norms and training rates",
                Set.of("alpha", "lr", "initial_losses", "variant"), o -> new GramCombiner(new GradNorm(
                        o.getDouble("alpha", DEFAULT_ALPHA), o.getDouble("lr", DEFAULT_LR),
                        o.getDoubleArray("initial_losses", null),
                        o.getEnum("variant", Variant.class, DEFAULT_VARIANT))));
    }

    /** Equal configuration (the state is not compared). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GradNorm)) {
            return false;
        }
        GradNorm other = (GradNorm) o;
        return Double.compare(alpha, other.alpha) == 0 && Double.compare(lr, other.lr) == 0
                && Arrays.equals(initialLosses, other.initialLosses) && variant == other.variant;
    }

    @Override
    public int hashCode() {
        return ((Double.hashCode(alpha) * 31 + Double.hashCode(lr)) * 31 + Arrays.hashCode(initialLosses)) * 31
                + variant.hashCode();
    }

    @Override
    public String toString() {
        return NAME + "(alpha=" + alpha + ", lr=" + lr + ", initial_losses="
                + (initialLosses == null ? "from the run" : Arrays.toString(initialLosses)) + ", variant="
                + variant.name().toLowerCase(Locale.ROOT) + ")";
    }
}
