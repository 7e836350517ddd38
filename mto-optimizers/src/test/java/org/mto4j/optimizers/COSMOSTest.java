package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalArgument;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;

class COSMOSTest {

    /**
     * Preference (1, 3) → r = (¼, ¾), λ = 2, L = (1, 1): ‖r‖ = √0.625, ‖L‖ = √2, r·L = 1,
     * ∂cos/∂Lᵢ = rᵢ/(‖r‖‖L‖) − Lᵢ/(‖r‖‖L‖³) = (−1/√20, +1/√20), so w = r − 2 ∂cos/∂L = (¼ + 1/√5, ¾ − 1/√5).
     * On the ray (L ∥ r) the cosine is at its maximum and w = r.
     */
    @Test
    void goldenValues() {
        COSMOS cosmos = COSMOS.defaults().withPreference(new double[] {1, 3});
        assertArrayEquals(new double[] {0.6972135954999577, 0.3027864045000418},
                cosmos.weigh(2, TaskLosses.of(1, 1)).values(), 1e-15);
        assertArrayEquals(new double[] {0.25, 0.75}, cosmos.weigh(2, TaskLosses.of(2, 6)).values(), 1e-15);
        assertFalse(cosmos.isStateful());
        assertSame(cosmos, cosmos.copy());
    }

    @Test
    void weightsAreTheDerivativeOfTheObjective() {
        double[] r = {0.2, 0.5, 0.3};
        double[] l = {1.3, 0.4, 2.2};
        double lambda = 3;
        double[] w = COSMOS.defaults().withLambda(lambda).withPreference(r).weigh(3, TaskLosses.of(l)).values();
        double[] numeric = LossMethodTestSupport.numericalGradient(x -> {
            double rl = 0;
            double rr = 0;
            double xx = 0;
            for (int i = 0; i < 3; i++) {
                rl += r[i] * x[i];
                rr += r[i] * r[i];
                xx += x[i] * x[i];
            }
            return rl - lambda * rl / Math.sqrt(rr * xx);
        }, l);
        assertArrayEquals(numeric, w, 1e-8);
    }

    /** The network must be fed the ray the step uses: with λ = 0 the weights are that ray. */
    @Test
    void preferenceReadBeforeAStepIsTheRayItUsesAndDrawsRepeatFromTheSeed() {
        COSMOS cosmos = COSMOS.defaults().withLambda(0).withSeed(42);
        COSMOS twin = COSMOS.defaults().withLambda(0).withSeed(42);
        double[] previous = null;
        for (int s = 0; s < 5; s++) {
            double[] ray = cosmos.preference(4);
            assertArrayEquals(ray, cosmos.preference(4), 0.0, "reading the ray does not advance the state");
            assertEquals(1.0, Arrays.stream(ray).sum(), 1e-15);
            assertArrayEquals(ray, cosmos.weigh(4, TaskLosses.of(1, 2, 3, 4)).values(), 0.0);
            assertArrayEquals(ray, twin.weigh(4, TaskLosses.of(1, 2, 3, 4)).values(), 0.0);
            assertFalse(Arrays.equals(ray, previous), "a new ray every step");
            previous = ray;
        }
        assertFalse(Arrays.equals(previous, COSMOS.defaults().withSeed(43).preference(4)));
    }

    /** Dirichlet(α) moments: E rᵢ = 1/K, Var rᵢ = (1/K)(1 − 1/K)/(Kα + 1), for α above and below 1. */
    @Test
    void raysFollowTheDirichletDistribution() {
        for (double alpha : new double[] {1.2, 0.3}) {
            COSMOS cosmos = COSMOS.defaults().withAlpha(alpha).withLambda(0).withSeed(7);
            int n = 20000;
            double sum = 0;
            double sumSq = 0;
            for (int s = 0; s < n; s++) {
                double r = cosmos.weigh(3, TaskLosses.of(1, 1, 1)).get(1);
                assertTrue(r >= 0 && r <= 1, "ray entry " + r);
                sum += r;
                sumSq += r * r;
            }
            double mean = sum / n;
            double variance = sumSq / n - mean * mean;
            double expectedVariance = (1.0 / 3) * (2.0 / 3) / (3 * alpha + 1);
            assertEquals(1.0 / 3, mean, 0.01, "alpha " + alpha);
            assertEquals(expectedVariance, variance, 0.05 * expectedVariance, "alpha " + alpha);
        }
    }

    @Test
    void agreesWithAPlainReferenceInFloatAndDouble() {
        double[] pref = {2, 1, 1, 4};
        LossMethodTestSupport.assertMatchesReference(
                () -> new LossWeightingCombiner(COSMOS.defaults().withPreference(pref).withLambda(1.5)),
                () -> (l, j) -> {
                    double[] r = {0.25, 0.125, 0.125, 0.5};
                    double rl = 0;
                    double rr = 0;
                    double ll = 0;
                    for (int i = 0; i < 4; i++) {
                        rl += r[i] * l[i];
                        rr += r[i] * r[i];
                        ll += l[i] * l[i];
                    }
                    double[] w = new double[4];
                    for (int i = 0; i < 4; i++) {
                        w[i] = r[i] - 1.5 * (r[i] / Math.sqrt(rr * ll) - rl * l[i] / (Math.sqrt(rr) * Math.pow(ll, 1.5)));
                    }
                    return w;
                }, 4, 10, 0, s -> LossMethodTestSupport.fallingLosses(s, 4), null);
    }

    @Test
    void hugeLossesDoNotOverflow() {
        double[] w = COSMOS.defaults().withPreference(new double[] {1, 3}).weigh(2, TaskLosses.of(1e300, 1e300))
                .values();
        assertArrayEquals(new double[] {0.25, 0.75}, w, 1e-15);
    }

    @Test
    void badInputsGiveClearErrors() {
        assertIllegalArgument(() -> COSMOS.defaults().weigh(2, TaskLosses.of(0, 0)), "cosmos", "every loss is 0");
        assertIllegalArgument(() -> COSMOS.defaults().withPreference(new double[] {1, 2}).weigh(3,
                TaskLosses.of(1, 1, 1)), "pref_vector", "2 values", "3 tasks");
        assertIllegalArgument(() -> COSMOS.defaults().withPreference(new double[] {1, -2}), "pref_vector[1]", "-2.0");
        assertIllegalArgument(() -> COSMOS.defaults().withPreference(new double[] {0, 0}), "pref_vector", "not all 0");
        assertIllegalArgument(() -> Combiners.create("cosmos", Map.of("alpha", 0.0)), "alpha", "0.0");
        assertIllegalArgument(() -> Combiners.create("cosmos", Map.of("lambda", -1.0)), "lambda", "-1.0");
        assertIllegalArgument(() -> COSMOS.defaults().preference(0), "numTasks", "0");
    }
}
