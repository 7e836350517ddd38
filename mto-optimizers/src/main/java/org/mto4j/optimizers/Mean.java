package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * The average of the task gradients: scalarization with equal weights.
 * <pre>
 *   d = (1/K) Σᵢ gᵢ
 * </pre>
 * TorchJD's {@code Mean} aggregator. No options. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Mean implements LossWeighting {

    /** Registry name. */
    public static final String NAME = "mean";

    private static final Mean INSTANCE = new Mean();

    private Mean() {
    }

    /** {@return the single instance} */
    public static Mean instance() {
        return INSTANCE;
    }

    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        double[] w = new double[numTasks];
        Arrays.fill(w, 1.0 / numTasks);
        return Weights.of(w);
    }

    @Override
    public String name() {
        return NAME;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "the average of the task gradients", Set.of(), o -> new LossWeightingCombiner(INSTANCE));
    }

    @Override
    public String toString() {
        return NAME;
    }
}
