package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalArgument;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;

class UWTest {

    /**
     * LibMTL's start s₀ = −0.5 and the built-in Adam with lr 0.1, losses (2, 0.5) then (1, 1):
     * <pre>
     *   step 1: w = ½e^0.5 = 0.8243606353500641 for both;  ∂/∂s = ½ − wL = (−1.1487212707001282, 0.0878196823249680)
     *   Adam, t = 1: m̂ = g, v̂ = g², so s ← s − 0.1 g/(|g| + 1e-8) = (−0.4000000008705332, −0.5999999886130323)
     *   step 2: w = ½e^(−s) = (0.7459123494699766, 0.9110593898210506)
     * </pre>
     */
    @Test
    void goldenValuesOfTwoStepsWithAdam() {
        UW uw = UW.defaults().withParameterization(UW.Parameterization.LIBMTL).withLearningRate(0.1);
        assertArrayEquals(new double[] {0.8243606353500641, 0.8243606353500641},
                uw.weigh(2, TaskLosses.of(2, 0.5)).values(), 1e-15);
        assertArrayEquals(new double[] {-1.1487212707001282, 0.0878196823249680}, uw.parameterGradient(), 1e-15);
        assertArrayEquals(new double[] {-0.4000000008705332, -0.5999999886130323}, uw.parameters(), 1e-15);
        assertArrayEquals(new double[] {0.7459123494699766, 0.9110593898210506},
                uw.weigh(2, TaskLosses.of(1, 1)).values(), 1e-15);
    }

    @Test
    void torchjdParameterizationStartsAtOneHalfAndTheCallerTrainsTheLogVariances() {
        UW uw = UW.defaults();
        assertEquals(UW.Parameterization.TORCHJD, uw.parameterization());
        assertArrayEquals(new double[0], uw.parameters());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, uw.weigh(3, TaskLosses.of(1, 2, 4)).values(), 0.0);
        assertArrayEquals(new double[] {0, -0.5, -1.5}, uw.parameterGradient(), 1e-15); // ½ − ½L
        assertArrayEquals(new double[] {0, 0, 0}, uw.parameters(), 0.0, "lr = 0: nothing moves by itself");
        uw.setParameters(new double[] {0, Math.log(2), Math.log(4)});
        assertArrayEquals(new double[] {0.5, 0.25, 0.125}, uw.weigh(3, TaskLosses.of(1, 2, 4)).values(), 1e-15);
        assertArrayEquals(new double[] {0, 0, 0}, uw.parameterGradient(), 1e-15, "e^s = L is the optimum");
    }

    @Test
    void weightsAndGradientAreTheDerivativesOfTheObjective() {
        double[] s = {-0.3, 0.4, 1.1};
        double[] l = {0.7, 2.5, 0.05};
        UW uw = UW.defaults();
        uw.setParameters(s);
        double[] w = uw.weigh(3, TaskLosses.of(l)).values();
        assertArrayEquals(LossMethodTestSupport.numericalGradient(x -> objective(s, x), l), w, 1e-8);
        assertArrayEquals(LossMethodTestSupport.numericalGradient(x -> objective(x, l), s), uw.parameterGradient(),
                1e-8);
    }

    /** Σᵢ ½e^(−sᵢ)Lᵢ + ½sᵢ. */
    static double objective(double[] s, double[] l) {
        double f = 0;
        for (int i = 0; i < s.length; i++) {
            f += 0.5 * Math.exp(-s[i]) * l[i] + 0.5 * s[i];
        }
        return f;
    }

    @Test
    void agreesWithAPlainReferenceOverTwelveStepsInFloatAndDouble() {
        for (UW.Parameterization p : UW.Parameterization.values()) {
            LossMethodTestSupport.assertMatchesReference(
                    () -> new LossWeightingCombiner(UW.defaults().withParameterization(p).withLearningRate(0.05)),
                    () -> new LossMethodTestSupport.Reference() {
                        final double[] s = {p.initialLogVariance(), p.initialLogVariance(), p.initialLogVariance()};
                        final LossMethodTestSupport.NaiveAdam adam = new LossMethodTestSupport.NaiveAdam(0.05, 0);

                        @Override
                        public double[] weights(double[] l, double[][] j) {
                            double[] w = new double[3];
                            double[] g = new double[3];
                            for (int i = 0; i < 3; i++) {
                                w[i] = 0.5 / Math.exp(s[i]);
                                g[i] = 0.5 - 0.5 * Math.exp(-s[i]) * l[i];
                            }
                            adam.step(s, g);
                            return w;
                        }
                    }, 3, 12, 0, s -> LossMethodTestSupport.fallingLosses(s, 3), null);
        }
    }

    @Test
    void badInputsGiveClearErrors() {
        assertIllegalArgument(() -> UW.defaults().weigh(2, TaskLosses.of(1, -0.5)), "uw", "task 1", "-0.5", ">= 0");
        assertIllegalArgument(() -> UW.defaults().weigh(2, null), "losses are required", "uw");
        assertIllegalArgument(() -> UW.defaults().weigh(2, TaskLosses.of(1, 2, 3)), "3 losses", "2 tasks");
        assertIllegalArgument(() -> TaskLosses.of(1, Double.NaN), "task 1", "NaN");
        UW used = UW.defaults();
        used.weigh(2, TaskLosses.of(1, 1));
        assertIllegalArgument(() -> used.weigh(3, TaskLosses.of(1, 1, 1)), "K = 2", "K = 3", "reset()");
        assertIllegalArgument(() -> used.setParameters(new double[] {1, 2, 3}), "K = 2", "3");
        assertIllegalArgument(() -> used.setParameters(new double[] {1, Double.NaN}), "parameter 1", "NaN");
        assertIllegalArgument(() -> UW.defaults().withLearningRate(-1), "lr", "-1");
        assertIllegalArgument(() -> Combiners.create("uw", Map.of("parameterization", "kendall")),
                "parameterization", "libmtl", "torchjd", "kendall");
        assertIllegalArgument(() -> Combiners.create("uw", Map.of("mu", 1.0)), "mu", "lr", "parameterization");
        assertIllegalArgument(() -> Combiners.create("uw").combine(GramTestSupport.toGradients(
                new double[][] {{1, 2}, {3, 4}}, DataType.DOUBLE)), "losses", "uw");
    }

    @Test
    void registryOptionsReachTheMethod() {
        LossWeightingCombiner c = (LossWeightingCombiner) Combiners.create("uw",
                Map.of("parameterization", "libmtl", "lr", 0.01));
        assertEquals(UW.defaults().withParameterization(UW.Parameterization.LIBMTL).withLearningRate(0.01),
                c.weighting());
        assertEquals("uw(parameterization=libmtl, lr=0.01)", c.weighting().toString());
        assertEquals(Arrays.toString(new double[0]), Arrays.toString(((UW) c.weighting()).parameterGradient()));
    }
}
