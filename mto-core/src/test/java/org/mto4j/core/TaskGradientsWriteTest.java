package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link TaskGradients#set(int, INDArray)} and the transposed-J check: the two ways a user corrupted a step
 * (issue 9: a long gradient written with {@code row(i).assign(g)} crashed the JVM, a short one left the previous
 * step's values in the row; a P x K matrix was taken for K = 100000 tasks).
 */
class TaskGradientsWriteTest {

    private static final double[] PREVIOUS_ROW_0 = {1, 2, 3, 4, 5};
    private static final double[] PREVIOUS_ROW_1 = {6, 7, 8, 9, 10};

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"}, mode = Mode.INCLUDE)
    void setWritesTheRowFromAnyShapeWithPElements(DataType type) {
        TaskGradients g = TaskGradients.allocate(3, 4, type);
        assertSame(g, g.set(0, Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0).castTo(type)));
        g.set(1, Nd4j.createFromArray(new double[][] {{5, 6, 7, 8}}).castTo(type));      // [1, P]
        g.set(2, Nd4j.createFromArray(new double[][] {{9, 10}, {11, 12}}).castTo(type)); // parameter-shaped
        assertArrayEquals(new double[] {1, 2, 3, 4}, g.row(0).toDoubleVector(), 0);
        assertArrayEquals(new double[] {5, 6, 7, 8}, g.row(1).toDoubleVector(), 0);
        assertArrayEquals(new double[] {9, 10, 11, 12}, g.row(2).toDoubleVector(), 0);
    }

    @Test
    void setReadsAStridedViewInItsLogicalOrder() {
        INDArray source = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        TaskGradients g = TaskGradients.allocate(2, 3, DataType.DOUBLE);
        g.set(1, source.getColumn(1)); // [2, 4, 6], stride 2
        assertArrayEquals(new double[] {2, 4, 6}, g.row(1).toDoubleVector(), 0);
        assertArrayEquals(new double[] {0, 0, 0}, g.row(0).toDoubleVector(), 0);
    }

    @Test
    void aGradient100ElementsTooLongIsRejectedAndWritesNothing() {
        // Regression: grads.row(0).assign(g) with P + 100 elements wrote past the row and crashed the JVM (SIGSEGV).
        TaskGradients g = filledBuffer();
        INDArray tooLong = Nd4j.rand(DataType.FLOAT, 5 + 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.set(0, tooLong));
        assertEquals("gradient of task 0 must have P = 5 elements, got 105 (shape [105])", e.getMessage());
        assertUnchanged(g);
    }

    @Test
    void aShortGradientIsRejectedInsteadOfLeavingThePreviousStepsValues() {
        // Regression: a short gradient left the previous step's values in the rest of the row.
        TaskGradients g = filledBuffer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.set(1, Nd4j.createFromArray(0f, 0f, 0f)));
        assertEquals("gradient of task 1 must have P = 5 elements, got 3 (shape [3])", e.getMessage());
        assertUnchanged(g);
    }

    @Test
    void aGradientOfAnotherDataTypeIsRejected() {
        TaskGradients g = filledBuffer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.set(1, Nd4j.create(DataType.DOUBLE, 5)));
        assertTrue(e.getMessage().contains("task 1") && e.getMessage().contains("FLOAT")
                && e.getMessage().contains("DOUBLE"), e.getMessage());
        assertUnchanged(g);
    }

    @Test
    void setRejectsABadIndexAndNull() {
        TaskGradients g = filledBuffer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.set(2, Nd4j.create(DataType.FLOAT, 5)));
        assertEquals("task index must be in [0, 2), got 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.set(-1, Nd4j.create(DataType.FLOAT, 5)));
        e = assertThrows(IllegalArgumentException.class, () -> g.set(0, null));
        assertEquals("gradient must not be null", e.getMessage());
        assertUnchanged(g);
    }

    @Test
    void aTransposedJacobianIsRejectedWithTheLimitInTheMessage() {
        // Regression: a P x K matrix (100000 x 4) was accepted as K = 100000 tasks.
        INDArray transposed = Nd4j.create(DataType.FLOAT, 100_000, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskGradients.of(transposed));
        assertTrue(e.getMessage().startsWith("J has K = 100000 rows (tasks) and P = 4 columns (parameters)")
                && e.getMessage().contains("maxTasks = 4096") && e.getMessage().contains("transposed"),
                e.getMessage());
        assertEquals(4, TaskGradients.of(transposed.transpose()).numTasks());
        assertEquals(100_000, TaskGradients.of(transposed, 100_000).numTasks(), "the limit is overridable");
    }

    @Test
    void theLimitAppliesOnlyWhenTasksOutnumberParameters() {
        int limit = TaskGradients.DEFAULT_MAX_TASKS;
        assertEquals(4096, limit);
        assertEquals(limit, TaskGradients.allocate(limit, 2, DataType.FLOAT).numTasks());
        assertThrows(IllegalArgumentException.class, () -> TaskGradients.allocate(limit + 1, 2, DataType.FLOAT));
        assertEquals(limit + 1, TaskGradients.allocate(limit + 1, 2, DataType.FLOAT, limit + 1).numTasks());
        assertEquals(limit + 1, TaskGradients.allocate(limit + 1, limit + 1, DataType.FLOAT).numTasks(),
                "K = P is never taken for a transposed J");
        assertEquals(3, TaskGradients.of(Nd4j.create(DataType.FLOAT, 3, 1), 3).numTasks());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskGradients.of(Nd4j.create(DataType.FLOAT, 3, 1), 2));
        assertTrue(e.getMessage().contains("maxTasks = 2") && e.getMessage().contains("maxTasks >= 3"),
                e.getMessage());
    }

    @Test
    void stackAppliesTheSameLimit() {
        List<INDArray> rows = new ArrayList<>();
        for (int i = 0; i <= TaskGradients.DEFAULT_MAX_TASKS; i++) {
            rows.add(Nd4j.create(DataType.FLOAT, 2));
        }
        assertThrows(IllegalArgumentException.class, () -> TaskGradients.stack(rows));
        assertEquals(rows.size(), TaskGradients.stack(rows, rows.size()).numTasks());
    }

    @Test
    void maxTasksMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskGradients.of(Nd4j.create(DataType.FLOAT, 2, 3), 0));
        assertEquals("maxTasks must be >= 1, got 0", e.getMessage());
    }

    private static TaskGradients filledBuffer() {
        TaskGradients g = TaskGradients.allocate(2, 5, DataType.FLOAT);
        g.set(0, Nd4j.createFromArray(PREVIOUS_ROW_0).castTo(DataType.FLOAT));
        g.set(1, Nd4j.createFromArray(PREVIOUS_ROW_1).castTo(DataType.FLOAT));
        return g;
    }

    private static void assertUnchanged(TaskGradients g) {
        assertArrayEquals(PREVIOUS_ROW_0, g.row(0).toDoubleVector(), 0);
        assertArrayEquals(PREVIOUS_ROW_1, g.row(1).toDoubleVector(), 0);
    }
}
