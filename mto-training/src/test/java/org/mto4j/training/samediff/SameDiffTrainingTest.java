package org.mto4j.training.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mto4j.training.Assertions2.assertClose;
import static org.mto4j.training.samediff.SameDiffGradientsTest.twoTasks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.training.InverseLossWeighting;
import org.mto4j.training.StepReport;
import org.mto4j.training.TrainingCheckpoint;
import org.mto4j.training.samediff.TwoTaskModel.Loss;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.adapter.SingletonMultiDataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** Training with the SameDiff adapter: losses fall, updates equal sd.fit's, runs resume exactly. */
class SameDiffTrainingTest {

    private static final String[] ALL = {"w0", "b0", "lw", "lb", "rw", "rb"};

    @ParameterizedTest
    @ValueSource(strings = {"sum", "mgda", "pcgrad", "upgrad"})
    void bothLossesFall(String method) {
        assertBothLossesFall(DataType.DOUBLE, method);
    }

    @Test
    void bothLossesFallInFloat() {
        assertBothLossesFall(DataType.FLOAT, "upgrad");
    }

    private static void assertBothLossesFall(DataType type, String method) {
        SameDiff sd = TwoTaskModel.build(type, Loss.MSE_OP, Loss.BASIC, 7);
        SameDiffMultiTask step = twoTasks(sd).combiner(Combiners.create(method)).updater(new Adam(0.05)).build();
        Map<String, INDArray> batch = TwoTaskModel.batch(type, 8);
        TaskLosses before = step.evaluate(batch);
        for (int i = 0; i < 40; i++) {
            step.fit(batch);
        }
        TaskLosses after = step.evaluate(batch);
        for (int t = 0; t < 2; t++) {
            assertTrue(after.get(t) < 0.5 * before.get(t), method + " task " + t + ": " + before + " -> " + after);
        }
        // The user's graph holds the trained parameters: its own output gives the same losses.
        assertEquals(after.get(0), sd.output(batch, "loss_left").get("loss_left").getDouble(0), 0.0);
    }

