package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Scalarization: a fixed weighted sum of the task gradients, the baseline every MTO method must beat.
 * <pre>
 *   d = Σᵢ wᵢ gᵢ,   w fixed (default: all 1), or w / Σⱼ wⱼ with normalisation
 * </pre>
 * Equivalent to one backward pass of the weighted loss Σ wᵢ Lᵢ. Xin, Ghorbani, Garg, Firat, Gilmer, "Do Current
 * Multi-Task Optimization Methods in Deep Learning Even Help?", NeurIPS 2022 (arXiv:2209.11379) find that no MTO
 * method beats it once w and the learning rate are tuned. Registered as {@code static} (weights optional, default
 * equal) and {@code constant} (TorchJD's name; weights required).
 *
 * <p>Options: {@code weights} (K values &ge; 0, not all 0), {@code normalize} (divide by their sum; default false).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class StaticWeighting implements LossWeighting {

    /** Registry name of scalarization with optional weights. */
    public static final String NAME = "static";
    /** Registry name of TorchJD's Constant aggregator: scalarization with required weights. */
    public static final String CONSTANT_NAME = "constant";
    /** Whether weights are divided by their sum unless the user says otherwise. */
    public static final boolean DEFAULT_NORMALIZE = false;

    private final String name;
    private final double[] weights; // null: equal weights for any K
    private final boolean normalize;

    private StaticWeighting(String name, double[] weights, boolean normalize) {
        this.name = name;
        this.weights = weights == null ? null : checked(weights);
        this.normalize = normalize;
    }

    /** {@return equal weights (1 each, or 1/K each when normalised), for any number of tasks} */
    public static StaticWeighting equal() {
        return new StaticWeighting(NAME, null, DEFAULT_NORMALIZE);
    }

    /**
     * Fixed weights for K = {@code weights.length} tasks.
     *
     * @param weights K &ge; 1 finite values &ge; 0, not all 0; copied
     * @return the method
     * @throws IllegalArgumentException naming the offending index and value
     */
    public static StaticWeighting of(double... weights) {
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null");
        }
        return new StaticWeighting(NAME, weights, DEFAULT_NORMALIZE);
    }

    /**
     * The same weights, divided by their sum at each step when {@code normalize}.
     *
     * @param normalize whether the weights are divided by their sum at each step
     * @return a new instance
     */
    public StaticWeighting withNormalize(boolean normalize) {
        return new StaticWeighting(name, weights, normalize);
    }

    private static double[] checked(double[] weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("weights must hold one value per task, got 0 values");
        }
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i]) || weights[i] < 0) {
                throw new IllegalArgumentException("weights must be finite and >= 0, got weights[" + i + "] = "
                        + weights[i] + " in " + Arrays.toString(weights));
            }
            sum += weights[i];
        }
        if (sum == 0) {
            throw new IllegalArgumentException("weights must not all be 0, got " + Arrays.toString(weights));
        }
        return weights.clone();
    }

    /** {@return a copy of the fixed weights, or null for equal weights} */
    public double[] weights() {
        return weights == null ? null : weights.clone();
    }

    /** {@return whether the weights are divided by their sum at each step} */
    public boolean normalize() {
        return normalize;
    }

    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        double[] w;
        if (weights == null) {
            w = new double[numTasks];
            Arrays.fill(w, 1.0);
        } else if (weights.length != numTasks) {
            throw new IllegalArgumentException("weights has length " + weights.length + " but there are "
                    + numTasks + " tasks");
        } else {
            w = weights.clone();
        }
        if (normalize) {
            double sum = 0;
            for (double v : w) {
                sum += v;
            }
            for (int i = 0; i < w.length; i++) {
                w[i] /= sum;
            }
        }
        return Weights.of(w);
    }

    @Override
    public String name() {
        return name;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "scalarization: fixed task weights (default equal)",
                Set.of("weights", "normalize"), o -> {
                    double[] w = o.getDoubleArray("weights", null);
                    StaticWeighting s = w == null ? equal() : of(w);
                    return new LossWeightingCombiner(s.withNormalize(o.getBoolean("normalize", DEFAULT_NORMALIZE)));
                });
    }

    static CombinerSpec constantSpec() {
        return new CombinerSpec(CONSTANT_NAME, "TorchJD's Constant: scalarization with required task weights",
                Set.of("weights", "normalize"), o -> {
                    double[] w = o.getDoubleArray("weights", null);
                    if (w == null) {
                        throw new IllegalArgumentException("option 'weights' of '" + CONSTANT_NAME
                                + "' is required: one value >= 0 per task");
                    }
                    return new LossWeightingCombiner(new StaticWeighting(CONSTANT_NAME, w,
                            o.getBoolean("normalize", DEFAULT_NORMALIZE)));
                });
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StaticWeighting)) {
            return false;
        }
        StaticWeighting other = (StaticWeighting) o;
        return name.equals(other.name) && Arrays.equals(weights, other.weights) && normalize == other.normalize;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(weights)) * 31 + Boolean.hashCode(normalize);
    }

    @Override
    public String toString() {
        return name + "(weights=" + (weights == null ? "equal" : Arrays.toString(weights)) + ", normalize="
                + normalize + ")";
    }
}
