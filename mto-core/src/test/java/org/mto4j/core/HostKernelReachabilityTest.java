package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Regression test: the host kernels read J through NIO views, which do not keep J alive. A J that only the call
 * held (a temporary, as in {@code combineInto(TaskGradients.of(Nd4j.createFromArray(rows)), ...)}) could be
 * collected during the direction pass, its native memory freed and handed to another thread's new array, and the
 * direction computed from that array's values. Found by mto-spark's sweeps on {@code local[2]}: one run in a few
 * hundred gave other numbers. Measured on the development machine with this test's workload before the fix: 52 and
 * 92 wrong directions in 2·10⁵ and 4·10⁵ calls; after: none in 2·10⁵ (so this test, with 2·10⁴ calls, caught the
 * bug in almost every run; it cannot prove its absence).
 */
class HostKernelReachabilityTest {
    private static final int P = 8;
    private static final int CALLS_PER_THREAD = 10_000;

    /** Fixed weights (1, 2): the Gram pass and the direction pass run, with nothing else in between. */
    private static final GramWeighting ONE_TWO = new GramWeighting() {
        @Override
        public Weights weigh(Gramian gramian, TaskLosses losses) {
            return Weights.of(1, 2);
        }

        @Override
        public String name() {
            return "one-two";
        }
    };

    @Test
    void temporaryJacobianStaysAliveWhileTwoThreadsCombineUnderGcPressure() throws Exception {
        double[][] rows = new double[2][P];
        SplittableRandom random = new SplittableRandom(3);
        for (double[] row : rows) {
            for (int c = 0; c < P; c++) {
                row[c] = random.nextDouble(-1, 1);
            }
        }
        double[] expected = new double[P];
        for (int c = 0; c < P; c++) {
            expected[c] = rows[0][c] + 2 * rows[1][c];
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread noise = new Thread(() -> {
            // arrays of J's size, for the freed memory to be reused, and collections to free it
            double[][] junk = new double[2][P];
            for (double[] row : junk) {
                Arrays.fill(row, 1e6);
            }
            for (int i = 0; !stop.get(); i++) {
                Nd4j.createFromArray(junk).addi(1);
                if (i % 50 == 0) {
                    System.gc();
                }
            }
        });
        noise.start();
        AtomicLong wrong = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<double[]> firstWrong = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                GramCombiner combiner = new GramCombiner(ONE_TWO);
                INDArray out = Nd4j.create(DataType.DOUBLE, P);
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    combiner.combineInto(TaskGradients.of(Nd4j.createFromArray(rows)), null, out);
                    double[] d = out.toDoubleVector();
                    if (!Arrays.equals(expected, d) && wrong.incrementAndGet() == 1) {
                        synchronized (firstWrong) {
                            firstWrong.add(d);
                        }
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        stop.set(true);
        noise.join();
        assertEquals(0, wrong.get(), "directions computed from freed memory, e.g. "
                + (firstWrong.isEmpty() ? "" : Arrays.toString(firstWrong.get(0))));
        assertArrayEquals(expected, new GramCombiner(ONE_TWO).combine(TaskGradients.of(Nd4j.createFromArray(rows)))
                .direction().toDoubleVector());
    }
}
