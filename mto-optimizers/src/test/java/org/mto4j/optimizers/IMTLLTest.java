package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalArgument;

import org.junit.jupiter.api.Test;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;

class IMTLLTest {

    /**
     * s₀ = 0 and the built-in Adam with lr 0.1, losses (2, 0.5) then (1, 1):
     * <pre>
     *   step 1: w = e^0 = (1, 1);  ∂/∂s = e^s L − 1 = (1, −0.5)
     *   Adam, t = 1: s ← −0.1 g/(|g| + 1e-8) = (−0.0999999990000000, 0.0999999980000000)
     *   step 2: w = e^s = (0.904837418940797, 1.1051709158653058)
     * </pre>
     */
    @Test
    void goldenValuesOfTwoStepsWithAdam() {
        IMTLL m = IMTLL.defaults().withLearningRate(0.1);
        assertArrayEquals(new double[] {1, 1}, m.weigh(2, TaskLosses.of(2, 0.5)).values(), 0.0);
        assertArrayEquals(new double[] {1, -0.5}, m.parameterGradient(), 0.0);
        assertArrayEquals(new double[] {-0.0999999990000000, 0.0999999980000000}, m.parameters(), 1e-16);
        assertArrayEquals(new double[] {0.904837418940797, 1.1051709158653058},
                m.weigh(2, TaskLosses.of(1, 1)).values(), 1e-15);
    }

    @Test
    void theCallerTrainsTheScalesByDefault() {
        IMTLL m = IMTLL.defaults();
        m.setParameters(new double[] {-Math.log(2), Math.log(2)});
        assertArrayEquals(new double[] {0.5, 2}, m.weigh(2, TaskLosses.of(2, 0.5)).values(), 1e-15);
        assertArrayEquals(new double[] {0, 0}, m.parameterGradient(), 1e-15, "e^s L = 1 is the optimum");
        assertArrayEquals(new double[] {-Math.log(2), Math.log(2)}, m.parameters(), 0.0);
    }

    @Test
    void weightsAndGradientAreTheDerivativesOfTheObjective() {
        double[] s = {-0.3, 0.4, 1.1};
        double[] l = {0.7, 2.5, 0.05};
        IMTLL m = IMTLL.defaults();
        m.setParameters(s);
        double[] w = m.weigh(3, TaskLosses.of(l)).values();
        assertArrayEquals(LossMethodTestSupport.numericalGradient(x -> objective(s, x), l), w, 1e-8);
        assertArrayEquals(LossMethodTestSupport.numericalGradient(x -> objective(x, l), s), m.parameterGradient(),
                1e-8);
    }

    /** Σᵢ e^(sᵢ)Lᵢ − sᵢ. */
    static double objective(double[] s, double[] l) {
        double f = 0;
        for (int i = 0; i < s.length; i++) {
            f += Math.exp(s[i]) * l[i] - s[i];
        }
        return f;
    }

    @Test
    void agreesWithAPlainReferenceOverTwelveStepsInFloatAndDouble() {
        LossMethodTestSupport.assertMatchesReference(
                () -> new LossWeightingCombiner(IMTLL.defaults().withLearningRate(0.05)),
                () -> new LossMethodTestSupport.Reference() {
                    final double[] s = new double[4];
                    final LossMethodTestSupport.NaiveAdam adam = new LossMethodTestSupport.NaiveAdam(0.05, 0);

                    @Override
                    public double[] weights(double[] l, double[][] j) {
                        double[] w = new double[4];
                        double[] g = new double[4];
                        for (int i = 0; i < 4; i++) {
                            w[i] = Math.exp(s[i]);
                            g[i] = w[i] * l[i] - 1;
                        }
                        adam.step(s, g);
                        return w;
                    }
                }, 4, 12, 0, s -> LossMethodTestSupport.fallingLosses(s, 4), null);
    }

    @Test
    void badInputsGiveClearErrors() {
        assertIllegalArgument(() -> IMTLL.defaults().weigh(2, TaskLosses.of(-1, 1)), "imtl-l", "task 0", "-1.0");
        assertIllegalArgument(() -> IMTLL.defaults().weigh(2, null), "losses are required", "imtl-l");
        assertIllegalArgument(() -> IMTLL.defaults().withLearningRate(Double.NaN), "lr", "NaN");
        IMTLL used = IMTLL.defaults();
        used.weigh(2, TaskLosses.of(1, 1));
        assertIllegalArgument(() -> used.weigh(1, TaskLosses.of(1)), "K = 2", "K = 1");
    }
}
