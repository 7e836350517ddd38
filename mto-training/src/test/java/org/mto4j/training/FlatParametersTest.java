package org.mto4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mto4j.core.TaskGradients;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FlatParametersTest {

    private static FlatParameters layout(DataType type) {
        return FlatParameters.builder(type, 2).head(1, "r", 2).shared("w", 2, 3).shared("s").head(0, "l", 1, 2)
                .build();
    }

    @Test
    void sharedBlockFirstThenHeadsTaskByTask() {
        FlatParameters flat = layout(DataType.DOUBLE);
        assertEquals(7, flat.numShared());
        assertEquals(11, flat.numParams());
        assertEquals(List.of("w", "s", "l", "r"), flat.names());
        assertEquals(List.of("w", "s"), flat.sharedNames());
        assertEquals(List.of("l"), flat.headNames(0));
        assertEquals(List.of("r"), flat.headNames(1));
        flat.param("w").assign(Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        flat.param("s").assign(7);
        flat.param("l").assign(Nd4j.createFromArray(new double[][] {{8, 9}}));
        flat.param("r").assign(Nd4j.createFromArray(10.0, 11.0));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, flat.params().toDoubleVector(), 0.0);
        assertEquals(0, flat.param("s").rank());
        assertArrayEquals(new long[] {1, 2}, flat.param("l").shape());
    }

    @Test
    void gradientViewsJacobianViewsAndHeadScaling() {
        FlatParameters flat = layout(DataType.FLOAT);
        flat.gradients().assign(Nd4j.linspace(DataType.FLOAT, 1, 11, 1));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7}, flat.sharedGradient().toDoubleVector(), 0.0);
        flat.scaleHeadGradients(1, 0.5);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 5, 5.5}, flat.gradients().toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {8, 9}, flat.gradient("l").dup().reshape(2).toDoubleVector(), 0.0);

        TaskGradients j = flat.newJacobian();
        assertEquals(2, j.numTasks());
        assertEquals(7, j.numParams());
        flat.jacobianView(j, 1, "s").assign(3);
        flat.jacobianView(j, 0, "w").assign(Nd4j.ones(DataType.FLOAT, 2, 3));
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 0}, j.row(0).toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 3}, j.row(1).toDoubleVector(), 0.0);
    }

    @Test
    void badInputNamesTheProblem() {
        assertMessage(() -> FlatParameters.builder(DataType.INT, 2), "FLOAT or DOUBLE, got INT");
        assertMessage(() -> FlatParameters.builder(DataType.FLOAT, 0), "numTasks must be >= 1, got 0");
        assertMessage(() -> FlatParameters.builder(DataType.FLOAT, 2).shared("a", 2).head(0, "a", 2),
                "'a' is added twice");
        assertMessage(() -> FlatParameters.builder(DataType.FLOAT, 2).head(2, "h", 2), "task must be in [0, 2)");
        assertMessage(() -> FlatParameters.builder(DataType.FLOAT, 2).shared("a", 2, 0), "dimensions >= 1");
        assertMessage(() -> FlatParameters.builder(DataType.FLOAT, 2).head(0, "h", 2).build(),
                "at least one shared variable");
        FlatParameters flat = layout(DataType.DOUBLE);
        assertMessage(() -> flat.param("x"), "no variable 'x'");
        assertMessage(() -> flat.jacobianView(TaskGradients.allocate(2, 6, DataType.DOUBLE), 0, "w"),
                "2 x 7 DOUBLE");
        assertMessage(() -> flat.jacobianView(flat.newJacobian(), 0, "l"), "'l' is not a shared variable");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String fragment) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(fragment), "'" + ex.getMessage() + "' should mention '" + fragment + "'");
    }

    @Test
    void viewsSurviveUpdates() {
        FlatParameters flat = layout(DataType.DOUBLE);
        INDArray w = flat.param("w");
        flat.params().addi(1.0);
        assertEquals(1.0, w.getDouble(1, 2), 0.0);
    }
}
