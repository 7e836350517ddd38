package org.mto4j.examples.study.training;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.mto4j.core.GradientCombiner;
import org.mto4j.examples.study.ModelSpec;
import org.mto4j.examples.study.data.MultiTaskDataset;
import org.mto4j.training.MultiTaskStep;
import org.mto4j.training.dl4j.ComputationGraphMultiTask;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The study's network ({@link ModelSpec}) as a DL4J {@link ComputationGraph}, and the multi-task step over it:
 * <pre>
 *   x → trunk0: Dense(h₁), ReLU → trunk1: Dense(h₂), ReLU → ...        shared, He-initialised (WeightInit.RELU)
 *     → out_k: Dense(C_k), softmax, {@link MaskedMeanCrossEntropy}       one head per task, Xavier-initialised
 *   Adam(lr) with DL4J's defaults β₁ 0.9, β₂ 0.999, ε 1e-8; decoupled weight decay when > 0; biases 0
 * </pre>
 * Every random draw of the initialisation comes from the run's seed (the graph's configuration seed).
 */
final class StudyNetwork {
    static final String INPUT = "x";
    static final String TRUNK = "trunk";
    static final String OUTPUT = "out_";

    private StudyNetwork() {
    }

    /** A new, initialised graph for a data set's shape. */
    static ComputationGraph graph(ModelSpec model, MultiTaskDataset shape, long seed, double learningRate,
            double weightDecay) {
        NeuralNetConfiguration.Builder conf = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(model.dataType()).updater(new Adam(learningRate));
        if (weightDecay > 0) {
            conf.weightDecay(weightDecay);
        }
        ComputationGraphConfiguration.GraphBuilder g = conf.graphBuilder().addInputs(INPUT);
        String previous = INPUT;
        int in = shape.numFeatures();
        int[] hidden = model.hidden();
        for (int l = 0; l < hidden.length; l++) {
            g.addLayer(TRUNK + l, new DenseLayer.Builder().nIn(in).nOut(hidden[l]).activation(Activation.RELU)
                    .weightInit(WeightInit.RELU).build(), previous);
            previous = TRUNK + l;
            in = hidden[l];
        }
        String[] outputs = new String[shape.numTasks()];
        for (int k = 0; k < outputs.length; k++) {
            outputs[k] = OUTPUT + k;
            g.addLayer(outputs[k], new OutputLayer.Builder(new MaskedMeanCrossEntropy()).nIn(in)
                    .nOut(shape.numClasses(k)).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(),
                    previous);
        }
        ComputationGraph graph = new ComputationGraph(g.setOutputs(outputs).build());
        graph.init();
        return graph;
    }

    /** The multi-task step over a graph of {@link #graph}: the trunk shared, one output per task. */
    static MultiTaskStep<MultiDataSet> step(ComputationGraph graph, ModelSpec model, List<String> tasks,
            GradientCombiner combiner) {
        List<String> trunk = new ArrayList<>();
        for (int l = 0; l < model.hidden().length; l++) {
            trunk.add(TRUNK + l);
        }
        ComputationGraphMultiTask.Builder b = ComputationGraphMultiTask.builder(graph)
                .sharedLayers(trunk.toArray(new String[0]));
        for (int k = 0; k < tasks.size(); k++) {
            b.task(tasks.get(k), OUTPUT + k);
        }
        return b.combiner(combiner).build();
    }
}
