package org.mto4j.training.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mto4j.training.samediff.SameDiffGradientsTest.twoTasks;
import static org.mto4j.training.samediff.SameDiffTrainingTest.roundTrip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.LearnableWeighting;
import org.mto4j.optimizers.UW;
import org.mto4j.training.ExecutionPath;
import org.mto4j.training.StepReport;
import org.mto4j.training.TrainingCheckpoint;
import org.mto4j.training.samediff.TwoTaskModel.Loss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The adapters train a learnable weighting's own parameters. What they converge to follows from each objective:
 * <pre>
 *   UW      Σᵢ ½e^(−sᵢ)Lᵢ + ½sᵢ   (LibMTL: Lᵢ/(2e^(sᵢ)) + sᵢ/2, the same)   ∂/∂sᵢ = ½ − ½e^(−sᵢ)Lᵢ = 0  ⇔  sᵢ* = log Lᵢ
 *   IMTL-L  Σᵢ e^(sᵢ)Lᵢ − sᵢ                                           ∂/∂sᵢ = e^(sᵢ)Lᵢ − 1 = 0    ⇔  sᵢ* = −log Lᵢ
 * </pre>
 * so a log-scale whose gradient is negative rises toward its optimum and one whose gradient is positive falls.
 */
class LearnableWeightingTrainingTest {

    private static final Map<String, INDArray> BATCH = TwoTaskModel.batch(DataType.DOUBLE, 5);

