package org.mto4j.examples.study.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MaskedMeanCrossEntropyTest {
    // three examples, three classes; the second is unlabeled (mask 0, all-zero label row)
    private static final double[][] LOGITS = {{1, 2, 0.5}, {0.3, -1, 2}, {-0.5, 0.25, 1.5}};
    private static final double[][] LABELS = {{0, 1, 0}, {0, 0, 0}, {1, 0, 0}};
    private static final double[][] MASK = {{1}, {0}, {1}};

    private static double[] softmax(double[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double[] e = new double[z.length];
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            e[c] = Math.exp(z[c] - max);
            sum += e[c];
        }
        for (int c = 0; c < z.length; c++) {
            e[c] /= sum;
        }
        return e;
    }

    private static INDArray array(double[][] values) {
        return Nd4j.createFromArray(values).castTo(DataType.DOUBLE);
    }

    @Test
    void scoreIsTheMeanOverLabeledExamplesOnceDl4jDividesByTheBatch() {
        // by hand: examples 0 (class 1) and 2 (class 0) count, the mean over 2
        double expected = (-Math.log(softmax(LOGITS[0])[1]) - Math.log(softmax(LOGITS[2])[0])) / 2;
        MaskedMeanCrossEntropy loss = new MaskedMeanCrossEntropy();
        // DL4J's output layer asks for the sum (average = false) and divides by the batch size, 3
        double score = loss.computeScore(array(LABELS), array(LOGITS), new ActivationSoftmax(), array(MASK), false);
        assertEquals(expected, score / 3, 1e-12);
        assertEquals(expected, loss.computeScore(array(LABELS), array(LOGITS), new ActivationSoftmax(), array(MASK),
                true), 1e-12);
        double[] perExample = loss.computeScoreArray(array(LABELS), array(LOGITS), new ActivationSoftmax(),
                array(MASK)).toDoubleVector();
        assertEquals(0.0, perExample[1], 0.0);
        assertEquals(3 * expected, perExample[0] + perExample[2], 1e-12);
    }

    @Test
    void gradientIsScaledLikeTheScoreAndZeroForUnlabeledExamples() {
        MaskedMeanCrossEntropy loss = new MaskedMeanCrossEntropy();
        INDArray g = loss.computeGradient(array(LABELS), array(LOGITS), new ActivationSoftmax(), array(MASK));
        // d(Σᵢ mᵢ ℓᵢ · B / Σm)/dz = (p − y) · m · 3 / 2; DL4J's updater then divides by B = 3
        for (int i = 0; i < 3; i++) {
            double[] p = softmax(LOGITS[i]);
            double[] expected = new double[3];
            for (int c = 0; c < 3; c++) {
                expected[c] = (p[c] - LABELS[i][c]) * MASK[i][0] * 1.5;
            }
            assertArrayEquals(expected, g.getRow(i).toDoubleVector(), 1e-12, "row " + i);
        }
    }

    @Test
    void withoutAMaskItIsDl4jsCrossEntropy() {
        double[][] labels = {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
        MaskedMeanCrossEntropy loss = new MaskedMeanCrossEntropy();
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            expected -= Math.log(softmax(LOGITS[i])[(int) (labels[i][1] + 2 * labels[i][2])]) / 3;
        }
        assertEquals(expected, loss.computeScore(array(labels), array(LOGITS), new ActivationSoftmax(), null, true),
                1e-12);
        assertEquals(1.0, MaskedMeanCrossEntropy.scale(array(labels), null), 0.0);
    }

    @Test
    void aBatchWithoutLabeledExamplesHasLossAndGradientZero() {
        double[][] none = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
        double[][] mask = {{0}, {0}, {0}};
        MaskedMeanCrossEntropy loss = new MaskedMeanCrossEntropy();
        assertEquals(0.0, loss.computeScore(array(none), array(LOGITS), new ActivationSoftmax(), array(mask), true),
                0.0);
        assertEquals(0.0, loss.computeGradient(array(none), array(LOGITS), new ActivationSoftmax(), array(mask))
                .norm2Number().doubleValue(), 0.0);
    }

    @Test
    void aMaskOfAnotherShapeIsRejectedWithBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskedMeanCrossEntropy.scale(
                array(LABELS), array(LABELS)));
        assertTrue(e.getMessage().contains("shape [3, 1]; got [3, 3]"), e.getMessage());
    }
}
