package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalArgument;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalState;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;

class DWATest {

    /**
     * T = 2, K = 2, epoch means (2, 4), (1, 3), (0.5, 3):
     * <pre>
     *   epochs 0 and 1: w = (1, 1)
     *   epoch 2: r = (1/2, 3/4), w = 2·softmax(r/2) = 2·(1, e^0.125)/(1 + e^0.125) = (0.9375812532524875, 1.0624187467475126)
     *   epoch 3: r = (0.5/1, 3/3), w = 2·(1, e^0.25)/(1 + e^0.25) = (0.8756469982284038, 1.1243530017715961)
     * </pre>
     */
    @Test
    void goldenValuesOverFourEpochs() {
        DWA dwa = DWA.defaults();
        assertArrayEquals(new double[] {1, 1}, dwa.weigh(2, null).values(), 0.0);
        dwa.endEpoch(TaskLosses.of(2, 4));
        assertArrayEquals(new double[] {1, 1}, dwa.weigh(2, TaskLosses.of(9, 9)).values(), 0.0);
        dwa.endEpoch(TaskLosses.of(1, 3));
        assertArrayEquals(new double[] {0.9375812532524875, 1.0624187467475126}, dwa.weigh(2, null).values(), 1e-15);
        assertArrayEquals(new double[] {0.9375812532524875, 1.0624187467475126}, dwa.weigh(2, null).values(), 1e-15,
                "constant within an epoch");
        dwa.endEpoch(TaskLosses.of(0.5, 3));
        assertArrayEquals(new double[] {0.8756469982284038, 1.1243530017715961}, dwa.weigh(2, null).values(), 1e-15);
    }

    @Test
    void agreesWithAPlainReferenceOverTwentyStepsInFloatAndDouble() {
        LossMethodTestSupport.assertMatchesReference(
                () -> new LossWeightingCombiner(DWA.defaults().withTemperature(0.7)),
                () -> new LossMethodTestSupport.Reference() {
                    double[] last;
                    double[] before;

                    @Override
                    public double[] weights(double[] l, double[][] j) {
                        double[] w = {1, 1, 1};
                        if (before != null) {
                            double sum = 0;
                            for (int i = 0; i < 3; i++) {
                                w[i] = Math.exp(last[i] / before[i] / 0.7);
                                sum += w[i];
                            }
                            for (int i = 0; i < 3; i++) {
                                w[i] = 3 * w[i] / sum;
                            }
                        }
                        return w;
                    }

                    @Override
                    public void endEpoch(double[] mean) {
                        before = last;
                        last = mean;
                    }
                }, 3, 20, 3, s -> LossMethodTestSupport.fallingLosses(s, 3), null);
    }

    @Test
    void aForgottenEndOfEpochCallIsAnError() {
        DWA dwa = DWA.defaults();
        for (int s = 0; s < 3; s++) {
            dwa.weigh(2, null);
        }
        dwa.endEpoch(TaskLosses.of(1, 1));
        for (int s = 0; s < 6; s++) {
            dwa.weigh(2, null); // an epoch may be up to twice as long as the longest before it
        }
        assertIllegalState(() -> dwa.weigh(2, null), "dwa", "epoch 1", "6 steps", "(3 steps)", "endEpoch");
    }

    @Test
    void badInputsGiveClearErrors() {
        assertIllegalArgument(() -> DWA.defaults().endEpoch(TaskLosses.of(1, 0)), "dwa", "task 1", "> 0", "0.0");
        assertIllegalArgument(() -> DWA.defaults().endEpoch(TaskLosses.of(-1, 2)), "dwa", "task 0", "-1.0");
        assertIllegalArgument(() -> DWA.defaults().endEpoch(null), "epochMeanLosses");
        DWA dwa = DWA.defaults();
        dwa.endEpoch(TaskLosses.of(1, 2));
        assertIllegalArgument(() -> dwa.endEpoch(TaskLosses.of(1, 2, 3)), "K = 2", "K = 3");
        assertIllegalArgument(() -> dwa.weigh(3, null), "K = 2", "K = 3");
        assertIllegalArgument(() -> Combiners.create("dwa", Map.of("temperature", 0.0)), "temperature", "0.0");
        assertIllegalArgument(() -> Combiners.create("dwa", Map.of("T", 2.0)), "T", "temperature");
    }
}