    private static SameDiffMultiTask step(GradientCombiner combiner, IUpdater updater) {
        return twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 3)).combiner(combiner)
                .updater(updater).build();
    }

    private static LearnableWeighting learnable(SameDiffMultiTask step) {
        return step.combiner().learnableWeighting().orElseThrow();
    }

    /**
     * UW with SGD(η) as the model's updater: every step moves each log-variance by −η(½ − ½e^(−s)L) for the
     * step's loss L, that is toward log L, while the model trains; the weights of each step are ½e^(−s).
     */
    @Test
    void uwLogVariancesStepTowardTheLogOfTheLossWithTheModelsUpdater() {
        double eta = 0.1;
        SameDiffMultiTask step = step(Combiners.create("uw", Map.of("parameterization", "libmtl")), new Sgd(eta));
        assertEquals(ExecutionPath.WEIGHTED_LOSS, step.executionPath());
        double[] s = {UW.Parameterization.LIBMTL.initialLogVariance(), UW.Parameterization.LIBMTL
                .initialLogVariance()};
        for (int t = 0; t < 20; t++) {
            StepReport r = step.fit(BATCH);
            double[] l = r.losses();
            double[] next = learnable(step).parameters();
            for (int i = 0; i < 2; i++) {
                assertEquals(0.5 * Math.exp(-s[i]), r.weights()[i], 1e-15, "weight of task " + i + ", step " + t);
                assertEquals(s[i] - eta * (0.5 - 0.5 * Math.exp(-s[i]) * l[i]), next[i], 1e-15, "task " + i);
                assertEquals(Math.signum(Math.log(l[i]) - s[i]), Math.signum(next[i] - s[i]), "task " + i);
            }
            s = next;
        }
        assertTrue(s[0] != s[1], "the two tasks' losses differ, so do their log-variances");
    }

    /** With the model frozen (SGD 0) the losses are fixed and the log-variances reach the closed form log L. */
    @Test
    void uwLogVariancesReachTheLogOfFixedLosses() {
        SameDiffMultiTask step = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 3))
                .combiner(Combiners.create("uw")).updater(new Sgd(0.0)).weightingUpdater(new Sgd(1.0)).build();
        double[] losses = step.evaluate(BATCH).toArray();
        for (int t = 0; t < 40; t++) {
            assertArrayEquals(losses, step.fit(BATCH).losses(), 0.0, "the model stays where it is");
        }
        // s ← s − ½ + ½Le^(−s) contracts by ½ per step around log L
        assertArrayEquals(new double[] {Math.log(losses[0]), Math.log(losses[1])}, learnable(step).parameters(),
                1e-9);
    }

    /** IMTL on the per-task path with SGD(η): each step moves s by −η(e^s L − 1), toward −log L. */
    @Test
    void imtlLogScalesStepTowardMinusTheLogOfTheLoss() {
        double eta = 0.05;
        SameDiffMultiTask step = step(Combiners.create("imtl"), new Sgd(eta));
        assertEquals(ExecutionPath.PER_TASK_GRADIENTS, step.executionPath());
        double[] s = {0, 0};
        for (int t = 0; t < 10; t++) {
            double[] l = step.fit(BATCH).losses();
            double[] next = learnable(step).parameters();
            for (int i = 0; i < 2; i++) {
                assertEquals(s[i] - eta * (Math.exp(s[i]) * l[i] - 1), next[i], 1e-15, "task " + i + ", step " + t);
                assertEquals(Math.signum(-Math.log(l[i]) - s[i]), Math.signum(next[i] - s[i]), "task " + i);
            }
            s = next;
        }
    }

    /** With the model frozen, IMTL's log-scales reach the closed form −log L. */
    @Test
    void imtlLogScalesReachMinusTheLogOfFixedLosses() {
        SameDiffMultiTask step = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 3))
                .combiner(Combiners.create("imtl")).updater(new Sgd(0.0)).weightingUpdater(new Sgd(0.5)).build();
        double[] losses = step.evaluate(BATCH).toArray();
        for (int t = 0; t < 40; t++) {
            step.fit(BATCH);
        }
        // s ← s − ½(e^s L − 1) contracts by ½ per step around −log L
        assertArrayEquals(new double[] {-Math.log(losses[0]), -Math.log(losses[1])}, learnable(step).parameters(),
                1e-9);
    }

    /** A method whose own lr is > 0 trains itself; the adapter adds nothing (the parameters equal UW's alone). */
    @Test
    void aMethodWithItsOwnLearningRateIsNotTrainedTwice() {
        SameDiffMultiTask step = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 3))
                .combiner(Combiners.create("uw", Map.of("lr", 0.01))).updater(new Sgd(0.1))
                .weightingUpdater(new Sgd(1.0)).build();
        assertTrue(learnable(step).trainsItself());
        UW alone = UW.defaults().withLearningRate(0.01);
        for (int t = 0; t < 5; t++) {
            StepReport r = step.fit(BATCH);
            alone.weigh(2, r.taskLosses());
            assertArrayEquals(alone.parameters(), learnable(step).parameters(), 0.0, "step " + t);
        }
        assertEquals(0, step.checkpoint().weightingUpdaterState().length);
    }

    /** withListener hides nothing: the wrapped method's parameters train as without the listener. */
    @Test
    void aListenedMethodTrainsItsParametersToo() {
        List<double[]> seen = new ArrayList<>();
        SameDiffMultiTask plain = step(Combiners.create("imtl-l"), new Adam(0.02));
        SameDiffMultiTask listened = step(Combiners.create("imtl-l").withListener((s, c) -> seen.add(c.weights())),
                new Adam(0.02));
        for (int t = 0; t < 4; t++) {
            plain.fit(BATCH);
            listened.fit(BATCH);
        }
        assertEquals(ExecutionPath.WEIGHTED_LOSS, listened.executionPath());
        assertArrayEquals(learnable(plain).parameters(), learnable(listened).parameters(), 0.0);
        assertTrue(learnable(listened).parameters()[0] != 0.0);
        assertEquals(4, seen.size());
    }

    /**
     * Checkpoint after 3 steps, restore into a new step over another graph: the next steps repeat bit for bit,
     * whether the adapter trains the log-scales (its Adam's moments in the checkpoint) or UW's built-in Adam does
     * (its moments in the combiner's state).
     */
    @Test
    void checkpointResumesTheLearnedParametersBitForBit() throws Exception {
        for (String method : List.of("uw", "imtl", "uw lr=0.01")) {
            Map<String, ?> options = method.endsWith("lr=0.01") ? Map.of("lr", 0.01) : Map.of();
            String name = method.split(" ")[0];
            SameDiffMultiTask original = step(Combiners.create(name, options), new Adam(0.03));
            for (int t = 0; t < 3; t++) {
                original.fit(TwoTaskModel.batch(DataType.DOUBLE, 40 + t));
            }
            TrainingCheckpoint checkpoint = roundTrip(original.checkpoint());
            assertEquals(options.isEmpty() ? 4 : 0, checkpoint.weightingUpdaterState().length,
                    "the adapter's Adam: two moments of K = 2 values");
            double[][] weights = new double[3][];
            double[][] scales = new double[3][];
            for (int t = 0; t < 3; t++) {
                weights[t] = original.fit(TwoTaskModel.batch(DataType.DOUBLE, 50 + t)).weights();
                scales[t] = learnable(original).parameters();
            }
            SameDiffMultiTask resumed = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 99))
                    .combiner(Combiners.create(name, options)).updater(new Adam(0.03)).build();
            resumed.restore(checkpoint);
            for (int t = 0; t < 3; t++) {
                assertArrayEquals(weights[t], resumed.fit(TwoTaskModel.batch(DataType.DOUBLE, 50 + t)).weights(),
                        0.0, method + " weights of step " + t);
                assertArrayEquals(scales[t], learnable(resumed).parameters(), 0.0, method + " log-scales " + t);
            }
            assertArrayEquals(original.flatParameters().params().toDoubleVector(),
                    resumed.flatParameters().params().toDoubleVector(), 0.0, method);
            assertEquals(original.checkpoint(), resumed.checkpoint(), method);
        }
    }

    @Test
    void aCheckpointWithoutTheWeightingsUpdaterStateIsRefused() {
        SameDiffMultiTask uw = step(Combiners.create("uw"), new Adam(0.03));
        SameDiffMultiTask mean = step(Combiners.create("mean"), new Adam(0.03));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> uw.restore(mean.checkpoint()));
        assertTrue(e.getMessage().contains("0 values of the learnable weighting's updater; this step has")
                && e.getMessage().contains("and 4"), e.getMessage());
    }
}
