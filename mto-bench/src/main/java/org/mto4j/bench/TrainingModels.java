package org.mto4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.mto4j.core.Combiners;
import org.mto4j.training.dl4j.ComputationGraphMultiTask;
import org.mto4j.training.samediff.SameDiffMultiTask;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The model of the training-step benchmarks, the shape the study trains: 64 inputs (an 8 x 8 image), a shared trunk
 * of two dense ReLU layers of {@code hidden} units, and K softmax heads of {@value #CLASSES} classes with
 * cross-entropy losses; a batch of {@value #BATCH}. Built the same way for SameDiff and DL4J, from seeds.
 */
final class TrainingModels {

    static final int INPUTS = 64;
    static final int CLASSES = 10;
    static final int BATCH = 64;
    static final double LEARNING_RATE = 1e-3;

    private TrainingModels() {
    }

    /** The model as a SameDiff graph: placeholders x, y0, y1, ...; losses loss0, loss1, ...; heads hw_t, hb_t. */
    static SameDiff sameDiffGraph(int k, int hidden, DataType type) {
        Nd4j.getRandom().setSeed(BenchData.SEED);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", type, -1, INPUTS);
        SDVariable h = sd.nn.relu(x.mmul(sd.var("w1", init(type, INPUTS, hidden))).add(sd.var("b1",
                Nd4j.zeros(type, hidden))), 0);
        h = sd.nn.relu(h.mmul(sd.var("w2", init(type, hidden, hidden))).add(sd.var("b2", Nd4j.zeros(type, hidden))),
                0);
        for (int t = 0; t < k; t++) {
            SDVariable y = sd.placeHolder("y" + t, type, -1, CLASSES);
            SDVariable logits = h.mmul(sd.var("hw" + t, init(type, hidden, CLASSES)))
                    .add(sd.var("hb" + t, Nd4j.zeros(type, CLASSES)));
            sd.loss.softmaxCrossEntropy("loss" + t, y, logits, null);
        }
        return sd;
    }

    static SameDiffMultiTask sameDiff(String method, int k, int hidden, DataType type) {
        SameDiffMultiTask.Builder b = SameDiffMultiTask.builder(sameDiffGraph(k, hidden, type))
                .sharedVariables("w1", "b1", "w2", "b2");
        for (int t = 0; t < k; t++) {
            b.task("task" + t, "loss" + t, "hw" + t, "hb" + t);
        }
        return b.combiner(Combiners.create(method, options(method, k))).updater(new Adam(LEARNING_RATE)).build();
    }

    private static INDArray init(DataType type, int in, int out) {
        return Nd4j.randn(type, in, out).muli(Math.sqrt(2.0 / in));
    }

    static ComputationGraph graph(int k, int hidden, DataType type) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(BenchData.SEED)
                .dataType(type).updater(new Adam(LEARNING_RATE)).weightInit(WeightInit.RELU).graphBuilder()
                .addInputs("x")
                .addLayer("trunk1", new DenseLayer.Builder().nIn(INPUTS).nOut(hidden).activation(Activation.RELU)
                        .build(), "x")
                .addLayer("trunk2", new DenseLayer.Builder().nIn(hidden).nOut(hidden).activation(Activation.RELU)
                        .build(), "trunk1");
        String[] outputs = new String[k];
        for (int t = 0; t < k; t++) {
            outputs[t] = "out" + t;
            g.addLayer(outputs[t], new OutputLayer.Builder(LossFunction.MCXENT).nIn(hidden).nOut(CLASSES)
                    .activation(Activation.SOFTMAX).build(), "trunk2");
        }
        ComputationGraph graph = new ComputationGraph(g.setOutputs(outputs).build());
        graph.init();
        return graph;
    }

    static ComputationGraphMultiTask dl4j(String method, int k, int hidden, DataType type) {
        ComputationGraphMultiTask.Builder b = ComputationGraphMultiTask.builder(graph(k, hidden, type))
                .sharedLayers("trunk1", "trunk2");
        for (int t = 0; t < k; t++) {
            b.task("task" + t, "out" + t);
        }
        return b.combiner(Combiners.create(method, options(method, k))).build();
    }

    private static Map<String, ?> options(String method, int k) {
        return BenchData.options(method, k);
    }

    /** Random inputs and one-hot labels for K tasks, as placeholder values (x, y0, y1, ...). */
    static Map<String, INDArray> placeholders(int k, DataType type) {
        Random r = new Random(BenchData.SEED);
        Map<String, INDArray> batch = new LinkedHashMap<>();
        double[][] x = new double[BATCH][INPUTS];
        for (double[] row : x) {
            for (int j = 0; j < INPUTS; j++) {
                row[j] = r.nextGaussian();
            }
        }
        batch.put("x", Nd4j.createFromArray(x).castTo(type));
        for (int t = 0; t < k; t++) {
            double[][] y = new double[BATCH][CLASSES];
            for (double[] row : y) {
                row[r.nextInt(CLASSES)] = 1.0;
            }
            batch.put("y" + t, Nd4j.createFromArray(y).castTo(type));
        }
        return batch;
    }

    /** The same batch as a MultiDataSet (features x, labels y0, y1, ...). */
    static MultiDataSet multiDataSet(int k, DataType type) {
        Map<String, INDArray> p = placeholders(k, type);
        List<INDArray> labels = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            labels.add(p.get("y" + t));
        }
        return new MultiDataSet(new INDArray[] {p.get("x")}, labels.toArray(new INDArray[0]));
    }
}
