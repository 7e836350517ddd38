package org.mto4j.training.samediff;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mto4j.training.Assertions2.assertClose;
import static org.mto4j.training.Assertions2.tolerance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mto4j.core.Combiners;
import org.mto4j.core.TaskGradients;
import org.mto4j.training.ExecutionPath;
import org.mto4j.training.samediff.TwoTaskModel.Loss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/** The gradients the SameDiff adapter computes, against SameDiff's own, on both paths. */
class SameDiffGradientsTest {

    static SameDiffMultiTask.Builder twoTasks(SameDiff sd) {
        return SameDiffMultiTask.builder(sd).sharedVariables(TwoTaskModel.SHARED)
                .task("left", "loss_left", TwoTaskModel.LEFT_HEAD)
                .task("right", "loss_right", TwoTaskModel.RIGHT_HEAD);
    }

    static Stream<Arguments> typesAndLosses() {
        List<Arguments> cases = new ArrayList<>();
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            for (Loss loss : Loss.values()) {
                cases.add(Arguments.of(type, loss));
            }
        }
        return cases.stream();
    }

    private static double[] concat(Map<String, INDArray> grads, String... names) {
        List<Double> all = new ArrayList<>();
        for (String n : names) {
            for (double v : grads.get(n).dup().reshape(grads.get(n).length()).toDoubleVector()) {
                all.add(v);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @ParameterizedTest
    @MethodSource("typesAndLosses")
    void perTaskGradientsAddUpToTheGradientOfTheSummedLoss(DataType type, Loss loss) {
        SameDiff sd = TwoTaskModel.build(type, loss, loss, 1);
        SameDiff ref = sd.dup();
        SDVariable total = ref.getVariable("loss_left").add(ref.getVariable("loss_right"));
        ref.setLossVariables(total.name());
        Map<String, INDArray> batch = TwoTaskModel.batch(type, 2);
        Map<String, INDArray> expected = ref.calculateGradients(batch, "w0", "b0", "lw", "lb", "rw", "rb");

        // Sgd(1) makes the update the gradient itself, so the gradient buffer shows the heads' gradients.
        SameDiffMultiTask step = twoTasks(sd).combiner(Combiners.create("upgrad")).updater(new Sgd(1.0)).build();
        assertTrue(step.executionPath() == ExecutionPath.PER_TASK_GRADIENTS);
        step.fit(batch);
        TaskGradients j = step.lastJacobian();
        double[] sum = j.row(0).add(j.row(1)).toDoubleVector();
        assertClose(concat(expected, "w0", "b0"), sum, tolerance(type), "J row sum vs gradient of L_left + L_right");
        double[] heads = step.flatParameters().gradients().toDoubleVector();
        double[] expectedHeads = concat(expected, "lw", "lb", "rw", "rb");
        double[] actualHeads = java.util.Arrays.copyOfRange(heads, (int) step.flatParameters().numShared(),
                heads.length);
        assertClose(expectedHeads, actualHeads, tolerance(type), "head gradients");
    }

    /**
     * The regression test of the loss-weights trap: one weighted backward pass equals K passes combined with the
     * same static weights, step after step, for sd.loss.* losses (which ignore the gradient from above) as well.
     */
    @ParameterizedTest
    @EnumSource(Loss.class)
    void weightedLossStepEqualsThePerTaskStepWithTheSameWeights(Loss loss) {
        assertSameTraining(loss, loss);
    }

    @Test
    void weightedLossStepEqualsThePerTaskStepForMixedLosses() {
        assertSameTraining(Loss.MSE_OP, Loss.BASIC);
        assertSameTraining(Loss.HALF_MSE_OP, Loss.ABS_OP_SUM);
    }

    private static void assertSameTraining(Loss left, Loss right) {
        DataType type = DataType.DOUBLE;
        SameDiffMultiTask weighted = twoTasks(TwoTaskModel.build(type, left, right, 3))
                .combiner(Combiners.create("static", Map.of("weights", new double[] {0.2, 0.8})))
                .updater(new Adam(0.05)).build();
        SameDiffMultiTask perTask = twoTasks(TwoTaskModel.build(type, left, right, 3))
                .combiner(Combiners.create("static", Map.of("weights", new double[] {0.2, 0.8})))
                .updater(new Adam(0.05)).perTaskGradients(true).build();
        assertTrue(weighted.executionPath() == ExecutionPath.WEIGHTED_LOSS);
        assertTrue(perTask.executionPath() == ExecutionPath.PER_TASK_GRADIENTS);
        for (int s = 0; s < 5; s++) {
            Map<String, INDArray> batch = TwoTaskModel.batch(type, 10 + s);
            double[] lw = weighted.fit(batch).losses();
            double[] lp = perTask.fit(batch).losses();
            assertClose(lp, lw, 1e-12, left + "/" + right + " losses at step " + s);
            assertClose(perTask.flatParameters().params().toDoubleVector(),
                    weighted.flatParameters().params().toDoubleVector(), 1e-12,
                    left + "/" + right + " parameters after step " + s);
        }
    }
}
