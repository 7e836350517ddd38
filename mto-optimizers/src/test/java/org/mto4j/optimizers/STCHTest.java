package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalArgument;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalState;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;

class STCHTest {

    /**
     * μ = 1, W = 0 (epoch 0 is the warm-up), K = 2:
     * <pre>
     *   epoch 0: L = (2, 0.5): w = 1/L = (0.5, 2);  endEpoch(2, 0.5) makes z = (2, 0.5)
     *   epoch 1: L = (1, 1):   log(L/z) = (−log 2, log 2), p = (1/2, 2)/(5/2) = (0.2, 0.8), w = 2p/L = (0.4, 1.6)
     *   μ = 2 instead:         p = (2^−½, 2^½)/(2^−½ + 2^½) = (1/3, 2/3),  w = (2/3, 4/3)
     * </pre>
     */
    @Test
    void goldenValuesThroughTheWarmUp() {
        for (double mu : new double[] {1, 2}) {
            STCH stch = STCH.defaults().withWarmupEpochs(0).withMu(mu);
            assertArrayEquals(new double[] {0.5, 2}, stch.weigh(2, TaskLosses.of(2, 0.5)).values(), 1e-15);
            assertArrayEquals(new double[0], stch.nadir(), 0.0);
            stch.endEpoch(TaskLosses.of(2, 0.5));
            assertArrayEquals(new double[] {2, 0.5}, stch.nadir(), 0.0);
            double[] expected = mu == 1 ? new double[] {0.4, 1.6} : new double[] {2.0 / 3, 4.0 / 3};
            assertArrayEquals(expected, stch.weigh(2, TaskLosses.of(1, 1)).values(), 1e-15, "mu " + mu);
        }
    }

    /** LibMTL's default W = 4: epochs 0..4 are the warm-up, and epoch 4's mean becomes the nadir. */
    @Test
    void theNadirIsTheMeanLossOfTheLastWarmUpEpoch() {
        STCH stch = STCH.defaults();
        for (int epoch = 0; epoch < 5; epoch++) {
            assertArrayEquals(new double[] {0.25, 1}, stch.weigh(2, TaskLosses.of(4, 1)).values(), 0.0);
            stch.endEpoch(TaskLosses.of(epoch + 1, 2 * epoch + 1));
        }
        assertArrayEquals(new double[] {5, 9}, stch.nadir(), 0.0);
    }

    @Test
    void weightsAreTheDerivativeOfTheObjective() {
        double[] z = {2, 0.5, 1};
        double[] l = {1.3, 0.4, 2.2};
        for (double mu : new double[] {0.1, 1, 5}) {
            STCH stch = STCH.defaults().withWarmupEpochs(0).withMu(mu);
            stch.weigh(3, TaskLosses.of(1, 1, 1));
            stch.endEpoch(TaskLosses.of(z));
            double[] w = stch.weigh(3, TaskLosses.of(l)).values();
            double[] numeric = LossMethodTestSupport.numericalGradient(x -> {
                double sum = 0;
                for (int i = 0; i < 3; i++) {
                    sum += Math.exp(Math.log(x[i] / z[i]) / mu);
                }
                return 3 * mu * Math.log(sum);
            }, l);
            assertArrayEquals(numeric, w, 1e-7 * LossMethodTestSupport.maxAbs(w), "mu " + mu);
        }
    }

    @Test
    void agreesWithAPlainReferenceOverTwentyStepsInFloatAndDouble() {
        LossMethodTestSupport.assertMatchesReference(
                () -> new LossWeightingCombiner(STCH.defaults().withWarmupEpochs(2).withMu(0.5)),
                () -> new LossMethodTestSupport.Reference() {
                    int epoch;
                    double[] nadir;

                    @Override
                    public double[] weights(double[] l, double[][] j) {
                        double[] w = new double[3];
                        double sum = 0;
                        for (int i = 0; i < 3; i++) {
                            sum += nadir == null ? 0 : Math.pow(l[i] / nadir[i], 1 / 0.5);
                        }
                        for (int i = 0; i < 3; i++) {
                            w[i] = nadir == null ? 1 / l[i] : 3 * Math.pow(l[i] / nadir[i], 1 / 0.5) / sum / l[i];
                        }
                        return w;
                    }

                    @Override
                    public void endEpoch(double[] mean) {
                        if (epoch++ == 2) {
                            nadir = mean;
                        }
                    }
                }, 3, 20, 3, s -> LossMethodTestSupport.fallingLosses(s, 3), null);
    }

    @Test
    void aForgottenEndOfEpochCallIsAnError() {
        STCH stch = STCH.defaults();
        stch.weigh(2, TaskLosses.of(1, 1));
        stch.endEpoch(TaskLosses.of(1, 1));
        stch.weigh(2, TaskLosses.of(1, 1));
        stch.weigh(2, TaskLosses.of(1, 1));
        assertIllegalState(() -> stch.weigh(2, TaskLosses.of(1, 1)), "stch", "epoch 1", "endEpoch");
    }

    @Test
    void badInputsGiveClearErrors() {
        assertIllegalArgument(() -> STCH.defaults().weigh(2, TaskLosses.of(0, 1)), "stch", "logarithm", "task 0");
        assertIllegalArgument(() -> STCH.defaults().weigh(2, TaskLosses.of(1, -1)), "stch", "task 1", "-1.0");
        STCH stch = STCH.defaults().withWarmupEpochs(0);
        assertIllegalArgument(() -> stch.endEpoch(TaskLosses.of(1, 0)), "stch", "nadir", "task 1");
        stch.endEpoch(TaskLosses.of(1, 2));
        assertIllegalArgument(() -> stch.weigh(3, TaskLosses.of(1, 1, 1)), "K = 2", "K = 3");
        assertIllegalArgument(() -> Combiners.create("stch", Map.of("mu", 0.0)), "mu", "0.0");
        assertIllegalArgument(() -> Combiners.create("stch", Map.of("warmup_epochs", -1)), "warmup_epochs", "-1");
    }
}
