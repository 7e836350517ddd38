package org.mto4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The read-once yardstick reads every element exactly once: its sum equals a plain double sum. */
class ReadOnceTest {

    @Test
    void sumsEveryElementOnceForOddShapesAndViews() {
        Random r = new Random(3);
        for (int[] shape : new int[][] {{1, 1}, {3, 1023}, {5, 1025}, {8, 100_003}}) {
            int k = shape[0];
            int p = shape[1];
            double[][] j = new double[k][p];
            for (double[] row : j) {
                for (int c = 0; c < p; c++) {
                    row[c] = r.nextInt(7) - 3; // small integers: every order of summation is exact
                }
            }
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                INDArray m = Nd4j.createFromArray(j).castTo(type);
                assertEquals(plainSum(j, 0, k, 0, p), ReadOnce.sum(m), type + " " + k + " x " + p);
                if (k > 2 && p > 3) {
                    INDArray view = m.get(NDArrayIndex.interval(1, k), NDArrayIndex.interval(2, p - 1));
                    assertEquals(plainSum(j, 1, k, 2, p - 1), ReadOnce.sum(view), type + " view");
                }
            }
        }
    }

    private static double plainSum(double[][] j, int rowFrom, int rowTo, int from, int to) {
        double s = 0;
        for (int i = rowFrom; i < rowTo; i++) {
            for (int c = from; c < to; c++) {
                s += j[i][c];
            }
        }
        return s;
    }
}
