package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeMap;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Dynamic Weight Average: each epoch's task weights are a softmax of how fast each task's loss fell over the two
 * epochs before.
 * <pre>
 *   rᵢ(t−1) = L̄ᵢ(t−1) / L̄ᵢ(t−2)                  L̄ᵢ(e): task i's mean training loss in epoch e
 *   wᵢ(t)   = K · exp(rᵢ(t−1)/T) / Σⱼ exp(rⱼ(t−1)/T)
 *   wᵢ(0) = wᵢ(1) = 1                             (epochs counted from 0; no history yet)
 * </pre>
 * The weights are constant within an epoch and sum to K; a task whose loss falls slowly gets more weight. A
 * {@link LossWeighting}: apply it as the weighted loss Σᵢ wᵢ Lᵢ with one backward pass, or through
 * {@link LossWeightingCombiner} as d = Σᵢ wᵢ gᵢ.
 *
 * <p>Liu, Johns, Davison, "End-to-End Multi-Task Learning with Attention", CVPR 2019 (arXiv:1803.10704).
 *
 * <p><b>Epochs.</b> The training loop calls {@link #endEpoch(TaskLosses)} after every epoch with the epoch's mean
 * task losses (the combiners pass the call on). An epoch that runs more than twice as many steps as the longest
 * earlier one is taken as a forgotten call and fails with an {@link IllegalStateException}, since DWA would
 * otherwise keep stale weights silently; before the first call nothing can be checked.
 *
 * <p>Option: {@code temperature} T &gt; 0 (default {@value #DEFAULT_TEMPERATURE}, the paper's and LibMTL's).
 * LibMTL's {@code DWA(T)} is reproduced by calling {@code endEpoch} with the columns of its
 * {@code train_loss_buffer}; it reports the same weights. The step's own losses are not used (may be null).
 *
 * <p>Stateful (the mean losses of the last two epochs, the epoch count), not thread-safe; {@link #copy()} gives
 * the same configuration with fresh state.
 *
 * @since 0.1.0
 */
public final class DWA implements LossWeighting {

    /** Registry name. */
    public static final String NAME = "dwa";
    /** The paper's temperature. */
    public static final double DEFAULT_TEMPERATURE = 2.0;

    private static final String LAST = "last_epoch_mean_losses";
    private static final String BEFORE = "epoch_before_mean_losses";

    private final double temperature;
    private final EpochClock clock = new EpochClock();
    private double[] lastEpoch;   // L̄(t−1), null before the first endEpoch
    private double[] epochBefore; // L̄(t−2), null before the second

    private DWA(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got temperature = "
                    + temperature);
        }
        this.temperature = temperature;
    }

    /**
     * DWA with temperature {@value #DEFAULT_TEMPERATURE}.
     *
     * @return a new instance with fresh state
     */
    public static DWA defaults() {
        return new DWA(DEFAULT_TEMPERATURE);
    }

    /**
     * The same method with another temperature, with fresh state.
     *
     * @param temperature T &gt; 0
     * @return a new instance
     */
    public DWA withTemperature(double temperature) {
        return new DWA(temperature);
    }

    /**
     * The softmax temperature.
     *
     * @return T
     */
    public double temperature() {
        return temperature;
    }

    /**
     * The weights of the current epoch.
     *
     * @param numTasks K &ge; 1, as in the epochs ended so far
     * @param losses   not used; may be null
     * @return all 1 in epochs 0 and 1, then K · softmax(r/T)
     * @throws IllegalStateException if the epoch has run so long that {@link #endEpoch} was evidently not called
     */
    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        requireTasks(numTasks);
        clock.step(NAME);
        double[] w = new double[numTasks];
        if (epochBefore == null) {
            Arrays.fill(w, 1.0);
            return Weights.of(w);
        }
        double[] r = new double[numTasks];
        for (int i = 0; i < numTasks; i++) {
            r[i] = lastEpoch[i] / epochBefore[i] / temperature;
        }
        double[] p = Softmax.of(r);
        for (int i = 0; i < numTasks; i++) {
            w[i] = numTasks * p[i];
        }
        return Weights.of(w);
    }

    private void requireTasks(int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("numTasks must be >= 1, got " + numTasks);
        }
        if (lastEpoch != null && lastEpoch.length != numTasks) {
            throw new IllegalArgumentException("'" + NAME + "' has epoch losses for K = " + lastEpoch.length
                    + " tasks and now gets K = " + numTasks + "; call reset() before changing the number of tasks");
        }
    }

    /**
     * Records an ended epoch's mean losses; from the epoch after the second call on, the weights follow them.
     *
     * @param epochMeanLosses the K mean training losses of the epoch that ended, each &gt; 0 (DWA divides by them)
     */
    @Override
    public void endEpoch(TaskLosses epochMeanLosses) {
        if (epochMeanLosses == null) {
            throw new IllegalArgumentException("epochMeanLosses must not be null");
        }
        int k = epochMeanLosses.size();
        requireTasks(k);
        double[] mean = LossChecks.positive(NAME, k, epochMeanLosses, "divides by the epoch mean losses");
        epochBefore = lastEpoch;
        lastEpoch = mean;
        clock.endEpoch();
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
        clock.reset();
        lastEpoch = null;
        epochBefore = null;
    }

    @Override
    public CombinerState snapshot() {
        TreeMap<String, double[]> values = new TreeMap<>();
        clock.save(values);
        values.put(LAST, StateValues.orEmpty(lastEpoch));
        values.put(BEFORE, StateValues.orEmpty(epochBefore));
        return CombinerState.of(NAME, values);
    }

    @Override
    public void restore(CombinerState state) {
        StateValues.owned(state, NAME);
        double[] last = StateValues.vectorOrNull(state, LAST, -1);
        double[] before = StateValues.vectorOrNull(state, BEFORE, last == null ? 0 : last.length);
        if (last == null && before != null) {
            throw new IllegalArgumentException("state of " + NAME + " has the losses of the epoch before the last"
                    + " but not of the last");
        }
        clock.restore(state);
        lastEpoch = last;
        epochBefore = before;
    }

    /**
     * The same configuration with fresh state (a checkpoint continues through {@link #snapshot()} and
     * {@link #restore}).
     *
     * @return a new instance
     */
    @Override
    public DWA copy() {
        return new DWA(temperature);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "dynamic weight average: softmax of the last epochs' loss ratios",
                Set.of("temperature"), o -> new LossWeightingCombiner(
                        new DWA(o.getDouble("temperature", DEFAULT_TEMPERATURE))));
    }

    /** Equal configuration (the state is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof DWA && Double.compare(temperature, ((DWA) o).temperature) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(temperature);
    }

    @Override
    public String toString() {
        return NAME + "(temperature=" + temperature + ")";
    }
}