    static Stream<Arguments> updaters() {
        return Stream.of(
                Arguments.of("AdamW, exponential lr by iteration",
                        new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 0.05, 0.9)),
                        List.of(new WeightDecay(1e-2, true))),
                Arguments.of("Sgd, step lr by epoch, L2", new Sgd(new StepSchedule(ScheduleType.EPOCH, 0.1, 0.5, 2)),
                        List.of(new L2Regularization(1e-3))),
                Arguments.of("Nesterovs, L1 and weight decay", new Nesterovs(0.05, 0.9),
                        List.of(new L1Regularization(1e-4), new WeightDecay(1e-3, false))));
    }

    /** Where the paths are comparable (the sum of the task losses), every update equals sd.fit's own. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("updaters")
    void updatesEqualSameDiffsOwnTraining(String name, IUpdater updater, List<Regularization> regularization) {
        for (boolean perTask : new boolean[] {false, true}) {
            SameDiff reference = TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 5);
            reference.setTrainingConfig(TrainingConfig.builder().updater(updater.clone())
                    .regularization(regularization.toArray(new Regularization[0])).dataSetFeatureMapping("x")
                    .dataSetLabelMapping("y_left", "y_right").minimize("loss_left", "loss_right").build());
            // sd.loss.* ops mark their output as THE loss, and sd.fit then ignores TrainingConfig.minimize: without
            // this line sd.fit would train on loss_left alone.
            reference.setLossVariables("loss_left", "loss_right");
            SameDiffMultiTask step = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 5))
                    .combiner(Combiners.create("sum")).updater(updater)
                    .regularization(regularization.toArray(new Regularization[0])).perTaskGradients(perTask).build();
            for (int s = 0; s < 6; s++) {
                Map<String, INDArray> batch = TwoTaskModel.batch(DataType.DOUBLE, 20 + s);
                // One epoch of one batch: sd.fit over an iterator advances both counters (fit(MultiDataSet) would
                // leave the epoch count alone).
                reference.fit(new SingletonMultiDataSetIterator(new MultiDataSet(new INDArray[] {batch.get("x")},
                        new INDArray[] {batch.get("y_left"), batch.get("y_right")})), 1, new Listener[0]);
                StepReport r = step.fit(batch);
                step.endEpoch(r.taskLosses());
                for (String v : ALL) {
                    assertClose(reference.getArrForVarName(v).dup().reshape(-1).toDoubleVector(),
                            step.flatParameters().param(v).dup().reshape(-1).toDoubleVector(), 1e-12,
                            name + (perTask ? ", per-task path" : ", weighted path") + ": " + v + " after step " + s);
                }
            }
            assertEquals(6, step.iteration());
            assertEquals(6, step.epoch());
        }
    }

    /** A weighting that needs the losses gets those of the batch before the weighted backward pass. */
    @Test
    void lossBasedWeightingSeesTheLossesBeforeTheBackwardPass() {
        SameDiffMultiTask weighted = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 9))
                .combiner(new LossWeightingCombiner(new InverseLossWeighting())).updater(new Adam(0.05)).build();
        SameDiffMultiTask perTask = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 9))
                .combiner(new LossWeightingCombiner(new InverseLossWeighting())).updater(new Adam(0.05))
                .perTaskGradients(true).build();
        for (int s = 0; s < 4; s++) {
            Map<String, INDArray> batch = TwoTaskModel.batch(DataType.DOUBLE, 30 + s);
            double[] losses = weighted.evaluate(batch).toArray();
            StepReport r = weighted.fit(batch);
            assertArrayEquals(losses, r.losses(), 0.0);
            assertArrayEquals(InverseLossWeighting.expected(losses, s), r.weights(), 1e-15);
            assertTrue(r.forwardNanos() > 0);
            perTask.fit(batch);
            assertClose(perTask.flatParameters().params().toDoubleVector(),
                    weighted.flatParameters().params().toDoubleVector(), 1e-12, "parameters after step " + s);
        }
    }

    @Test
    void checkpointResumesExactly() throws Exception {
        for (String method : List.of("rlw", "pcgrad")) {
            SameDiffMultiTask original = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 11))
                    .combiner(Combiners.create(method, Map.of("seed", 3L))).updater(new Adam(0.03)).build();
            for (int s = 0; s < 3; s++) {
                original.fit(TwoTaskModel.batch(DataType.DOUBLE, 40 + s));
            }
            original.endEpoch(TaskLosses.of(0.5, 0.7));
            TrainingCheckpoint checkpoint = roundTrip(original.checkpoint());
            double[][] expected = new double[3][];
            for (int s = 0; s < 3; s++) {
                expected[s] = original.fit(TwoTaskModel.batch(DataType.DOUBLE, 50 + s)).weights();
            }
            double[] expectedParams = original.flatParameters().params().toDoubleVector();

            // A new step over a freshly built graph (other initial values), restored from the checkpoint.
            SameDiffMultiTask resumed = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 99))
                    .combiner(Combiners.create(method, Map.of("seed", 3L))).updater(new Adam(0.03)).build();
            resumed.restore(checkpoint);
            assertEquals(3, resumed.iteration());
            assertEquals(1, resumed.epoch());
            for (int s = 0; s < 3; s++) {
                assertArrayEquals(expected[s], resumed.fit(TwoTaskModel.batch(DataType.DOUBLE, 50 + s)).weights(),
                        0.0, method + " weights of step " + s);
            }
            assertArrayEquals(expectedParams, resumed.flatParameters().params().toDoubleVector(), 0.0, method);
        }
    }

    @Test
    void restoringAnotherMethodsCheckpointFailsAndChangesNothing() {
        SameDiffMultiTask a = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 1))
                .combiner(Combiners.create("rlw")).updater(new Adam(0.03)).build();
        SameDiffMultiTask b = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 2))
                .combiner(Combiners.create("upgrad")).updater(new Adam(0.03)).build();
        double[] before = b.flatParameters().params().toDoubleVector();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.restore(a.checkpoint()));
        assertTrue(e.getMessage().contains("rlw"), e.getMessage());
        assertArrayEquals(before, b.flatParameters().params().toDoubleVector(), 0.0);
        SameDiffMultiTask sgd = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 2))
                .combiner(Combiners.create("rlw")).updater(new Sgd(0.1)).build();
        e = assertThrows(IllegalArgumentException.class, () -> sgd.restore(a.checkpoint()));
        assertTrue(e.getMessage().contains("updater values"), e.getMessage());
    }

    static TrainingCheckpoint roundTrip(TrainingCheckpoint c) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            TrainingCheckpoint copy = (TrainingCheckpoint) in.readObject();
            assertEquals(c, copy);
            return copy;
        }
    }

    @Test
    void endEpochReachesTheCombinerAndAdvancesTheEpoch() {
        InverseLossWeighting weighting = new InverseLossWeighting();
        SameDiffMultiTask step = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 1))
                .combiner(new LossWeightingCombiner(weighting)).updater(new Adam(0.03)).build();
        step.endEpoch(TaskLosses.of(0.25, 0.5));
        step.endEpoch(TaskLosses.of(0.2, 0.4));
        assertEquals(List.of(TaskLosses.of(0.25, 0.5), TaskLosses.of(0.2, 0.4)), weighting.epochs());
        assertEquals(2, step.epoch());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> step.endEpoch(TaskLosses.of(0.1)));
        assertTrue(e.getMessage().contains("1 losses for 2 tasks"), e.getMessage());
    }

    /** Runs in parallel threads, each over its own graph, give the results of sequential runs. */
    @Test
    void concurrentRunsGiveTheSequentialResults() throws Exception {
        List<String> methods = List.of("upgrad", "static", "mgda");
        double[][] sequential = new double[methods.size()][];
        for (int m = 0; m < methods.size(); m++) {
            sequential[m] = run(methods.get(m));
        }
        ExecutorService pool = Executors.newFixedThreadPool(methods.size());
        try {
            List<Future<double[]>> futures = methods.stream().map(m -> pool.submit(() -> run(m))).toList();
            for (int m = 0; m < methods.size(); m++) {
                assertArrayEquals(sequential[m], futures.get(m).get(), 0.0, methods.get(m));
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double[] run(String method) {
        GradientCombiner combiner = Combiners.create(method);
        SameDiffMultiTask step = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 13))
                .combiner(combiner).updater(new Adam(0.03)).build();
        for (int s = 0; s < 5; s++) {
            step.fit(TwoTaskModel.batch(DataType.DOUBLE, 60 + s));
        }
        return step.flatParameters().params().toDoubleVector();
    }
}
