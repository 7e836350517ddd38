package org.mto4j.training.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A loss function times a constant: score and gradient of {@code scale · inner}. Installed in an output layer for
 * the duration of one weighted pass. (A label mask is no substitute: DL4J multiplies the output layer's
 * pre-activations by the mask as well, so a mask of 0.2 changes the prediction, not just the loss's weight.)
 */
final class ScaledLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;

    private final ILossFunction inner;
    private final double scale;

    ScaledLoss(ILossFunction inner, double scale) {
        this.inner = inner;
        this.scale = scale;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return scale * inner.computeScore(labels, preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return inner.computeScoreArray(labels, preOutput, activationFn, mask).muli(scale);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return inner.computeGradient(labels, preOutput, activationFn, mask).muli(scale);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray mask, boolean average) {
        Pair<Double, INDArray> p = inner.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
        return new Pair<>(scale * p.getFirst(), p.getSecond().muli(scale));
    }

    @Override
    public String name() {
        return scale + " * " + inner.name();
    }

    @Override
    public String toString() {
        return name();
    }
}
