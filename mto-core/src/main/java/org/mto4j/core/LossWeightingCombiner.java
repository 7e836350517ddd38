package org.mto4j.core;

import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs any {@link LossWeighting} (static weights, Mean, Sum, random or loss-based weights) as a
 * {@link GradientCombiner}: weights on the host, then one GEMV d = Jᵀw. J is read once; no Gram matrix.
 *
 * <p>Non-finite gradients propagate into d, so they are found from d: on the CPU backend while d is written (no
 * extra pass, and rows of weight 0 are checked too), elsewhere by one sum over d (P elements, 1/K of J), where a
 * row whose weight is exactly 0 may not reach d. Only then are J's rows inspected to name them.
 *
 * <p>Thread safety: as thread-safe as the weighting (stateless weightings are).
 *
 * @since 0.1.0
 */
public final class LossWeightingCombiner extends WeightingCombiner<LossWeighting> {

    /**
     * A combiner over a loss weighting.
     *
     * @param weighting the method: weights from the losses alone
     */
    public LossWeightingCombiner(LossWeighting weighting) {
        super(weighting);
    }

    @Override
    public Combination combineInto(TaskGradients gradients, TaskLosses losses, INDArray out) {
        Checks.notNull(gradients, "gradients");
        DirectionKernel.checkOut(gradients, out);
        int k = gradients.numTasks();
        Checks.checkLosses(weighting, k, losses);
        Weights w = Checks.checkWeights(weighting, k, weighting.weigh(k, losses));
        gradients.weightedSumInto(w.values(), out);
        return new Combination(out, w, null);
    }

    /** {@return the weighting, which a training loop may apply as one weighted loss} */
    @Override
    public Optional<LossWeighting> lossWeighting() {
        return Optional.of(weighting);
    }

    @Override
    public LossWeightingCombiner copy() {
        LossWeighting copy = weighting.copy();
        return copy == weighting ? this : new LossWeightingCombiner(copy);
    }
}
