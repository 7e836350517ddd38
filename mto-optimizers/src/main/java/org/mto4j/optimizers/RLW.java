package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Random Loss Weighting: at every step, task weights drawn at random, the softmax of a standard normal draw.
 * <pre>
 *   zᵢ ~ N(0, 1) independently,   wᵢ = exp(zᵢ) / Σⱼ exp(zⱼ),   d = Σᵢ wᵢ gᵢ   (or the loss Σᵢ wᵢ Lᵢ)
 * </pre>
 * The weights are positive and sum to 1. They need neither the Gram matrix nor the losses, so RLW is a
 * {@link LossWeighting}: apply it as a weighted loss with one backward pass, or through
 * {@link LossWeightingCombiner} over J.
 *
 * <p>Lin, Ye, Xu, Shi, Zhang, "Reasonable Effectiveness of Random Weighting: A Litmus Test for Multi-Task
 * Learning", TMLR 2022 (arXiv:2111.10603).
 *
 * <p>Option: {@code seed} (default {@value #DEFAULT_SEED}). The draw of step t (counted from 0 since creation or
 * {@link #reset()}) is the first K values of {@code nextGaussian()} of
 * {@code new SplittableRandom(}{@link #streamSeed(long, long) streamSeed(seed, t)}{@code )}, so a run is
 * reproducible from the seed and the step alone, and resumes exactly after {@link #restore}. LibMTL's
 * {@code RLW(dist='Normal')} (its default) and TorchJD's {@code Random} draw the same distribution from the global
 * torch RNG; they agree with this class in distribution, not draw for draw.
 *
 * <p>Stateful (the step counter), not thread-safe; {@link #copy()} gives the same seed with fresh state.
 *
 * @since 0.1.0
 */
public final class RLW implements LossWeighting {

    /** Registry name. */
    public static final String NAME = "rlw";
    /** Seed unless the user gives one. */
    public static final long DEFAULT_SEED = 0L;

    private static final String STEP = "step";

    private final long seed;
    private long step;

    private RLW(long seed) {
        this.seed = seed;
    }

    /** {@return RLW with seed {@value #DEFAULT_SEED}} */
    public static RLW defaults() {
        return new RLW(DEFAULT_SEED);
    }

    /**
     * RLW with the given seed, fresh state.
     *
     * @param seed the seed of the random weights
     * @return a new instance
     */
    public RLW withSeed(long seed) {
        return new RLW(seed);
    }

    /** {@return the seed of the random weights} */
    public long seed() {
        return seed;
    }

    /** The seed of step {@code step}'s generator: both mixed so that neighbouring seeds and steps are unrelated. */
    static long streamSeed(long seed, long step) {
        return SeedStreams.streamSeed(seed, step);
    }

    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("numTasks must be >= 1, got " + numTasks);
        }
        SplittableRandom random = new SplittableRandom(streamSeed(seed, step));
        step++;
        double[] z = new double[numTasks];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < numTasks; i++) {
            z[i] = random.nextGaussian();
            max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (int i = 0; i < numTasks; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < numTasks; i++) {
            z[i] /= sum;
        }
        return Weights.of(z);
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
    }

    @Override
    public CombinerState snapshot() {
        return CombinerState.of(NAME, Map.of(STEP, new double[] {step}));
    }

    @Override
    public void restore(CombinerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        double[] saved = state.requireOwner(NAME).get(STEP);
        if (saved.length != 1 || !(saved[0] >= 0) || saved[0] != Math.rint(saved[0])) {
            throw new IllegalArgumentException("state of " + NAME + " has an invalid step " + Arrays
                    .toString(saved));
        }
        step = (long) saved[0];
    }

    /** {@return same seed, fresh state} */
    @Override
    public RLW copy() {
        return new RLW(seed);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "random loss weighting: softmax of a seeded standard normal draw per step",
                Set.of("seed"), o -> new LossWeightingCombiner(new RLW(o.getLong("seed", DEFAULT_SEED))));
    }

    /** Equal seed (the step is state and is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RLW && seed == ((RLW) o).seed;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return NAME + "(seed=" + seed + ")";
    }
}
