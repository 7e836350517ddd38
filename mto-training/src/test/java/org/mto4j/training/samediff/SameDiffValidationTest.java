package org.mto4j.training.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mto4j.training.samediff.SameDiffGradientsTest.twoTasks;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.training.samediff.TwoTaskModel.Loss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Bad input: a clear IllegalArgumentException naming the thing, before any training and any change. */
class SameDiffValidationTest {

    private static SameDiff model() {
        return TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 1);
    }

    /** Builds with {@code change} applied to a valid builder; expects an IAE mentioning every fragment. */
    private static void rejects(Consumer<SameDiffMultiTask.Builder> change, String... fragments) {
        rejects(model(), b -> { }, change, fragments);
    }

    private static void rejects(SameDiff sd, Consumer<SameDiffMultiTask.Builder> base,
                                Consumer<SameDiffMultiTask.Builder> change, String... fragments) {
        double[] before = values(sd, "w0");
        SameDiffMultiTask.Builder b = SameDiffMultiTask.builder(sd).combiner(Combiners.create("upgrad"))
                .updater(new Adam(0.01));
        base.accept(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            change.accept(b);
            b.build();
        });
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should mention '" + f + "'");
        }
        assertArrayEquals(before, values(sd, "w0"), 0.0);
    }

    private static double[] values(SameDiff sd, String name) {
        INDArray a = sd.getArrForVarName(name);
        return a.dup().reshape(a.length()).toDoubleVector();
    }

    private static Consumer<SameDiffMultiTask.Builder> tasks() {
        return b -> b.task("left", "loss_left", "lw", "lb").task("right", "loss_right", "rw", "rb");
    }

    @Test
    void sharedVariableThatDoesNotExist() {
        rejects(b -> tasks().andThen(x -> x.sharedVariables("w0", "b9")).accept(b), "shared variable 'b9'",
                "does not exist");
    }

    @Test
    void sharedVariableThatIsAPlaceholder() {
        rejects(b -> tasks().andThen(x -> x.sharedVariables("w0", "b0", "x")).accept(b), "'x'", "PLACEHOLDER");
    }

    @Test
    void headListedUnderTwoTasks() {
        rejects(b -> b.sharedVariables("w0", "b0").task("left", "loss_left", "lw", "lb")
                .task("right", "loss_right", "rw", "rb", "lb"), "'lb'", "'left' and 'right'");
    }

    @Test
    void variableBothSharedAndHead() {
        rejects(b -> tasks().andThen(x -> x.sharedVariables("w0", "b0", "lw")).accept(b), "'lw'",
                "both as shared and as a head of task 'left'");
    }

    @Test
    void headThatFeedsAnotherTask() {
        SameDiff sd = model();
        // The right task's loss now also depends on lw.
        SDVariable extra = sd.getVariable("loss_right").add(sd.getVariable("lw").sum().mul(0.0));
        extra.rename("loss_right2");
        rejects(sd, b -> { }, b -> b.sharedVariables("w0", "b0").task("left", "loss_left", "lw", "lb")
                .task("right", "loss_right2", "rw", "rb"), "'lw'", "also feeds the loss of task 'right'");
    }

    @Test
    void trainableVariableNeitherSharedNorHead() {
        rejects(b -> b.sharedVariables("w0").task("left", "loss_left", "lw", "lb")
                .task("right", "loss_right", "rw", "rb"), "'b0'", "neither shared nor a head");
    }

    @Test
    void lossVariableThatDoesNotExist() {
        rejects(b -> b.sharedVariables("w0", "b0").task("left", "loss_lft", "lw", "lb")
                .task("right", "loss_right", "rw", "rb"), "'loss_lft'", "task 'left'", "does not exist");
    }

    @Test
    void parametersNotFloatOrDouble() {
        SameDiff sd = TwoTaskModel.build(DataType.HALF, Loss.BASIC, Loss.BASIC, 1);
        rejects(sd, tasks(), b -> b.sharedVariables("w0", "b0"), "'w0'", "HALF", "FLOAT or DOUBLE");
    }

    @Test
    void parametersOfMixedTypes() {
        SameDiff sd = model();
        sd.getVariable("lb").convertToConstant();
        SDVariable lbFloat = sd.var("lb_float", Nd4j.zeros(DataType.FLOAT, 1));
        sd.getVariable("loss_left").add(lbFloat.castTo(DataType.DOUBLE).sum()).rename("loss_left2");
        rejects(sd, b -> { }, b -> b.sharedVariables("w0", "b0").task("left", "loss_left2", "lw", "lb_float")
                .task("right", "loss_right", "rw", "rb"), "one data type", "DOUBLE", "'lb_float' is FLOAT");
    }

    @Test
    void combinerThatCannotWeighKTasks() {
        rejects(b -> tasks().andThen(x -> x.sharedVariables("w0", "b0")
                        .combiner(Combiners.create("static", Map.of("weights", new double[] {1, 2, 3})))).accept(b),
                "'static'", "2 tasks [left, right]", "length 3");
    }

    @Test
    void missingSettings() {
        SameDiff sd = model();
        assertThrows(IllegalArgumentException.class, () -> SameDiffMultiTask.builder(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SameDiffMultiTask.builder(sd).sharedVariables("w0", "b0").task("left", "loss_left", "lw", "lb")
                        .updater(new Adam(0.1)).build());
        assertTrue(e.getMessage().contains("combiner must be set"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SameDiffMultiTask.builder(sd).sharedVariables("w0", "b0").task("left", "loss_left", "lw", "lb")
                        .combiner(Combiners.create("sum")).build());
        assertTrue(e.getMessage().contains("updater must be set"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SameDiffMultiTask.builder(sd).task("left", "loss_left").task("left", "loss_right"));
        assertTrue(e.getMessage().contains("task name 'left' is used twice"), e.getMessage());
    }

    /** A loss that is not a scalar is found at the first step, before any update. */
    @Test
    void lossThatIsNotAScalar() {
        for (boolean perTask : new boolean[] {false, true}) {
            SameDiff sd = model();
            // A [batch, 1] "loss" that depends on the left head.
            sd.getVariable("y_left").mul(sd.getVariable("lw").sum()).rename("loss_vector");
            SameDiffMultiTask step = SameDiffMultiTask.builder(sd).sharedVariables("w0", "b0")
                    .task("left", "loss_vector", "lw").task("right", "loss_right", "rw", "rb")
                    .combiner(Combiners.create(perTask ? "upgrad" : "sum")).updater(new Adam(0.1)).build();
            double[] before = step.flatParameters().params().toDoubleVector();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> step.fit(TwoTaskModel.batch(DataType.DOUBLE, 1)));
            assertTrue(e.getMessage().contains("'loss_vector' of task 'left' must be a scalar"), e.getMessage());
            assertArrayEquals(before, step.flatParameters().params().toDoubleVector(), 0.0);
            assertEquals(0, step.iteration());
        }
    }

    @Test
    void batchWithoutAPlaceholderALossNeeds() {
        SameDiffMultiTask step = twoTasks(model()).combiner(Combiners.create("sum")).updater(new Adam(0.1)).build();
        Map<String, INDArray> batch = new HashMap<>(TwoTaskModel.batch(DataType.DOUBLE, 1));
        batch.remove("y_right");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> step.fit(batch));
        assertTrue(e.getMessage().contains("'y_right'") && e.getMessage().contains("task 'right'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> step.fit(null));
        Map<String, INDArray> extra = new HashMap<>(TwoTaskModel.batch(DataType.DOUBLE, 1));
        extra.put("y_middle", extra.get("y_left"));
        e = assertThrows(IllegalArgumentException.class, () -> step.evaluate(extra));
        assertTrue(e.getMessage().contains("'y_middle', which is not a placeholder"), e.getMessage());
    }

    /** A diverged run stops with an ArithmeticException naming the task; the parameters are not updated. */
    @Test
    void nonFiniteLossStopsTheStep() {
        SameDiffMultiTask step = twoTasks(model()).combiner(Combiners.create("upgrad")).updater(new Adam(0.1))
                .build();
        Map<String, INDArray> batch = new HashMap<>(TwoTaskModel.batch(DataType.DOUBLE, 1));
        batch.put("y_right", batch.get("y_right").dup().putScalar(0, 0, Double.NaN));
        double[] before = step.flatParameters().params().toDoubleVector();
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> step.fit(batch));
        assertTrue(e.getMessage().contains("task 'right'") && e.getMessage().contains("NaN"), e.getMessage());
        assertArrayEquals(before, step.flatParameters().params().toDoubleVector(), 0.0);
    }
}
