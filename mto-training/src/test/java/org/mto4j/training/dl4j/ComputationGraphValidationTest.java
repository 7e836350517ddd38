package org.mto4j.training.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mto4j.training.dl4j.TwoOutputGraph.build;

import java.util.Map;
import java.util.function.Function;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.training.dl4j.TwoOutputGraph.Config;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Bad input to the ComputationGraph adapter: a clear IllegalArgumentException naming the thing. */
class ComputationGraphValidationTest {

    private static void rejects(ComputationGraph graph,
                                Function<ComputationGraphMultiTask.Builder, ComputationGraphMultiTask.Builder> setup,
                                String... fragments) {
        double[] before = graph.params() == null ? null : graph.params().toDoubleVector();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setup.apply(
                ComputationGraphMultiTask.builder(graph).combiner(Combiners.create("upgrad"))).build());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should mention '" + f + "'");
        }
        if (before != null) {
            assertArrayEquals(before, graph.params().toDoubleVector(), 0.0);
        }
    }

    private static ComputationGraph graph() {
        return build(Config.plain(DataType.DOUBLE), 1);
    }

    @Test
    void sharedLayerThatDoesNotExist() {
        rejects(graph(), b -> b.sharedLayers("trunk", "trunk2").task("left", "out_left")
                .task("right", "out_right", "hidden_right"), "shared layer 'trunk2'", "does not exist");
    }

    @Test
    void outputThatIsNotAGraphOutput() {
        rejects(graph(), b -> b.sharedLayers("trunk").task("left", "hidden_right").task("right", "out_right"),
                "'hidden_right' of task 'left' is not an output", "[out_left, out_right]");
    }

    @Test
    void graphOutputWithoutATask() {
        rejects(graph(), b -> b.sharedLayers("trunk", "hidden_right").task("left", "out_left"),
                "output 'out_right'", "belongs to no task");
    }

    @Test
    void headListedUnderTwoTasks() {
        rejects(graph(), b -> b.sharedLayers("trunk").task("left", "out_left", "hidden_right")
                .task("right", "out_right", "hidden_right"), "'hidden_right'", "'left' and 'right'");
    }

    @Test
    void layerBothSharedAndHead() {
        rejects(graph(), b -> b.sharedLayers("trunk", "hidden_right").task("left", "out_left")
                .task("right", "out_right", "hidden_right"), "'hidden_right'", "both as shared and as a head");
    }

    @Test
    void headThatFeedsAnotherOutput() {
        rejects(graph(), b -> b.sharedLayers("hidden_right").task("left", "out_left", "trunk")
                .task("right", "out_right"), "'trunk'", "also feeds the loss of task 'right'");
    }

    @Test
    void layerNeitherSharedNorHead() {
        rejects(graph(), b -> b.sharedLayers("trunk").task("left", "out_left").task("right", "out_right"),
                "'hidden_right'", "neither shared nor a head");
    }

    @Test
    void parametersNotFloatOrDouble() {
        rejects(build(Config.plain(DataType.HALF), 1), b -> b.sharedLayers("trunk").task("left", "out_left")
                .task("right", "out_right", "hidden_right"), "HALF", "FLOAT or DOUBLE");
    }

    @Test
    void combinerThatCannotWeighKTasks() {
        rejects(graph(), b -> b.sharedLayers("trunk").task("left", "out_left")
                        .task("right", "out_right", "hidden_right")
                        .combiner(Combiners.create("static", Map.of("weights", new double[] {1, 2, 3}))),
                "'static'", "2 tasks [left, right]");
    }

    @Test
    void batchNormalizationInTheSharedLayers() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).updater(new Adam(0.01)).graphBuilder().addInputs("in")
                .addLayer("trunk", new DenseLayer.Builder().nIn(3).nOut(4).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().nOut(4).build(), "trunk")
                .addLayer("a", new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(1)
                        .activation(Activation.IDENTITY).build(), "bn")
                .addLayer("b", new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(1)
                        .activation(Activation.IDENTITY).build(), "bn")
                .setOutputs("a", "b").build());
        graph.init();
        rejects(graph, b -> b.sharedLayers("trunk", "bn").task("a", "a").task("b", "b"), "'bn'",
                "BatchNormalization");
    }

    @Test
    void truncatedBackpropagationThroughTime() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).updater(new Adam(0.01)).graphBuilder().addInputs("in")
                .addLayer("trunk", new DenseLayer.Builder().nIn(3).nOut(4).build(), "in")
                .addLayer("a", new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(1)
                        .activation(Activation.IDENTITY).build(), "trunk")
                .setOutputs("a").backpropType(BackpropType.TruncatedBPTT).tBPTTLength(5).build());
        graph.init();
        rejects(graph, b -> b.sharedLayers("trunk").task("a", "a"), "truncated BPTT");
    }

    @Test
    void batchThatDoesNotFitTheGraph() {
        ComputationGraphMultiTask step = TwoOutputGraph.twoTasks(graph()).combiner(Combiners.create("sum")).build();
        MultiDataSet b = TwoOutputGraph.batch(DataType.DOUBLE, 4, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> step.fit(new MultiDataSet(b.getFeatures(), new INDArray[] {b.getLabels(0)})));
        assertTrue(e.getMessage().contains("1 label arrays") && e.getMessage().contains("[out_left, out_right]"),
                e.getMessage());
    }

    /**
     * Why the weighted pass scales loss functions, not label masks: DL4J multiplies the output layer's
     * pre-activations by the mask, so a mask of 0.2 changes the loss non-linearly (if this fails, DL4J changed).
     */
    @Test
    void labelMasksAreNotLossWeights() {
        ComputationGraph g = graph();
        g.getLayer("out_left").params().muli(10); // predictions far from 0, where a scaled prediction shows
        MultiDataSet b = TwoOutputGraph.batch(DataType.DOUBLE, 8, 2);
        g.setInputs(b.getFeatures());
        g.setLabels(b.getLabels());
        g.computeGradientAndScore();
        double full = g.getOutputLayer(0).score();
        g.setLayerMaskArrays(null, new INDArray[] {Nd4j.valueArrayOf(new long[] {8, 1}, 0.2, DataType.DOUBLE),
                null});
        g.computeGradientAndScore();
        assertNotEquals(0.2 * full, g.getOutputLayer(0).score(), 0.05 * full);

        ComputationGraph h = graph();
        h.getLayer("out_left").params().muli(10);
        ComputationGraphMultiTask step = TwoOutputGraph.twoTasks(h).combiner(Combiners.create("static",
                Map.of("weights", new double[] {0.2, 0.8}))).build();
        double[] losses = step.fit(b).losses();
        assertEquals(full, losses[0], 1e-12, "the weighted pass reports the unweighted loss");
    }
}
