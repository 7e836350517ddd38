package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalArgument;

import org.junit.jupiter.api.Test;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;

class GLSTest {

    /** L = (1, 4): GM = 2, w = 2/(2·(1, 4)) = (1, 0.25). L = (1, 8, 27): GM = 6, w = 6/(3·(1, 8, 27)). */
    @Test
    void goldenValues() {
        assertArrayEquals(new double[] {1, 0.25}, GLS.instance().weigh(2, TaskLosses.of(1, 4)).values(), 1e-15);
        assertArrayEquals(new double[] {2, 0.25, 0.07407407407407407},
                GLS.instance().weigh(3, TaskLosses.of(1, 8, 27)).values(), 1e-15);
    }

    /**
     * On LibMTL's first recorded GLS case: its direction is ours (ReferenceFidelityTest), but the weights it reports,
     * Lᵢ / (K Πⱼ Lⱼ), are not the derivative (Πⱼ Lⱼ)^(1/K) / (K Lᵢ) that we report.
     */
    @Test
    void libMTLsReportedWeightsAreNotTheDerivativeButOursAre() {
        ReferenceVectors.Step s = ReferenceVectors.read("LibMTL-GLS").cases().get(0).steps().get(0);
        double[] l = s.losses();
        double gm = Math.sqrt(l[0] * l[1]);
        double[] w = GLS.instance().weigh(2, TaskLosses.of(l)).values();
        assertArrayEquals(new double[] {gm / (2 * l[0]), gm / (2 * l[1])}, w, 1e-15);
        assertArrayEquals(new double[] {l[0] / (2 * l[0] * l[1]), l[1] / (2 * l[0] * l[1])}, s.weights(), 1e-15);
        assertArrayEquals(s.direction(), GramTestSupport.combine(s.jacobian(), w), 1e-12);
    }

    @Test
    void weightsAreTheDerivativeOfTheGeometricMean() {
        double[] l = {0.3, 2.0, 7.5, 0.01};
        double[] w = GLS.instance().weigh(4, TaskLosses.of(l)).values();
        double[] numeric = LossMethodTestSupport.numericalGradient(x -> Math.pow(x[0] * x[1] * x[2] * x[3], 0.25), l);
        assertArrayEquals(numeric, w, 1e-7);
    }

    /** Products of 8 losses of 1e-60 underflow; the logarithms do not. */
    @Test
    void tinyAndHugeLossesDoNotUnderflowOrOverflow() {
        double[] tiny = new double[8];
        double[] huge = new double[8];
        java.util.Arrays.fill(tiny, 1e-60);
        java.util.Arrays.fill(huge, 1e60);
        for (double w : GLS.instance().weigh(8, TaskLosses.of(tiny)).values()) {
            assertTrue(Math.abs(w - 0.125) < 1e-15, "weight " + w);
        }
        for (double w : GLS.instance().weigh(8, TaskLosses.of(huge)).values()) {
            assertTrue(Math.abs(w - 0.125) < 1e-15, "weight " + w);
        }
    }

    /** The reference differentiates (Πⱼ Lⱼ)^(1/K) term by term: (1/K) (ΠL)^(1/K − 1) Πⱼ≠ᵢ Lⱼ. */
    @Test
    void agreesWithAPlainReferenceInFloatAndDouble() {
        LossMethodTestSupport.assertMatchesReference(() -> new LossWeightingCombiner(GLS.instance()),
                () -> (l, j) -> {
                    double product = 1;
                    for (double v : l) {
                        product *= v;
                    }
                    double[] w = new double[l.length];
                    for (int i = 0; i < l.length; i++) {
                        double others = 1;
                        for (int m = 0; m < l.length; m++) {
                            others *= m == i ? 1 : l[m];
                        }
                        w[i] = Math.pow(product, 1.0 / l.length - 1) * others / l.length;
                    }
                    return w;
                }, 5, 10, 0, s -> LossMethodTestSupport.fallingLosses(s, 5), null);
    }

    @Test
    void badInputsGiveClearErrors() {
        assertIllegalArgument(() -> GLS.instance().weigh(2, TaskLosses.of(1, 0)), "gls", "task 1", "> 0", "0.0");
        assertIllegalArgument(() -> GLS.instance().weigh(2, TaskLosses.of(-3, 1)), "gls", "task 0", "-3.0");
        assertIllegalArgument(() -> GLS.instance().weigh(2, null), "losses are required", "gls");
        assertIllegalArgument(() -> GLS.instance().weigh(0, TaskLosses.of(1)), "numTasks", "0");
    }
}
