package org.mto4j.training.dl4j;

import java.util.Random;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A tiny ComputationGraph with a shared trunk and two outputs: "in" → trunk (dense 3→6, tanh) → hidden_right
 * (dense 6→4, tanh) → out_right (MSE), and trunk → out_left (MSE).
 */
final class TwoOutputGraph {

    private TwoOutputGraph() {
    }

    /** Options of the graph's training configuration. */
    record Config(DataType type, IUpdater updater, double l2, double weightDecay, boolean clip) {
        static Config plain(DataType type) {
            return new Config(type, new Adam(0.05), 0, 0, false);
        }
    }

    static ComputationGraph build(Config c, long seed) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(c.type())
                .updater(c.updater()).weightInit(WeightInit.XAVIER);
        if (c.l2() > 0) {
            b.l2(c.l2());
        }
        if (c.weightDecay() > 0) {
            b.weightDecay(c.weightDecay());
        }
        if (c.clip()) {
            b.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(0.05);
        }
        ComputationGraphConfiguration conf = b.graphBuilder().addInputs("in")
                .addLayer("trunk", new DenseLayer.Builder().nIn(3).nOut(6).activation(Activation.TANH).build(), "in")
                .addLayer("hidden_right", new DenseLayer.Builder().nIn(6).nOut(4).activation(Activation.TANH)
                        .build(), "trunk")
                .addLayer("out_left", new OutputLayer.Builder(LossFunction.MSE).nIn(6).nOut(1)
                        .activation(Activation.IDENTITY).build(), "trunk")
                .addLayer("out_right", new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(1)
                        .activation(Activation.IDENTITY).build(), "hidden_right")
                .setOutputs("out_left", "out_right").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    static ComputationGraphMultiTask.Builder twoTasks(ComputationGraph graph) {
        return ComputationGraphMultiTask.builder(graph).sharedLayers("trunk").task("left", "out_left")
                .task("right", "out_right", "hidden_right");
    }

    /** n examples: y_left = sin(x₀ + x₁), y_right = x₁·x₂/2 − x₀. */
    static MultiDataSet batch(DataType type, int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][3];
        double[][] yl = new double[n][1];
        double[][] yr = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = r.nextGaussian();
            }
            yl[i][0] = Math.sin(x[i][0] + x[i][1]);
            yr[i][0] = 0.5 * x[i][1] * x[i][2] - x[i][0];
        }
        return new MultiDataSet(new INDArray[] {Nd4j.createFromArray(x).castTo(type)},
                new INDArray[] {Nd4j.createFromArray(yl).castTo(type), Nd4j.createFromArray(yr).castTo(type)});
    }
}
