package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * The sum of the task gradients: scalarization with equal weights.
 * <pre>
 *   d = Σᵢ gᵢ
 * </pre>
 * TorchJD's {@code Sum} aggregator. No options. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Sum implements LossWeighting {

    /** Registry name. */
    public static final String NAME = "sum";

    private static final Sum INSTANCE = new Sum();

    private Sum() {
    }

    /** {@return the single instance} */
    public static Sum instance() {
        return INSTANCE;
    }

    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        double[] w = new double[numTasks];
        Arrays.fill(w, 1.0);
        return Weights.of(w);
    }

    @Override
    public String name() {
        return NAME;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "the sum of the task gradients", Set.of(), o -> new LossWeightingCombiner(INSTANCE));
    }

    @Override
    public String toString() {
        return NAME;
    }
}
