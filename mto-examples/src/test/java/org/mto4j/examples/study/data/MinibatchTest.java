package org.mto4j.examples.study.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MinibatchTest {
    private static MultiTaskDataset low;

    @BeforeAll
    static void data() {
        low = MultiDigits.lowResource().train();
    }

    enum Type {
        FLOAT(DataType.FLOAT), DOUBLE(DataType.DOUBLE);

        final DataType type;

        Type(DataType type) {
            this.type = type;
        }
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void batchesHoldTheExamplesOneHotLabelsAndMasks(Type t) {
        MinibatchStream stream = low.shuffled(64, 7, t.type);
        for (int b = 0; b < 30; b++) {
            Minibatch batch = stream.next();
            assertEquals(t.type, batch.features().dataType());
            assertArrayEquals(new long[] {64, 96}, batch.features().shape());
            assertArrayEquals(new long[] {64, 10}, batch.labels(1).shape());
            assertArrayEquals(new long[] {64, 1}, batch.mask(1).shape());
            int labeledRight = 0;
            double[][] features = batch.features().toDoubleMatrix();
            double[][][] oneHot = {batch.labels(0).toDoubleMatrix(), batch.labels(1).toDoubleMatrix()};
            double[][] masks = {batch.mask(0).toDoubleVector(), batch.mask(1).toDoubleVector()};
            for (int r = 0; r < 64; r++) {
                int example = batch.example(r);
                for (int j = 0; j < 96; j++) {
                    assertEquals(low.feature(example, j), features[r][j], 0.0);
                }
                for (int task = 0; task < 2; task++) {
                    int y = low.label(task, example);
                    assertEquals(y, batch.label(task, r));
                    for (int c = 0; c < 10; c++) {
                        assertEquals(c == y ? 1.0 : 0.0, oneHot[task][r][c], "task " + task + " row " + r);
                    }
                    assertEquals(y == MultiTaskDataset.UNLABELED ? 0.0 : 1.0, masks[task][r]);
                }
                labeledRight += low.label(1, example) == MultiTaskDataset.UNLABELED ? 0 : 1;
            }
            assertEquals(64, batch.labeledCount(0));
            assertEquals(labeledRight, batch.labeledCount(1));
            assertEquals(labeledRight, batch.mask(1).sumNumber().intValue());
        }
    }

    @Test
    void everyExampleOncePerEpochAndFullBatchesAcrossEpochBoundaries() {
        MultiTaskDataset test = MultiDigits.standard().test(); // 2,000 examples: 31.25 batches of 64 per epoch
        MinibatchStream stream = test.shuffled(64, 11, DataType.FLOAT);
        int[] seen = new int[test.size()];
        int drawn = 0;
        while (drawn < 3 * test.size()) {
            Minibatch batch = stream.next();
            assertEquals(64, batch.size());
            for (int r = 0; r < 64 && drawn < 3 * test.size(); r++, drawn++) {
                seen[batch.example(r)]++;
                if (drawn + 1 == test.size()) {
                    assertTrue(Arrays.stream(seen).allMatch(c -> c == 1), "first epoch is a permutation");
                }
            }
        }
        assertTrue(Arrays.stream(seen).allMatch(c -> c == 3));
        assertEquals(3, stream.epochs());
        assertEquals(94, stream.batches());
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndTheBatchIsReusedInPlace() {
        MultiTaskDataset test = MultiDigits.standard().test();
        MinibatchStream a = test.shuffled(32, 5, DataType.FLOAT);
        MinibatchStream b = test.shuffled(32, 5, DataType.FLOAT);
        MinibatchStream c = test.shuffled(32, 6, DataType.FLOAT);
        Minibatch first = a.next();
        INDArray features = first.features();
        int[] fromA = new int[32];
        int[] fromC = new int[32];
        for (int step = 0; step < 50; step++) {
            Minibatch x = step == 0 ? first : a.next();
            Minibatch y = b.next();
            Minibatch z = c.next();
            assertSame(first, x);
            assertSame(features, x.features());
            assertEquals(x.features(), y.features());
            for (int r = 0; r < 32; r++) {
                fromA[r] = x.example(r);
                fromC[r] = z.example(r);
            }
            assertNotEquals(Arrays.toString(fromA), Arrays.toString(fromC));
        }
    }

    /** The example of docs/study.md, verbatim between the markers. */
    @Test
    void docsExample() {
        long seed = 3;
        // DOCS-BEGIN
        StudyData data = MultiDigits.lowResource();
        MinibatchStream stream = data.train().shuffled(64, seed, DataType.FLOAT);   // endless, reproducible
        Minibatch batch = stream.next();      // the same object every call, refilled in place: no allocation per batch
        INDArray x = batch.features();        // [64, 96]
        INDArray yRight = batch.labels(1);    // [64, 10] one-hot, zero rows where unlabeled
        INDArray mRight = batch.mask(1);      // [64, 1]
        Minibatch validation = data.validation().asMinibatch(DataType.FLOAT);   // the whole split, create once
        // DOCS-END
        assertArrayEquals(new long[] {64, 96}, x.shape());
        assertArrayEquals(new long[] {64, 10}, yRight.shape());
        assertArrayEquals(new long[] {64, 1}, mRight.shape());
        assertEquals(yRight.sumNumber().intValue(), mRight.sumNumber().intValue());
        assertEquals(1000, validation.size());
    }

    @Test
    void asMinibatchHoldsTheWholeSplitInOrder() {
        MultiTaskDataset validation = MultiDigits.standard().validation();
        Minibatch all = validation.asMinibatch(DataType.DOUBLE);
        assertEquals(1000, all.size());
        for (int i = 0; i < 1000; i += 37) {
            assertEquals(i, all.example(i));
            assertEquals(validation.feature(i, 50), all.features().getDouble(i, 50), 0.0);
            assertEquals(1.0, all.labels(0).getDouble(i, validation.label(0, i)));
        }
    }

    @Test
    void badBatchSizesAndTypesAreRejected() {
        MultiTaskDataset test = MultiDigits.build(1, 4, 10, 10, 12).test();
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> test.shuffled(13, 1, DataType.FLOAT));
        assertTrue(big.getMessage().contains("batchSize must be in [1, 12]") && big.getMessage().contains("13"),
                big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> test.shuffled(0, 1, DataType.FLOAT));
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> test.shuffled(4, 1, DataType.INT32));
        assertTrue(type.getMessage().contains("FLOAT or DOUBLE, got INT"), type.getMessage());
    }
}
