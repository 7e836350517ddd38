package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TaskGradientsTest {

    @Test
    void ofWrapsWithoutCopying() {
        INDArray m = Nd4j.rand(DataType.FLOAT, 3, 5);
        TaskGradients g = TaskGradients.of(m);
        assertSame(m, g.matrix());
        assertEquals(3, g.numTasks());
        assertEquals(5, g.numParams());
        assertEquals(DataType.FLOAT, g.dataType());
    }

    @Test
    void stackCopiesRowsOfAnyShape() {
        INDArray a = Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0);
        INDArray b = Nd4j.createFromArray(new double[][] {{5, 6}, {7, 8}});
        TaskGradients g = TaskGradients.stack(List.of(a, b));
        assertArrayEquals(new double[] {5, 6, 7, 8}, g.row(1).toDoubleVector(), 0);
        a.putScalar(0, 100);
        assertEquals(1.0, g.matrix().getDouble(0, 0), "stack must copy");
    }

    @Test
    void allocatedRowsAreWritableViews() {
        TaskGradients g = TaskGradients.allocate(2, 3, DataType.DOUBLE);
        g.row(1).assign(Nd4j.createFromArray(1.0, 2.0, 3.0));
        assertEquals(3.0, g.matrix().getDouble(1, 2));
    }

    @Test
    void badInputsNameTheArgumentAndValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskGradients.stack(List.of(Nd4j.create(DataType.FLOAT, 3), Nd4j.create(DataType.FLOAT, 4))));
        assertTrue(e.getMessage().contains("rows[0] has 3") && e.getMessage().contains("rows[1] has 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TaskGradients.stack(List.of(Nd4j.create(DataType.FLOAT, 3), Nd4j.create(DataType.DOUBLE, 3))));
        assertTrue(e.getMessage().contains("FLOAT") && e.getMessage().contains("DOUBLE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TaskGradients.stack(List.of()));
        e = assertThrows(IllegalArgumentException.class, () -> TaskGradients.of(Nd4j.create(DataType.DOUBLE, 4)));
        assertTrue(e.getMessage().contains("rank 1") && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TaskGradients.allocate(0, 3, DataType.FLOAT));
        assertTrue(e.getMessage().contains("numTasks") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TaskGradients.allocate(2, 3, DataType.INT));
        assertTrue(e.getMessage().contains("INT"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TaskGradients.allocate(2, 3, DataType.FLOAT).row(2));
        assertTrue(e.getMessage().contains("[0, 2)") && e.getMessage().contains("2"), e.getMessage());
    }

    @Test
    void lossesAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskLosses.of(1.0, Double.NaN));
        assertTrue(e.getMessage().contains("task 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TaskLosses.of());
        e = assertThrows(IllegalArgumentException.class, () -> TaskLosses.of(1, 2).requireSize(3));
        assertTrue(e.getMessage().contains("2 losses for 3 tasks"), e.getMessage());
        double[] values = {1, 2};
        TaskLosses l = TaskLosses.of(values);
        values[0] = 9;
        assertEquals(1, l.get(0));
    }

    @Test
    void weightedSumIntoIsJTransposeW() {
        INDArray m = Nd4j.createFromArray(new double[][] {{-4, 1, 1}, {6, 1, 1}});
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            TaskGradients g = TaskGradients.of(m.castTo(type));
            INDArray out = Nd4j.create(type, 1, 3);
            assertSame(out, g.weightedSumInto(new double[] {1, 2}, out));
            assertArrayEquals(new double[] {8, 3, 3}, out.castTo(DataType.DOUBLE).reshape(3).toDoubleVector(), 1e-6);
        }
        TaskGradients g = TaskGradients.of(m);
        INDArray out = Nd4j.create(DataType.DOUBLE, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.weightedSumInto(new double[] {1}, out));
        assertTrue(e.getMessage().contains("1 weights for 2 tasks"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.weightedSumInto(new double[] {1, Double.NaN}, out));
        assertTrue(e.getMessage().contains("task 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.weightedSumInto(new double[] {1, 2},
                Nd4j.create(DataType.FLOAT, 3)));
        TaskGradients big = TaskGradients.of(Nd4j.createFromArray(new float[][] {{3e38f}, {3e38f}}));
        e = assertThrows(IllegalArgumentException.class,
                () -> big.weightedSumInto(new double[] {1, 1}, Nd4j.create(DataType.FLOAT, 1)));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
    }

    @Test
    void gramianOfTaskGradientsIsJJTranspose() {
        TaskGradients g = TaskGradients.of(Nd4j.createFromArray(new double[][] {{-4, 1, 1}, {6, 1, 1}}));
        assertArrayEquals(new double[][] {{18, -22}, {-22, 38}}, Gramian.compute(g).toArray());
    }
}
