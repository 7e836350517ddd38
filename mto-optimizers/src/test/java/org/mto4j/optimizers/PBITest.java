package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalArgument;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;

class PBITest {

    /**
     * θ = 5, λ = (1, 1), z* = 0: u = (1, 1)/√2. L = (3, 1): d₁ = 4/√2, v − d₁u = (1, −1), d₂ = √2,
     * w = u + 5 (1, −1)/√2 = (6, −4)/√2. L = (2, 2) lies on the ray: w = u. With z* = (1, −1), L = (3, 1) lies on it.
     */
    @Test
    void goldenValues() {
        PBI pbi = PBI.defaults();
        assertArrayEquals(new double[] {6 / Math.sqrt(2), -4 / Math.sqrt(2)}, pbi.weigh(2, TaskLosses.of(3, 1))
                .values(), 1e-14);
        assertArrayEquals(new double[] {1 / Math.sqrt(2), 1 / Math.sqrt(2)}, pbi.weigh(2, TaskLosses.of(2, 2))
                .values(), 1e-15);
        assertArrayEquals(new double[] {1 / Math.sqrt(2), 1 / Math.sqrt(2)}, pbi.withIdealPoint(new double[] {1, -1})
                .weigh(2, TaskLosses.of(3, 1)).values(), 1e-15);
    }

    @Test
    void weightsAreTheDerivativeOfTheObjective() {
        double[] lambda = {1, 2, 0.5};
        double[] z = {0.1, -0.2, 0.3};
        double[] l = {1.3, 0.4, 2.2};
        double theta = 3;
        double[] w = PBI.defaults().withTheta(theta).withPreference(lambda).withIdealPoint(z)
                .weigh(3, TaskLosses.of(l)).values();
        double[] numeric = LossMethodTestSupport.numericalGradient(x -> {
            double norm = Math.sqrt(lambda[0] * lambda[0] + lambda[1] * lambda[1] + lambda[2] * lambda[2]);
            double d1 = 0;
            for (int i = 0; i < 3; i++) {
                d1 += (x[i] - z[i]) * lambda[i] / norm;
            }
            double d2 = 0;
            for (int i = 0; i < 3; i++) {
                double off = x[i] - z[i] - d1 * lambda[i] / norm;
                d2 += off * off;
            }
            return d1 + theta * Math.sqrt(d2);
        }, l);
        assertArrayEquals(numeric, w, 1e-8);
    }

    @Test
    void agreesWithAPlainReferenceInFloatAndDouble() {
        double[] lambda = {1, 2, 3, 4};
        double[] z = {0.1, 0.1, 0, 0.05};
        LossMethodTestSupport.assertMatchesReference(
                () -> Combiners.create("pbi", Map.of("theta", 4.0, "pref_vector", lambda, "ideal_point", z)),
                () -> (l, j) -> {
                    double norm = Math.sqrt(30);
                    double d1 = 0;
                    for (int i = 0; i < 4; i++) {
                        d1 += (l[i] - z[i]) * lambda[i] / norm;
                    }
                    double[] off = new double[4];
                    double d2 = 0;
                    for (int i = 0; i < 4; i++) {
                        off[i] = l[i] - z[i] - d1 * lambda[i] / norm;
                        d2 += off[i] * off[i];
                    }
                    d2 = Math.sqrt(d2);
                    double[] w = new double[4];
                    for (int i = 0; i < 4; i++) {
                        w[i] = lambda[i] / norm + 4.0 * off[i] / d2;
                    }
                    return w;
                }, 4, 10, 0, s -> LossMethodTestSupport.fallingLosses(s, 4), null);
        LossMethodTestSupport.assertMatchesReference(() -> new LossWeightingCombiner(PBI.defaults()),
                () -> (l, j) -> new PBITest().defaultReference(l), 3, 5, 0,
                s -> LossMethodTestSupport.fallingLosses(s, 3), null);
    }

    private double[] defaultReference(double[] l) {
        double d1 = (l[0] + l[1] + l[2]) / Math.sqrt(3);
        double[] off = new double[3];
        double d2 = 0;
        for (int i = 0; i < 3; i++) {
            off[i] = l[i] - d1 / Math.sqrt(3);
            d2 += off[i] * off[i];
        }
        double[] w = new double[3];
        for (int i = 0; i < 3; i++) {
            w[i] = 1 / Math.sqrt(3) + 5 * off[i] / Math.sqrt(d2);
        }
        return w;
    }

    @Test
    void hugeLossesAndPreferencesDoNotOverflow() {
        assertArrayEquals(new double[] {6 / Math.sqrt(2), -4 / Math.sqrt(2)},
                PBI.defaults().withPreference(new double[] {1e300, 1e300}).weigh(2, TaskLosses.of(3e300, 1e300))
                        .values(), 1e-14);
    }

    @Test
    void badInputsGiveClearErrors() {
        assertIllegalArgument(() -> PBI.defaults().withPreference(new double[] {1, 2}).weigh(3,
                TaskLosses.of(1, 1, 1)), "pref_vector", "2 values", "3 tasks");
        assertIllegalArgument(() -> PBI.defaults().withIdealPoint(new double[] {0}).weigh(2, TaskLosses.of(1, 1)),
                "ideal_point", "1 values", "2 tasks");
        assertIllegalArgument(() -> PBI.defaults().withPreference(new double[] {0, 0}), "pref_vector", "not all 0");
        assertIllegalArgument(() -> PBI.defaults().withPreference(new double[] {1, -1}), "pref_vector[1]", "-1.0");
        assertIllegalArgument(() -> PBI.defaults().withIdealPoint(new double[] {Double.NaN}), "ideal_point[0]", "NaN");
        assertIllegalArgument(() -> Combiners.create("pbi", Map.of("theta", -1.0)), "theta", "-1.0");
        assertIllegalArgument(() -> PBI.defaults().weigh(2, null), "losses are required", "pbi");
    }
}
