package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The column-block path: every column once, in order per worker, the same results from every layout. */
class ColumnBlocksTest {

    /** d_c = max over tasks of J[i, c] (a column reduction), and per worker: columns seen and Σ of d. */
    static class MaxWorker implements ColumnBlocks.Worker {
        long first = -1;
        long next = -1;
        double sum;

        @Override
        public void block(long firstColumn, int length, double[][] rows, double[] direction) {
            if (first < 0) {
                first = firstColumn;
            } else {
                assertEquals(next, firstColumn, "blocks of one worker come in order without gaps");
            }
            next = firstColumn + length;
            for (int v = 0; v < length; v++) {
                double m = rows[0][v];
                for (double[] row : rows) {
                    m = Math.max(m, row[v]);
                }
                direction[v] = m;
                sum += m;
            }
        }
    }

    private static double[][] random(long seed, int k, int p) {
        Random r = new Random(seed);
        double[][] j = new double[k][p];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < p; c++) {
                j[i][c] = r.nextGaussian();
            }
        }
        return j;
    }

    private static double[] columnMax(double[][] j) {
        double[] d = new double[j[0].length];
        for (int c = 0; c < d.length; c++) {
            d[c] = j[0][c];
            for (double[] row : j) {
                d[c] = Math.max(d[c], row[c]);
            }
        }
        return d;
    }

    @Test
    void everyColumnOnceInBothTypesAndAcrossParts() {
        for (int p : new int[] {1, 1023, 1025, 200_000}) {
            double[][] j = random(p, 3, p);
            double[] expected = columnMax(j);
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                INDArray out = Nd4j.create(type, p);
                List<MaxWorker> workers = ColumnBlocks.run(GradientCombinerContract.toGradients(j, type), out,
                        MaxWorker::new);
                assertEquals(0, workers.get(0).first);
                for (int w = 1; w < workers.size(); w++) {
                    assertEquals(workers.get(w - 1).next, workers.get(w).first, "parts are contiguous");
                }
                assertEquals(p, workers.get(workers.size() - 1).next);
                double[] actual = GradientCombinerContract.toDoubles(out);
                assertArrayEquals(expected, actual, type == DataType.DOUBLE ? 0 : 1e-6, "P = " + p + " " + type);
                double total = workers.stream().mapToDouble(w -> w.sum).sum();
                double want = 0;
                for (double v : expected) {
                    want += v;
                }
                assertEquals(want, total, 1e-6 * p);
            }
        }
    }

    @Test
    void columnMajorGradientsAndStridedOutputsTakeTheViewPathWithTheSameResult() {
        int p = 2500;
        double[][] j = random(11, 4, p);
        double[] expected = columnMax(j);
        INDArray fOrder = Nd4j.createFromArray(j).dup('f');
        INDArray out = Nd4j.create(DataType.DOUBLE, p);
        ColumnBlocks.run(TaskGradients.of(fOrder), out, MaxWorker::new);
        assertArrayEquals(expected, out.toDoubleVector(), 0);
        INDArray twoColumns = Nd4j.create(DataType.DOUBLE, p, 2);
        INDArray strided = twoColumns.getColumn(0);
        ColumnBlocks.run(GradientCombinerContract.toGradients(j, DataType.DOUBLE), strided, MaxWorker::new);
        assertArrayEquals(expected, strided.toDoubleVector(), 0);
        assertEquals(0.0, twoColumns.getColumn(1).sumNumber().doubleValue(), "the other column is untouched");
        for (INDArray shaped : new INDArray[] {Nd4j.create(DataType.DOUBLE, 1, p), Nd4j.create(DataType.DOUBLE, p, 1)}) {
            ColumnBlocks.run(TaskGradients.of(fOrder), shaped, MaxWorker::new);
            assertArrayEquals(expected, GradientCombinerContract.toDoubles(shaped), 0);
        }
    }

    @Test
    void nonFiniteRowsAreNamed() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double[][] j = random(12, 5, 3000);
            j[1][2999] = Double.NaN;
            j[3][0] = Double.NEGATIVE_INFINITY;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnBlocks.run(
                    GradientCombinerContract.toGradients(j, type), Nd4j.create(type, 3000), MaxWorker::new));
            assertTrue(e.getMessage().contains("[1, 3]"), e.getMessage());
        }
    }

    @Test
    void aDirectionBeyondFloatIsAnError() {
        double[][] j = {{3e38, 1}, {3e38, 1}};
        ColumnBlocks.Worker sum = (first, length, rows, direction) -> {
            for (int v = 0; v < length; v++) {
                direction[v] = rows[0][v] + rows[1][v];
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnBlocks.run(
                GradientCombinerContract.toGradients(j, DataType.FLOAT), Nd4j.create(DataType.FLOAT, 2), () -> sum));
        assertTrue(e.getMessage().contains("FLOAT"), e.getMessage());
    }

    @Test
    void badOutputIsRejected() {
        TaskGradients g = GradientCombinerContract.toGradients(random(13, 2, 10), DataType.DOUBLE);
        assertThrows(IllegalArgumentException.class, () -> ColumnBlocks.run(g, Nd4j.create(DataType.DOUBLE, 11),
                MaxWorker::new));
        assertThrows(IllegalArgumentException.class, () -> ColumnBlocks.run(g, Nd4j.create(DataType.FLOAT, 10),
                MaxWorker::new));
        assertThrows(IllegalArgumentException.class, () -> ColumnBlocks.run(g, null, MaxWorker::new));
    }

    /** next[i][c] = ½ state[i][c] + J[i][c]² (a moving average of squares), and per worker Σ of J². */
    static class SquaresWorker implements ColumnBlocks.StateWorker {
        double sum;

        @Override
        public void block(long firstColumn, int length, double[][] rows, double[][] state) {
            for (int i = 0; i < rows.length; i++) {
                for (int v = 0; v < length; v++) {
                    double x = rows[i][v];
                    state[i][v] = 0.5 * state[i][v] + x * x;
                    sum += x * x;
                }
            }
        }
    }

    private static double[][] expectedSquares(double[][] j, double[][] s) {
        double[][] next = new double[j.length][j[0].length];
        for (int i = 0; i < j.length; i++) {
            for (int c = 0; c < j[0].length; c++) {
                next[i][c] = 0.5 * s[i][c] + j[i][c] * j[i][c];
            }
        }
        return next;
    }

    @Test
    void updateWritesTheNextStateInPlaceOrElsewhere() {
        for (int p : new int[] {1, 1025, 200_000}) {
            double[][] j = random(20 + p, 3, p);
            double[][] s = random(21 + p, 3, p);
            double[][] expected = expectedSquares(j, s);
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                double tol = type == DataType.DOUBLE ? 0 : 1e-5;
                INDArray state = Nd4j.createFromArray(s).castTo(type);
                INDArray next = Nd4j.create(type, 3, p);
                List<SquaresWorker> workers = ColumnBlocks.update(GradientCombinerContract.toGradients(j, type), state,
                        next, SquaresWorker::new);
                assertArrayEquals(Nd4j.createFromArray(s).castTo(type).toDoubleMatrix(), state.toDoubleMatrix(),
                        "state untouched when next is elsewhere");
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(expected[i], next.getRow(i).toDoubleVector(), tol * 10);
                }
                assertTrue(workers.stream().mapToDouble(w -> w.sum).sum() > 0);
                ColumnBlocks.update(GradientCombinerContract.toGradients(j, type), state, state, SquaresWorker::new);
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(expected[i], state.getRow(i).toDoubleVector(), tol * 10, "in place");
                }
            }
        }
    }

    @Test
    void updateThroughViewsGivesTheSameState() {
        double[][] j = random(30, 4, 2100);
        double[][] s = random(31, 4, 2100);
        double[][] expected = expectedSquares(j, s);
        INDArray next = Nd4j.create(DataType.DOUBLE, 4, 2100);
        ColumnBlocks.update(TaskGradients.of(Nd4j.createFromArray(j).dup('f')), Nd4j.createFromArray(s), next,
                SquaresWorker::new);
        assertArrayEquals(expected, next.toDoubleMatrix());
    }

    @Test
    void updateNamesNonFiniteRowsAndRejectsOverflowAndBadStates() {
        double[][] j = random(40, 3, 50);
        j[2][7] = Double.NaN;
        INDArray state = Nd4j.create(DataType.DOUBLE, 3, 50);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnBlocks.update(
                GradientCombinerContract.toGradients(j, DataType.DOUBLE), state, state, SquaresWorker::new));
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
        double[][] big = {{1e20, 1}, {1, 1}};
        INDArray floatState = Nd4j.create(DataType.FLOAT, 2, 2);
        e = assertThrows(IllegalArgumentException.class, () -> ColumnBlocks.update(
                GradientCombinerContract.toGradients(big, DataType.FLOAT), floatState, floatState, SquaresWorker::new));
        assertTrue(e.getMessage().contains("next state") && e.getMessage().contains("FLOAT"), e.getMessage());
        TaskGradients g = GradientCombinerContract.toGradients(random(41, 3, 50), DataType.DOUBLE);
        e = assertThrows(IllegalArgumentException.class, () -> ColumnBlocks.update(g, Nd4j.create(DataType.DOUBLE,
                3, 49), state, SquaresWorker::new));
        assertTrue(e.getMessage().contains("3 x 50") && e.getMessage().contains("[3, 49]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ColumnBlocks.update(g, state,
                Nd4j.create(DataType.FLOAT, 3, 50), SquaresWorker::new));
    }

    /** Column max in both precisions; counts which path ran. */
    static final class FloatMaxWorker extends MaxWorker implements ColumnBlocks.FloatWorker {
        int floatBlocks;

        @Override
        public void block(long firstColumn, int length, float[][] rows, float[] direction) {
            floatBlocks++;
            for (int v = 0; v < length; v++) {
                float m = rows[0][v];
                for (float[] row : rows) {
                    m = Math.max(m, row[v]);
                }
                direction[v] = m;
            }
        }
    }

    @Test
    void floatWorkersGetAFloatJacobianWithoutConversion() {
        for (int p : new int[] {1, 1500, 200_000}) {
            double[][] j = random(50 + p, 4, p);
            INDArray out = Nd4j.create(DataType.FLOAT, p);
            List<FloatMaxWorker> workers = ColumnBlocks.run(GradientCombinerContract.toGradients(j, DataType.FLOAT),
                    out, FloatMaxWorker::new);
            assertEquals((p + ColumnBlocks.BLOCK - 1) / ColumnBlocks.BLOCK, workers.stream().mapToInt(w -> w.floatBlocks).sum());
            assertArrayEquals(columnMax(j), GradientCombinerContract.toDoubles(out), 1e-6);
            // DOUBLE gradients take the double path.
            List<FloatMaxWorker> inDouble = ColumnBlocks.run(GradientCombinerContract.toGradients(j, DataType.DOUBLE),
                    Nd4j.create(DataType.DOUBLE, p), FloatMaxWorker::new);
            assertEquals(0, inDouble.stream().mapToInt(w -> w.floatBlocks).sum());
        }
        double[][] j = random(60, 3, 40);
        j[1][5] = Double.POSITIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnBlocks.run(
                GradientCombinerContract.toGradients(j, DataType.FLOAT), Nd4j.create(DataType.FLOAT, 40),
                FloatMaxWorker::new));
        assertTrue(e.getMessage().contains("[1]"), e.getMessage());
        double[][] big = {{3e38, 1}, {3e38, 1}};
        ColumnBlocks.FloatWorker doubling = new ColumnBlocks.FloatWorker() {
            @Override
            public void block(long first, int length, float[][] rows, float[] direction) {
                for (int v = 0; v < length; v++) {
                    direction[v] = rows[0][v] + rows[1][v];
                }
            }

            @Override
            public void block(long first, int length, double[][] rows, double[] direction) {
                throw new AssertionError("the float path was expected");
            }
        };
        e = assertThrows(IllegalArgumentException.class, () -> ColumnBlocks.run(
                GradientCombinerContract.toGradients(big, DataType.FLOAT), Nd4j.create(DataType.FLOAT, 2),
                () -> doubling));
        assertTrue(e.getMessage().contains("overflows FLOAT"), e.getMessage());
    }

    /** The squares worker in float too; counts the float blocks. */
    static final class FloatSquaresWorker extends SquaresWorker implements ColumnBlocks.FloatStateWorker {
        int floatBlocks;

        @Override
        public void block(long firstColumn, int length, float[][] rows, float[][] state) {
            floatBlocks++;
            for (int i = 0; i < rows.length; i++) {
                for (int v = 0; v < length; v++) {
                    state[i][v] = 0.5f * state[i][v] + rows[i][v] * rows[i][v];
                }
            }
        }
    }

    @Test
    void floatStateWorkersUpdateAFloatStateInFloat() {
        int p = 200_000;
        double[][] j = random(70, 3, p);
        double[][] s = random(71, 3, p);
        double[][] expected = expectedSquares(j, s);
        INDArray state = Nd4j.createFromArray(s).castTo(DataType.FLOAT);
        List<FloatSquaresWorker> workers = ColumnBlocks.update(GradientCombinerContract.toGradients(j, DataType.FLOAT),
                state, state, FloatSquaresWorker::new);
        assertEquals((p + ColumnBlocks.BLOCK - 1) / ColumnBlocks.BLOCK,
                workers.stream().mapToInt(w -> w.floatBlocks).sum());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expected[i], state.getRow(i).toDoubleVector(), 1e-4);
        }
        double[][] big = {{2e19, 1}, {1, 1}};
        INDArray small = Nd4j.create(DataType.FLOAT, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnBlocks.update(
                GradientCombinerContract.toGradients(big, DataType.FLOAT), small, small, FloatSquaresWorker::new));
        assertTrue(e.getMessage().contains("next state overflows FLOAT"), e.getMessage());
    }
}
