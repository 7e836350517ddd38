package org.mto4j.training.recipes;

import java.util.Map;
import java.util.Random;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.mto4j.core.Combiners;
import org.mto4j.core.TaskLosses;
import org.mto4j.training.MultiTaskStep;
import org.mto4j.training.StepReport;
import org.mto4j.training.dl4j.ComputationGraphMultiTask;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Two regression tasks on a shared trunk, trained with MGDA through a DL4J ComputationGraph. */
public class ComputationGraphRecipe {

    public static void main(String[] args) {
        // 1. The model: one output layer per task; the updater, regularization and clipping are the graph's.
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.FLOAT)
                .updater(new Adam(0.03)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("x")
                .addLayer("trunk", new DenseLayer.Builder().nIn(4).nOut(16).activation(Activation.TANH).build(), "x")
                .addLayer("out_a", new OutputLayer.Builder(LossFunction.MSE).nIn(16).nOut(1)
                        .activation(Activation.IDENTITY).build(), "trunk")
                .addLayer("out_b", new OutputLayer.Builder(LossFunction.MSE).nIn(16).nOut(1)
                        .activation(Activation.IDENTITY).build(), "trunk")
                .setOutputs("out_a", "out_b")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();

        // 2. The step: shared layers, each task's output layer (and any other layers only it uses), the method.
        MultiTaskStep<MultiDataSet> step = ComputationGraphMultiTask.builder(graph)
                .sharedLayers("trunk")
                .task("a", "out_a")
                .task("b", "out_b")
                .combiner(Combiners.create("mgda", Map.of()))
                .build();

        // 3. Train: batches are MultiDataSets with one label array per output, in output order.
        MultiDataSet train = data(256, 1);
        MultiDataSet validation = data(256, 2);
        TaskLosses before = step.evaluate(validation);
        for (int epoch = 0; epoch < 6; epoch++) {
            double[] sum = new double[2];
            for (int b = 0; b < 8; b++) {
                StepReport report = step.fit(slice(train, 32 * b, 32 * (b + 1)));
                sum[0] += report.losses()[0] / 8;
                sum[1] += report.losses()[1] / 8;
            }
            step.endEpoch(TaskLosses.of(sum));
        }
        TaskLosses after = step.evaluate(validation);
        System.out.printf("task a: %.4f -> %.4f, task b: %.4f -> %.4f%n", before.get(0), after.get(0),
                before.get(1), after.get(1));
        if (!(after.get(0) < 0.5 * before.get(0) && after.get(1) < 0.5 * before.get(1))) {
            throw new IllegalStateException("training did not halve both losses");
        }
    }

    /** n examples: y_a = sin(x0 + x1), y_b = x2 - x3 / 2. */
    static MultiDataSet data(int n, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][4];
        float[][] a = new float[n][1];
        float[][] b = new float[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            a[i][0] = (float) Math.sin(x[i][0] + x[i][1]);
            b[i][0] = x[i][2] - x[i][3] / 2;
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {Nd4j.createFromArray(x)},
                new INDArray[] {Nd4j.createFromArray(a), Nd4j.createFromArray(b)});
    }

    static MultiDataSet slice(MultiDataSet data, int from, int to) {
        return new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[] {data.getFeatures(0).get(NDArrayIndex.interval(from, to), NDArrayIndex.all())},
                new INDArray[] {data.getLabels(0).get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                        data.getLabels(1).get(NDArrayIndex.interval(from, to), NDArrayIndex.all())});
    }
}
