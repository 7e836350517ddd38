package org.mto4j.examples.study.training;

import java.util.Arrays;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * DL4J's multi-class cross-entropy as the mean over the labeled examples of a batch, for the study's low-resource
 * variant: DL4J's own masked loss divides by the batch size B, the study's by the number of labeled examples.
 * <pre>
 *   DL4J (LossMCXENT, then the output layer / the updater divide by B):   Σᵢ mᵢ ℓᵢ / B
 *   this class (the score array and the gradient times B / max(1, Σᵢ mᵢ)):  Σᵢ mᵢ ℓᵢ / max(1, Σᵢ mᵢ)
 *   ℓᵢ = −Σ_c y_ic log p_ic,   mᵢ ∈ {0, 1} the example's label mask ([B, 1]), no mask: mᵢ = 1
 * </pre>
 * the loss {@code org.mto4j.examples.study.data.MultiTaskDataset} defines, so that the right digit's loss in
 * {@code multi-digits-low} keeps the scale of a fully labeled task instead of shrinking with its labeled fraction.
 * A batch with no labeled example gives loss 0 and gradient 0. Softmax clipping as in {@link LossMCXENT}.
 *
 * <p>Immutable; thread-safe.
 *
 * @since 0.1.0
 */
public final class MaskedMeanCrossEntropy extends LossMCXENT {
    private static final long serialVersionUID = 1L;

    @Override
    protected INDArray scoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return super.scoreArray(labels, preOutput, activationFn, mask).muli(scale(labels, mask));
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return super.computeGradient(labels, preOutput, activationFn, mask).muli(scale(labels, mask));
    }

    /** B / max(1, Σ m): 1 without a mask. */
    static double scale(INDArray labels, INDArray mask) {
        if (mask == null) {
            return 1.0;
        }
        if (mask.rank() != 2 || mask.size(1) != 1 || mask.size(0) != labels.size(0)) {
            throw new IllegalArgumentException("the label mask must have one value per example, shape ["
                    + labels.size(0) + ", 1]; got " + Arrays.toString(mask.shape()));
        }
        return labels.size(0) / Math.max(1.0, mask.sumNumber().doubleValue());
    }

    @Override
    public String name() {
        return "MaskedMeanMCXENT";
    }

    @Override
    public String toString() {
        return name() + "(softmaxClipEps=" + getSoftmaxClipEps() + ")";
    }
}
