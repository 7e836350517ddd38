package org.mto4j.core;

import java.util.List;

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
     * @return G = J Jᵀ, K x K; for DOUBLE gradients whose squared norms overflow, the Gram matrix of J / s for a
     *         power of two s ({@link Gramian#scale()}), which {@link #weigh} accepts for scale-invariant weightings
     * @throws IllegalArgumentException naming the task rows that hold NaN or infinity
     */
    public Gramian gramian(TaskGradients gradients) {
        return GramKernel.gramian(Checks.notNull(gradients, "gradients").matrix());
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
        return Checks.checkWeights(weighting, gramian.size(), weighting.weigh(forWeighting(gramian), losses));
    }

    /**
     * G itself, or the Gram matrix of J / s when G exceeds double's range and the weights do not depend on the
     * scale of J.
     *
     * @throws IllegalArgumentException naming the rows whose squared norms overflow, for the other weightings
     */
    private Gramian forWeighting(Gramian gramian) {
        if (gramian.scale() == 1) {
            return gramian;
        }
        if (weighting.isScaleInvariant()) {
            return gramian.unitScale();
        }
        List<Integer> rows = gramian.overflowingRows();
        if (rows.isEmpty()) {
            return gramian; // held at a scale for accuracy only: its entries are G's
        }
        throw new IllegalArgumentException("the squared norms of task rows " + rows + " overflow DOUBLE (largest "
                + "norm " + gramian.norm(rows.get(0)) + ") and '" + weighting.name() + "' needs G itself, whose "
                + "weights depend on the scale of the gradients; scale the losses down");
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
        // |d_p| <= ‖d‖ = sqrt(wᵀGw): when that fits the data type no entry of d can overflow.
        double norm = g.directionNorm(values);
        double limit = gradients.dataType() == DataType.FLOAT ? Float.MAX_VALUE : Double.MAX_VALUE;
        if (!(norm <= limit)) {
            throw new IllegalArgumentException("the combined direction overflows " + gradients.dataType()
                    + ": its norm is " + norm + ", beyond " + gradients.dataType() + "'s range; "
                    + (gradients.dataType() == DataType.FLOAT ? "use DOUBLE gradients or " : "")
                    + "scale the losses down");
        }
        // Non-finite rows were caught on G's diagonal and overflow of d by the norm check; the bound Σ|wᵢ|‖gᵢ‖ on
        // the partial sums lets the kernel scale the weights so that none overflows: no check on d needed.
        DirectionKernel.combineInto(gradients.matrix(), values, out, false, DirectionKernel.boundExponent(g, values));
    }

    @Override
    public GramCombiner copy() {
        GramWeighting copy = weighting.copy();
        return copy == weighting ? this : new GramCombiner(copy);
    }
}
