package org.mto4j.training.dl4j;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/** Reads and replaces the loss function of the output-layer configurations whose loss can be scaled. */
final class OutputLoss {

    static final String SUPPORTED = "OutputLayer, RnnOutputLayer, CenterLossOutputLayer, LossLayer, RnnLossLayer, "
            + "CnnLossLayer";

    private OutputLoss() {
    }

    static boolean supports(Layer conf) {
        return conf instanceof BaseOutputLayer || conf instanceof LossLayer || conf instanceof RnnLossLayer
                || conf instanceof CnnLossLayer;
    }

    static ILossFunction get(Layer conf) {
        if (conf instanceof BaseOutputLayer) {
            return ((BaseOutputLayer) conf).getLossFn();
        } else if (conf instanceof LossLayer) {
            return ((LossLayer) conf).getLossFn();
        } else if (conf instanceof RnnLossLayer) {
            return ((RnnLossLayer) conf).getLossFn();
        } else if (conf instanceof CnnLossLayer) {
            return ((CnnLossLayer) conf).getLossFn();
        }
        throw new IllegalArgumentException(conf.getClass().getSimpleName() + " is not one of " + SUPPORTED);
    }

    static void set(Layer conf, ILossFunction loss) {
        if (conf instanceof BaseOutputLayer) {
            ((BaseOutputLayer) conf).setLossFn(loss);
        } else if (conf instanceof LossLayer) {
            ((LossLayer) conf).setLossFn(loss);
        } else if (conf instanceof RnnLossLayer) {
            ((RnnLossLayer) conf).setLossFn(loss);
        } else if (conf instanceof CnnLossLayer) {
            ((CnnLossLayer) conf).setLossFn(loss);
        } else {
            throw new IllegalArgumentException(conf.getClass().getSimpleName() + " is not one of " + SUPPORTED);
        }
    }
}
