package org.mto4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs any {@link CrossGramWeighting} (MoDo, SDMGrad): weights from the cross Gram matrix of two batches, direction
 * over a third. One step of the papers' double (triple) sampling:
 * <pre>
 *   C = J₁ J₂ᵀ          one GEMM over the first two batches (K x K to the host)
 *   w = f(C, losses)    the method's update, plain double[] code
 *   d = J₃ᵀ w           one pass over the third batch, into the caller's array
 * </pre>
 * J₁, J₂, J₃ are the task gradients of the shared parameters on three independently drawn mini-batches, at the
 * same parameters. Which batch plays which role matters only for the estimate's independence; LibMTL draws the
 * same three roles in the order (J₃, J₁, J₂) for SDMGrad and (J₁, J₂, J₃) for MoDo.
 *
 * <p><b>One batch.</b> As a {@link GradientCombiner} ({@link #combineInto(TaskGradients, TaskLosses, INDArray)})
 * the same J plays all three roles: C = J Jᵀ (the biased single-sample estimate the papers improve on). This keeps
 * the method usable wherever a combiner is expected; use the three-batch calls for the papers' algorithm.
 *
 * <p><b>Sharded batches.</b> The cross Gram matrix of column-sharded batches is the sum of the shards':
 * <pre>
 *   CrossGramian part = combiner.crossGramian(first shard, second shard);   // on every shard
 *   CrossGramian c = CrossGramian.sum(allParts);                             // a K x K all-reduce
 *   Weights w = combiner.weigh(c, losses);                                   // once per step
 *   combiner.combineShardInto(third shard, w, outShard);                     // on every shard
 * </pre>
 *
 * <p>Thread safety: as thread-safe as the weighting (MoDo and SDMGrad are stateful: not thread-safe).
 *
 * @since 0.1.0
 */
public final class CrossBatchCombiner extends WeightingCombiner<CrossGramWeighting> {

    /**
     * @param weighting the method
     */
    public CrossBatchCombiner(CrossGramWeighting weighting) {
        super(weighting);
    }

    /**
     * One step with a single batch playing all three roles: C = J Jᵀ, d = Jᵀw.
     *
     * @param gradients J, K x P; not modified
     * @param losses    the K losses, or null when the method needs none
     * @param out       P elements of J's data type; overwritten with d and returned in the combination
     * @return d, the weights, and the Gram matrix of J
     */
    @Override
    public Combination combineInto(TaskGradients gradients, TaskLosses losses, INDArray out) {
        Checks.notNull(gradients, "gradients");
        DirectionKernel.checkOut(gradients, out);
        Checks.checkLosses(weighting, gradients.numTasks(), losses);
        Gramian g = Gramian.compute(gradients);
        Weights w = weigh(CrossGramian.fromGramian(g), losses);
        gradients.weightedSumInto(w.values(), out);
        return new Combination(out, w, g);
    }

    /**
     * One step of the double-sampling algorithm, allocating the direction.
     *
     * @param first  J₁, the first batch's task gradients (K x P); not modified
     * @param second J₂, the second batch's, independent of the first; not modified
     * @param third  J₃, the third batch's, on which the direction is formed; not modified
     * @param losses the K losses, or null when the method needs none
     * @return d = J₃ᵀw and the weights (no Gram matrix)
     * @throws IllegalArgumentException for batches that differ in K, P or data type, non-finite gradients (the
     *                                  batch and rows named), or missing or miscounted losses
     */
    public Combination combine(TaskGradients first, TaskGradients second, TaskGradients third, TaskLosses losses) {
        Checks.notNull(third, "third");
        return combineInto(first, second, third, losses, DirectionKernel.allocate(third));
    }

    /**
     * One step of the double-sampling algorithm: weights from C = J₁ J₂ᵀ, direction d = J₃ᵀw into {@code out}.
     *
     * @param first  J₁, the first batch's task gradients (K x P); not modified
     * @param second J₂, the second batch's, independent of the first; not modified
     * @param third  J₃, the third batch's, on which the direction is formed; not modified
     * @param losses the K losses, or null when the method needs none
     * @param out    P elements of the batches' data type; overwritten with d
     * @return d (the caller's {@code out}) and the weights (no Gram matrix)
     * @throws IllegalArgumentException for batches that differ in K, P or data type, non-finite gradients (the
     *                                  batch and rows named), a bad {@code out}, or missing or miscounted losses
     */
    public Combination combineInto(TaskGradients first, TaskGradients second, TaskGradients third,
            TaskLosses losses, INDArray out) {
        CrossGramian.requireSameShape(first, "first", second, "second");
        CrossGramian.requireSameShape(first, "first", third, "third");
        DirectionKernel.checkOut(third, out);
        Checks.checkLosses(weighting, first.numTasks(), losses);
        Weights w = weigh(CrossGramian.compute(first, second), losses);
        third.weightedSumInto(w.values(), out);
        return new Combination(out, w, null);
    }

    /**
     * The cross Gram matrix of two batches, or of one column shard of each (the whole is the sum of the shards').
     *
     * @param first  J₁ or its shard
     * @param second J₂ or its shard (the same columns)
     * @return C = J₁ J₂ᵀ
     * @throws IllegalArgumentException for shapes that differ or non-finite gradients
     */
    public CrossGramian crossGramian(TaskGradients first, TaskGradients second) {
        return CrossGramian.compute(first, second);
    }

    /**
     * The weights for a cross Gram matrix (summed over shards); advances a stateful weighting by one step.
     *
     * @param crossGramian C = J₁ J₂ᵀ
     * @param losses       the K losses, or null when the method needs none
     * @return the weights to apply to the third batch
     */
    public Weights weigh(CrossGramian crossGramian, TaskLosses losses) {
        Checks.notNull(crossGramian, "crossGramian");
        Checks.checkLosses(weighting, crossGramian.size(), losses);
        return Checks.checkWeights(weighting, crossGramian.size(), weighting.weigh(crossGramian, losses));
    }

    /**
     * d_shard = J₃,shardᵀ w: one shard's part of the direction, with the weights of {@link #weigh}.
     *
     * @param shard   a column shard of the third batch
     * @param weights the step's weights
     * @param out     the shard's P_shard elements; overwritten
     * @return {@code out}
     */
    public INDArray combineShardInto(TaskGradients shard, Weights weights, INDArray out) {
        Checks.notNull(shard, "shard");
        Checks.notNull(weights, "weights");
        return shard.weightedSumInto(weights.values(), out);
    }

    @Override
    public CrossBatchCombiner copy() {
        CrossGramWeighting copy = weighting.copy();
        return copy == weighting ? this : new CrossBatchCombiner(copy);
    }
}
