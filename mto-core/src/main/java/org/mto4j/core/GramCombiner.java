package org.mto4j.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs any {@link GramWeighting} as a {@link GradientCombiner}: one GEMM for G = J Jᵀ on J's device, the K x K
 * solve on the host in double, one GEMV for d = Jᵀw. J is read twice and nothing of size K x P is allocated.
 *
 * <p><b>Sharded Jacobians.</b> When J is split by columns across devices or machines, the same step runs without
 * gathering J:
 * <pre>
 *   Gramian part = combiner.gramian(shard);                 // on every shard
 *   Gramian g = Gramian.sum(allParts);                      // a K x K all-reduce, in the user's engine
 *   Weights w = combiner.weigh(g, losses);                  // once per step: stateful methods advance once
 *   combiner.combineShardInto(shard, w, outShard);          // on every shard, with the same weights
 * </pre>
 * The concatenated shard directions equal the unsharded direction.
 *
 * <p>Thread safety: as thread-safe as the weighting (stateless weightings are).
 *
 * @since 0.1.0
 */
public final class GramCombiner extends WeightingCombiner<GramWeighting> {

    /**
     * A combiner over a Gram weighting.
     *
     * @param weighting the method: weights from the Gram matrix (and losses)
     */
    public GramCombiner(GramWeighting weighting) {
        super(weighting);
    }

    @Override
    public Combination combineInto(TaskGradients gradients, TaskLosses losses, INDArray out) {
        Checks.notNull(gradients, "gradients");
        DirectionKernel.checkOut(gradients, out);
        Checks.checkLosses(weighting, gradients.numTasks(), losses);
        Gramian g = GramKernel.gramian(gradients.matrix());
        Weights w = weigh(g, losses);
        applyInto(gradients, g, w, out);
        return new Combination(out, w, g);
    }

    /**
     * The Gram matrix of J, or of one column shard of J (the Gram matrix of the whole is the sum of the shards').
     *
     * @param gradients J, or a column shard of it; not modified
     * @return G = J Jᵀ, K x K
     * @throws IllegalArgumentException naming the task rows that hold NaN or infinity
     */
    public Gramian gramian(TaskGradients gradients) {
        return Gramian.compute(gradients);
    }

    /**
     * The weights for a Gram matrix (summed over shards); advances a stateful weighting by one step.
     *
     * @param gramian G of the whole J
     * @param losses  the K losses, or null when the weighting needs none
     * @return the K weights with the solver's diagnostics
     */
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        Checks.notNull(gramian, "gramian");
        Checks.checkLosses(weighting, gramian.size(), losses);
        return Checks.checkWeights(weighting, gramian.size(), weighting.weigh(gramian, losses));
    }

    /**
     * d_shard = J_shardᵀ w: one shard's part of the direction, with the weights of {@link #weigh}.
     *
     * @param shard   a column shard of J; not modified
     * @param weights the weights {@link #weigh} gave for the whole J
     * @param out     the shard's P_shard elements; overwritten and returned
     * @return {@code out}
     */
    public INDArray combineShardInto(TaskGradients shard, Weights weights, INDArray out) {
        Checks.notNull(shard, "shard");
        Checks.notNull(weights, "weights");
        DirectionKernel.checkOut(shard, out);
        if (weights.size() != shard.numTasks()) {
            throw new IllegalArgumentException("weights must have one value per task: got " + weights.size()
                    + " weights for a shard with " + shard.numTasks() + " tasks");
        }
        DirectionKernel.combineInto(shard.matrix(), weights.values(), out, false);
        return out;
    }

    private static void applyInto(TaskGradients gradients, Gramian g, Weights w, INDArray out) {
        double[] values = w.values();
        if (gradients.dataType() == DataType.FLOAT) {
            // |d_p| <= ‖d‖ = sqrt(wᵀGw): when that fits in FLOAT no entry of d can overflow.
            double norm = Math.sqrt(Math.max(0.0, g.quadraticForm(values)));
            if (norm > Float.MAX_VALUE) {
                throw new IllegalArgumentException("the combined direction has norm " + norm
                        + ", beyond FLOAT's range; use DOUBLE gradients or scale the losses down");
            }
        }
        // Non-finite rows were caught on G's diagonal and overflow by the norm check: no check on d needed.
        DirectionKernel.combineInto(gradients.matrix(), values, out, false);
    }

    @Override
    public GramCombiner copy() {
        GramWeighting copy = weighting.copy();
        return copy == weighting ? this : new GramCombiner(copy);
    }
}
