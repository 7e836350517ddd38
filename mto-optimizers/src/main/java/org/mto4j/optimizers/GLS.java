package org.mto4j.optimizers;

import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Geometric Loss Strategy: minimise the geometric mean of the task losses.
 * <pre>
 *   objective   L_GLS = (Πᵢ Lᵢ)^(1/K)
 *   gradient    ∇L_GLS = Σᵢ wᵢ gᵢ,   wᵢ = ∂L_GLS/∂Lᵢ = L_GLS / (K Lᵢ)
 * </pre>
 * Each task's weight is inversely proportional to its loss; multiplying any one loss by a constant multiplies the
 * direction by a positive factor and leaves its orientation unchanged. A stateless {@link LossWeighting}: apply it as the weighted loss Σᵢ wᵢ Lᵢ with the weights held
 * constant (one backward pass; its gradient is ∇L_GLS and its value is L_GLS), or through
 * {@link LossWeightingCombiner} as d = Σᵢ wᵢ gᵢ. The geometric mean is computed from logarithms, so products of
 * many small or large losses neither underflow nor overflow.
 *
 * <p>Chennupati, Sistu, Yogamani, Rawashdeh, "MultiNet++: Multi-Stream Feature Aggregation and Geometric Loss
 * Strategy for Multi-Task Learning", CVPR Workshops 2019 (arXiv:1904.08492).
 *
 * <p>No options. LibMTL's {@code GLS} gives the same direction, but the weights it reports,
 * Lᵢ / (K Πⱼ Lⱼ), are not the derivative; the weights reported here are. Every loss must be &gt; 0 (the geometric
 * mean of a zero loss has no useful gradient, and of a negative one no real value): otherwise an
 * {@link IllegalArgumentException} names the task.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class GLS implements LossWeighting {

    /** Registry name. */
    public static final String NAME = "gls";

    private static final GLS INSTANCE = new GLS();

    private GLS() {
    }

    /**
     * The single instance.
     *
     * @return GLS
     */
    public static GLS instance() {
        return INSTANCE;
    }

    /**
     * The derivative of the geometric mean with respect to each loss.
     *
     * @param numTasks K &ge; 1
     * @param losses   the K losses, each &gt; 0
     * @return wᵢ = (Πⱼ Lⱼ)^(1/K) / (K Lᵢ)
     */
    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        double[] l = LossChecks.positive(NAME, numTasks, losses, "takes the geometric mean of the losses");
        double[] logs = new double[numTasks];
        double meanLog = 0;
        for (int i = 0; i < numTasks; i++) {
            logs[i] = Math.log(l[i]);
            meanLog += logs[i];
        }
        meanLog /= numTasks;
        double[] w = new double[numTasks];
        for (int i = 0; i < numTasks; i++) {
            w[i] = Math.exp(meanLog - logs[i]) / numTasks;
        }
        return Weights.of(w);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsLosses() {
        return true;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "geometric loss strategy: the gradient of the geometric mean of the losses",
                Set.of(), o -> new LossWeightingCombiner(INSTANCE));
    }

    @Override
    public String toString() {
        return NAME;
    }
}
