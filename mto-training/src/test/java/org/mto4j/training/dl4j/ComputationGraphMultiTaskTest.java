package org.mto4j.training.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mto4j.training.Assertions2.assertClose;
import static org.mto4j.training.Assertions2.tolerance;
import static org.mto4j.training.dl4j.TwoOutputGraph.batch;
import static org.mto4j.training.dl4j.TwoOutputGraph.build;
import static org.mto4j.training.dl4j.TwoOutputGraph.twoTasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mto4j.core.Combiners;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.training.ExecutionPath;
import org.mto4j.training.InverseLossWeighting;
import org.mto4j.training.StepReport;
import org.mto4j.training.TrainingCheckpoint;
import org.mto4j.training.dl4j.TwoOutputGraph.Config;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** The ComputationGraph adapter against DL4J's own gradients and its own fit(). */
class ComputationGraphMultiTaskTest {

    private static double[] values(INDArray a) {
        return a.dup().reshape(a.length()).toDoubleVector();
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "DOUBLE"})
    void perTaskGradientsAddUpToTheGradientOfTheSummedLoss(String typeName) {
        DataType type = DataType.valueOf(typeName);
        Config config = new Config(type, new Sgd(1.0), 0, 0, false);
        ComputationGraph graph = build(config, 1);
        ComputationGraph reference = build(config, 1);
        MultiDataSet b = batch(type, 8, 2);
        reference.setInputs(b.getFeatures());
        reference.setLabels(b.getLabels());
        reference.computeGradientAndScore();
        List<String> layers = List.of("trunk", "hidden_right", "out_left", "out_right");
        Map<String, double[]> raw = new java.util.HashMap<>();
        Map<String, double[]> before = new java.util.HashMap<>();
        for (String l : layers) {
            raw.put(l, values(reference.getLayer(l).getGradientsViewArray().div(8)));
            before.put(l, values(graph.getLayer(l).params()));
        }
        ComputationGraphMultiTask step = twoTasks(graph).combiner(Combiners.create("upgrad")).build();
        assertEquals(ExecutionPath.PER_TASK_GRADIENTS, step.executionPath());
        step.fit(b);
        TaskGradients j = step.lastJacobian();
        assertClose(raw.get("trunk"), values(j.row(0).add(j.row(1))), tolerance(type),
                "J row sum vs the gradient of the mean L_left + L_right");
        // Sgd(1): each head moved by exactly its own task's gradient of the mean loss.
        for (String head : List.of("hidden_right", "out_left", "out_right")) {
            double[] after = values(graph.getLayer(head).params());
            double[] moved = new double[after.length];
            for (int i = 0; i < moved.length; i++) {
                moved[i] = before.get(head)[i] - after[i];
            }
            assertClose(raw.get(head), moved, tolerance(type) * 10, head);
        }
    }

    /** DL4J's raw gradients are sums over the batch; J holds the gradients of the mean losses. */
    @Test
    void jacobianDoesNotGrowWithTheBatch() {
        MultiDataSet once = batch(DataType.DOUBLE, 8, 3);
        MultiDataSet twice = new MultiDataSet(new INDArray[] {Nd4j.concat(0, once.getFeatures(0), once.getFeatures(0))},
                new INDArray[] {Nd4j.concat(0, once.getLabels(0), once.getLabels(0)),
                        Nd4j.concat(0, once.getLabels(1), once.getLabels(1))});
        double[][] jacobians = new double[2][];
        int i = 0;
        for (MultiDataSet b : List.of(once, twice)) {
            ComputationGraphMultiTask step = twoTasks(build(Config.plain(DataType.DOUBLE), 4))
                    .combiner(Combiners.create("mgda")).build();
            step.fit(b);
            jacobians[i++] = values(step.lastJacobian().matrix());
        }
        assertClose(jacobians[0], jacobians[1], 1e-12, "J of a batch and of the batch twice");
    }

    /** The test: with sum, 20 steps equal ComputationGraph.fit() to 1e-12 in DOUBLE, on both paths. */
    @Test
    void sumEqualsComputationGraphFit() {
        for (boolean perTask : new boolean[] {false, true}) {
            Config config = new Config(DataType.DOUBLE,
                    new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 0.05, 0.95)), 1e-3, 1e-3, true);
            ComputationGraph reference = build(config, 7);
            ComputationGraphMultiTask step = twoTasks(build(config, 7)).combiner(Combiners.create("sum"))
                    .perTaskGradients(perTask).build();
            for (int s = 0; s < 20; s++) {
                MultiDataSet b = batch(DataType.DOUBLE, 8, 100 + s);
                reference.fit(b);
                step.fit(b);
                assertClose(values(reference.params()), values(step.graph().params()), 1e-12,
                        (perTask ? "per-task path" : "weighted path") + ", parameters after step " + s);
            }
            assertEquals(20, step.iteration());
            assertEquals(reference.getIterationCount(), step.iteration());
            assertClose(values(reference.getUpdater().getStateViewArray()),
                    values(step.graph().getUpdater().getStateViewArray()), 1e-12, "Adam's moments");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sum", "mgda", "pcgrad", "upgrad"})
    void bothLossesFall(String method) {
        ComputationGraphMultiTask step = twoTasks(build(Config.plain(DataType.DOUBLE), 5))
                .combiner(Combiners.create(method)).build();
        MultiDataSet b = batch(DataType.DOUBLE, 16, 6);
        TaskLosses before = step.evaluate(b);
        for (int s = 0; s < 40; s++) {
            step.fit(b);
        }
        TaskLosses after = step.evaluate(b);
        for (int t = 0; t < 2; t++) {
            assertTrue(after.get(t) < 0.5 * before.get(t), method + " task " + t + ": " + before + " -> " + after);
        }
    }

    /** One weighted pass (label masks scaled by the weights) equals K masked passes combined with the weights. */
    @Test
    void weightedLossStepEqualsThePerTaskStepWithTheSameWeights() {
        Map<String, Object> weights = Map.of("weights", new double[] {0.2, 0.8});
        ComputationGraphMultiTask weighted = twoTasks(build(Config.plain(DataType.DOUBLE), 8))
                .combiner(Combiners.create("static", weights)).build();
        ComputationGraphMultiTask perTask = twoTasks(build(Config.plain(DataType.DOUBLE), 8))
                .combiner(Combiners.create("static", weights)).perTaskGradients(true).build();
        assertEquals(ExecutionPath.WEIGHTED_LOSS, weighted.executionPath());
        for (int s = 0; s < 5; s++) {
            MultiDataSet b = batch(DataType.DOUBLE, 8, 200 + s);
            double[] lw = weighted.fit(b).losses();
            double[] lp = perTask.fit(b).losses();
            assertClose(lp, lw, 1e-12, "losses at step " + s);
            assertClose(values(perTask.graph().params()), values(weighted.graph().params()), 1e-12,
                    "parameters after step " + s);
        }
    }

    @Test
    void lossBasedWeightingAndZeroWeightsGetTheLosses() {
        ComputationGraphMultiTask weighted = twoTasks(build(Config.plain(DataType.DOUBLE), 9))
                .combiner(new LossWeightingCombiner(new InverseLossWeighting())).build();
        ComputationGraphMultiTask perTask = twoTasks(build(Config.plain(DataType.DOUBLE), 9))
                .combiner(new LossWeightingCombiner(new InverseLossWeighting())).perTaskGradients(true).build();
        ComputationGraphMultiTask zero = twoTasks(build(Config.plain(DataType.DOUBLE), 9))
                .combiner(Combiners.create("static", Map.of("weights", new double[] {0.0, 1.0}))).build();
        for (int s = 0; s < 3; s++) {
            MultiDataSet b = batch(DataType.DOUBLE, 8, 300 + s);
            double[] losses = weighted.evaluate(b).toArray();
            StepReport r = weighted.fit(b);
            assertClose(losses, r.losses(), 1e-12, "losses the weighting saw");
            assertArrayEquals(InverseLossWeighting.expected(r.losses(), s), r.weights(), 1e-15);
            perTask.fit(b);
            assertClose(values(perTask.graph().params()), values(weighted.graph().params()), 1e-12,
                    "parameters after step " + s);
            double[] zeroLosses = zero.evaluate(b).toArray();
            assertClose(zeroLosses, zero.fit(b).losses(), 1e-12, "losses with a zero weight");
        }
    }

    @Test
    void checkpointResumesExactly() {
        ComputationGraphMultiTask original = twoTasks(build(Config.plain(DataType.DOUBLE), 11))
                .combiner(Combiners.create("pcgrad", Map.of("seed", 5L))).build();
        for (int s = 0; s < 3; s++) {
            original.fit(batch(DataType.DOUBLE, 8, 400 + s));
        }
        original.endEpoch(TaskLosses.of(0.3, 0.4));
        TrainingCheckpoint checkpoint = original.checkpoint();
        for (int s = 0; s < 3; s++) {
            original.fit(batch(DataType.DOUBLE, 8, 500 + s));
        }
        ComputationGraphMultiTask resumed = twoTasks(build(Config.plain(DataType.DOUBLE), 12))
                .combiner(Combiners.create("pcgrad", Map.of("seed", 5L))).build();
        resumed.restore(checkpoint);
        assertEquals(3, resumed.iteration());
        assertEquals(1, resumed.epoch());
        for (int s = 0; s < 3; s++) {
            resumed.fit(batch(DataType.DOUBLE, 8, 500 + s));
        }
        assertArrayEquals(values(original.graph().params()), values(resumed.graph().params()), 0.0);
        assertArrayEquals(values(original.graph().getUpdater().getStateViewArray()),
                values(resumed.graph().getUpdater().getStateViewArray()), 0.0);
    }

    /**
     * withListener hides nothing: a listened loss weighting takes one pass per step, the steps of the plain
     * combiner, and its listener sees every step with d = Jᵀw of the mean losses (as on the per-task path).
     */
    @Test
    void aListenedLossWeightingTakesOnePassAndReportsEveryStep() {
        List<double[]> directions = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        Map<String, ?> weights = Map.of("weights", new double[] {0.2, 0.8});
        ComputationGraphMultiTask listened = twoTasks(build(Config.plain(DataType.DOUBLE), 21))
                .combiner(Combiners.create("static", weights).withListener((s, c) -> {
                    steps.add(s);
                    directions.add(c.direction().toDoubleVector());
                })).build();
        ComputationGraphMultiTask plain = twoTasks(build(Config.plain(DataType.DOUBLE), 21))
                .combiner(Combiners.create("static", weights)).build();
        ComputationGraphMultiTask perTask = twoTasks(build(Config.plain(DataType.DOUBLE), 21))
                .combiner(Combiners.create("static", weights)).perTaskGradients(true).build();
        assertEquals(ExecutionPath.WEIGHTED_LOSS, listened.executionPath());
        for (int t = 0; t < 3; t++) {
            MultiDataSet b = batch(DataType.DOUBLE, 8, 700 + t);
            assertEquals(1, listened.fit(b).passNanos().length, "one pass");
            plain.fit(b);
            perTask.fit(b);
            assertArrayEquals(values(plain.graph().params()), values(listened.graph().params()), 0.0);
            double[][] j = perTask.lastJacobian().matrix().toDoubleMatrix();
            double[] expected = new double[j[0].length];
            for (int p = 0; p < expected.length; p++) {
                expected[p] = 0.2 * j[0][p] + 0.8 * j[1][p];
            }
            assertClose(expected, directions.get(t), 1e-12, "d = Jᵀw of step " + t);
        }
        assertEquals(List.of(0L, 1L, 2L), steps);
    }

    /**
     * UW's log-variances are trained by the first shared layer's updater (here the graph's SGD(η)): each step
     * moves them by −η(½ − ½e^(−s)L) for the step's mean loss L, toward log L; IMTL (per-task path) likewise by
     * −η(e^s L − 1), toward −log L. A checkpoint continues them bit for bit.
     */
    @Test
    void learnableWeightingsTrainWithTheGraphsUpdaterAndResume() {
        double eta = 0.1;
        Config sgd = new Config(DataType.DOUBLE, new Sgd(eta), 0, 0, false);
        for (String method : List.of("uw", "imtl")) {
            ComputationGraphMultiTask step = twoTasks(build(sgd, 13)).combiner(Combiners.create(method)).build();
            double[] s = {0, 0};
            TrainingCheckpoint checkpoint = null;
            for (int t = 0; t < 4; t++) {
                double[] l = step.fit(batch(DataType.DOUBLE, 8, 600 + t)).losses();
                double[] next = step.combiner().learnableWeighting().orElseThrow().parameters();
                for (int i = 0; i < 2; i++) {
                    double gradient = method.equals("uw") ? 0.5 - 0.5 * Math.exp(-s[i]) * l[i]
                            : Math.exp(s[i]) * l[i] - 1;
                    assertEquals(s[i] - eta * gradient, next[i], 1e-15, method + " task " + i + ", step " + t);
                }
                s = next;
                if (t == 1) {
                    checkpoint = step.checkpoint();
                }
            }
            ComputationGraphMultiTask resumed = twoTasks(build(sgd, 14)).combiner(Combiners.create(method)).build();
            resumed.restore(checkpoint);
            for (int t = 2; t < 4; t++) {
                resumed.fit(batch(DataType.DOUBLE, 8, 600 + t));
            }
            assertArrayEquals(s, resumed.combiner().learnableWeighting().orElseThrow().parameters(), 0.0, method);
            assertArrayEquals(values(step.graph().params()), values(resumed.graph().params()), 0.0, method);
        }
    }

    @Test
    void endEpochReachesTheCombinerAndTheGraph() {
        InverseLossWeighting weighting = new InverseLossWeighting();
        ComputationGraphMultiTask step = twoTasks(build(Config.plain(DataType.DOUBLE), 1))
                .combiner(new LossWeightingCombiner(weighting)).build();
        step.endEpoch(TaskLosses.of(0.25, 0.5));
        assertEquals(List.of(TaskLosses.of(0.25, 0.5)), weighting.epochs());
        assertEquals(1, step.graph().getEpochCount());
    }
}
