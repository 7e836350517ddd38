package org.mto4j.optimizers;

import java.util.Set;
import java.util.TreeMap;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Smooth Tchebycheff scalarization: a smooth maximum (log-sum-exp with smoothing μ) of the normalised log-losses,
 * after a warm-up on the sum of log-losses that fixes the normalisation (the nadir point).
 * <pre>
 *   epochs 0 .. W (warm-up):  objective Σᵢ log Lᵢ                          wᵢ = 1 / Lᵢ
 *   nadir                     zᵢ = L̄ᵢ(W), task i's mean loss in epoch W    (from endEpoch)
 *   epochs &gt; W:               objective K μ log Σᵢ exp(log(Lᵢ / zᵢ) / μ)
 *                             wᵢ = K pᵢ / Lᵢ,   p = softmax(log(L / z) / μ)
 * </pre>
 * As μ → 0 the objective tends to K times the largest normalised log-loss (Tchebycheff); a large μ weighs the
 * tasks more evenly. A {@link LossWeighting}: apply it as the weighted loss Σᵢ wᵢ Lᵢ with the weights held
 * constant (one backward pass; the gradient is the objective's), or through {@link LossWeightingCombiner} as
 * d = Σᵢ wᵢ gᵢ. The reported weights are these wᵢ, the true derivative of the objective (LibMTL reports all 1).
 *
 * <p>Lin, Zhang, Yang, Liu, Wang, Zhang, "Smooth Tchebycheff Scalarization for Multi-Objective Optimization",
 * ICML 2024 (arXiv:2402.19078). The multi-task form above (log-losses, ideal point 0, nadir from a warm-up, the
 * factor K, all preferences 1) is the one of the paper's multi-task code and of LibMTL.
 *
 * <p><b>Epochs.</b> The training loop calls {@link #endEpoch(TaskLosses)} after every epoch with the epoch's mean
 * task losses; the call that ends epoch W sets the nadir. LibMTL averages the losses of the warm-up epoch's steps
 * itself, which is the same mean when the loop passes the mean of its step losses. An epoch that runs more than
 * twice as many steps as the longest earlier one is taken as a forgotten call: {@link IllegalStateException}.
 *
 * <p>Options: {@code mu} μ &gt; 0 (default {@value #DEFAULT_MU}), {@code warmup_epochs} W &ge; 0 (default
 * {@value #DEFAULT_WARMUP_EPOCHS}), both LibMTL's defaults; they reproduce LibMTL's {@code STCH}. LibMTL adds
 * 10⁻²⁰ inside each logarithm; here every loss (and nadir entry) must be &gt; 0, and a loss that is not is an
 * {@link IllegalArgumentException} naming the task.
 *
 * <p>Stateful (the epoch count and the nadir), not thread-safe; {@link #copy()} gives the same configuration with
 * fresh state.
 *
 * @since 0.1.0
 */
public final class STCH implements LossWeighting {

    /** Registry name. */
    public static final String NAME = "stch";
    /** LibMTL's smoothing. */
    public static final double DEFAULT_MU = 1.0;
    /** LibMTL's number of warm-up epochs (the nadir is the mean loss of the last of them, epoch 4). */
    public static final int DEFAULT_WARMUP_EPOCHS = 4;

    private static final String NADIR = "nadir";

    private final double mu;
    private final int warmupEpochs;
    private final EpochClock clock = new EpochClock();
    private double[] nadir; // null until the warm-up has ended

    private STCH(double mu, int warmupEpochs) {
        if (!(mu > 0) || Double.isInfinite(mu)) {
            throw new IllegalArgumentException("mu must be finite and > 0, got mu = " + mu);
        }
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warmup_epochs must be >= 0, got warmup_epochs = " + warmupEpochs);
        }
        this.mu = mu;
        this.warmupEpochs = warmupEpochs;
    }

    /**
     * STCH with μ = {@value #DEFAULT_MU} and {@value #DEFAULT_WARMUP_EPOCHS} warm-up epochs.
     *
     * @return a new instance with fresh state
     */
    public static STCH defaults() {
        return new STCH(DEFAULT_MU, DEFAULT_WARMUP_EPOCHS);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param mu the smoothing μ &gt; 0
     * @return a new instance
     */
    public STCH withMu(double mu) {
        return new STCH(mu, warmupEpochs);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param warmupEpochs W &ge; 0: epochs 0 .. W are the warm-up and epoch W's mean losses become the nadir
     * @return a new instance
     */
    public STCH withWarmupEpochs(int warmupEpochs) {
        return new STCH(mu, warmupEpochs);
    }

    /**
     * The smoothing.
     *
     * @return μ
     */
    public double mu() {
        return mu;
    }

    /**
     * The index of the last warm-up epoch.
     *
     * @return W
     */
    public int warmupEpochs() {
        return warmupEpochs;
    }

    /**
     * The weights of this step: 1/Lᵢ during the warm-up, K pᵢ/Lᵢ after it.
     *
     * @param numTasks K &ge; 1
     * @param losses   the K losses of this step, each &gt; 0
     * @return the derivative of the objective with respect to each loss
     * @throws IllegalStateException if the epoch has run so long that {@link #endEpoch} was evidently not called
     */
    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        double[] l = LossChecks.positive(NAME, numTasks, losses, "takes the logarithm of the losses");
        requireTasks(numTasks);
        clock.step(NAME);
        double[] w = new double[numTasks];
        if (nadir == null) {
            for (int i = 0; i < numTasks; i++) {
                w[i] = 1.0 / l[i];
            }
            return Weights.of(w);
        }
        double[] normalised = new double[numTasks];
        for (int i = 0; i < numTasks; i++) {
            normalised[i] = Math.log(l[i] / nadir[i]) / mu;
        }
        double[] p = Softmax.of(normalised);
        for (int i = 0; i < numTasks; i++) {
            w[i] = numTasks * p[i] / l[i];
        }
        return Weights.of(w);
    }

    private void requireTasks(int numTasks) {
        if (nadir != null && nadir.length != numTasks) {
            throw new IllegalArgumentException("'" + NAME + "' has a nadir for K = " + nadir.length
                    + " tasks and now gets K = " + numTasks + "; call reset() before changing the number of tasks");
        }
    }

    /**
     * Ends an epoch; the call that ends epoch W (the last warm-up epoch) makes its mean losses the nadir.
     *
     * @param epochMeanLosses the K mean training losses of the epoch that ended (each &gt; 0 when they become the
     *                        nadir)
     */
    @Override
    public void endEpoch(TaskLosses epochMeanLosses) {
        if (epochMeanLosses == null) {
            throw new IllegalArgumentException("epochMeanLosses must not be null");
        }
        int k = epochMeanLosses.size();
        requireTasks(k);
        if (clock.epoch() == warmupEpochs) {
            nadir = LossChecks.positive(NAME, k, epochMeanLosses,
                    "divides by the mean losses of the last warm-up epoch (the nadir)");
        }
        clock.endEpoch();
    }

    /**
     * The nadir point, known once the warm-up has ended.
     *
     * @return a copy of z, or an empty array during the warm-up
     */
    public double[] nadir() {
        return StateValues.orEmpty(nadir);
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
        clock.reset();
        nadir = null;
    }

    @Override
    public CombinerState snapshot() {
        TreeMap<String, double[]> values = new TreeMap<>();
        clock.save(values);
        values.put(NADIR, StateValues.orEmpty(nadir));
        return CombinerState.of(NAME, values);
    }

    @Override
    public void restore(CombinerState state) {
        StateValues.owned(state, NAME);
        double[] saved = StateValues.vectorOrNull(state, NADIR, -1);
        for (int i = 0; saved != null && i < saved.length; i++) {
            if (!(saved[i] > 0)) {
                throw new IllegalArgumentException("state value '" + NADIR + "' of " + NAME + " must be > 0, got "
                        + java.util.Arrays.toString(saved));
            }
        }
        clock.restore(state);
        nadir = saved;
    }

    /**
     * The same configuration with fresh state (a checkpoint continues through {@link #snapshot()} and
     * {@link #restore}).
     *
     * @return a new instance
     */
    @Override
    public STCH copy() {
        return new STCH(mu, warmupEpochs);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "smooth Tchebycheff: log-sum-exp of nadir-normalised log-losses after a warm-up",
                Set.of("mu", "warmup_epochs"), o -> new LossWeightingCombiner(new STCH(
                        o.getDouble("mu", DEFAULT_MU), o.getInt("warmup_epochs", DEFAULT_WARMUP_EPOCHS))));
    }

    /** Equal configuration (the state is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof STCH && Double.compare(mu, ((STCH) o).mu) == 0
                && warmupEpochs == ((STCH) o).warmupEpochs;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(mu) * 31 + warmupEpochs;
    }

    @Override
    public String toString() {
        return NAME + "(mu=" + mu + ", warmup_epochs=" + warmupEpochs + ")";
    }
}
