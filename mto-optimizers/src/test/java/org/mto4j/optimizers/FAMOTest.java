package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalArgument;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalState;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;

class FAMOTest {

    /**
     * w_lr = 0.1, γ = 0, ε = 0, K = 2:
     * <pre>
     *   step 1: ξ = 0, z = (½, ½), L = (2, 0.5): w = (z/L)/Σ = (0.25, 1)/1.25 = (0.2, 0.8)
     *   update(1, 0.5): δ = (log 2, 0), z·δ = ½ log 2, ∇ξ = z(δ − z·δ) = (¼ log 2, −¼ log 2) = ±0.17328679513998632
     *                   Adam t = 1: ξ ← −0.1 g/(|g| + 1e-8) = (−0.09999999422922015, +0.09999999422922015)
     *   step 2: L = (1, 1): w = z = softmax(ξ) = (0.45016600554424935, 0.5498339944557505)
     *   no update: step 3's L = (0.5, 1) stands in: δ = (log 2, 0), ∇ξ = ±0.17156541471444223,
     *                   Adam t = 2: ξ = (−0.19997272076296368, +0.19997272076296368)
     *   step 3: w = (z/L)/Σ = (0.5727797903452011, 0.42722020965479895)
     * </pre>
     */
    @Test
    void goldenValuesOfThreeStepsWithAnExplicitAndAnImplicitUpdate() {
        FAMO famo = FAMO.defaults().withWLr(0.1).withGamma(0);
        assertArrayEquals(new double[] {0.2, 0.8}, famo.weigh(2, TaskLosses.of(2, 0.5)).values(), 1e-15);
        famo.update(TaskLosses.of(1, 0.5));
        assertArrayEquals(new double[] {0.17328679513998632, -0.17328679513998632}, famo.parameterGradient(), 1e-15);
        assertArrayEquals(new double[] {-0.09999999422922015, 0.09999999422922015}, famo.parameters(), 1e-15);
        assertArrayEquals(new double[] {0.45016600554424935, 0.5498339944557505},
                famo.weigh(2, TaskLosses.of(1, 1)).values(), 1e-15);
        assertArrayEquals(new double[] {0.5727797903452011, 0.42722020965479895},
                famo.weigh(2, TaskLosses.of(0.5, 1)).values(), 1e-14);
        assertArrayEquals(new double[] {0.17156541471444223, -0.17156541471444223}, famo.parameterGradient(), 1e-15);
        assertArrayEquals(new double[] {-0.19997272076296368, 0.19997272076296368}, famo.parameters(), 1e-14);
    }

    @Test
    void weightsAndLogitGradientAreTheDerivativesOfTheirObjectives() {
        double[] xi = {0.3, -0.2, 0.5};
        double[] before = {1.3, 0.4, 2.2};
        double[] after = {1.1, 0.39, 1.5};
        FAMO famo = FAMO.defaults().withWLr(0);
        famo.setParameters(xi);
        double[] w = famo.weigh(3, TaskLosses.of(before)).values();
        double[] z = softmax(xi);
        double c = 1 / (z[0] / before[0] + z[1] / before[1] + z[2] / before[2]);
        // d = c ∇ Σ zᵢ log Lᵢ with c held constant
        assertArrayEquals(LossMethodTestSupport.numericalGradient(
                x -> c * (z[0] * Math.log(x[0]) + z[1] * Math.log(x[1]) + z[2] * Math.log(x[2])), before), w, 1e-8);
        famo.update(TaskLosses.of(after));
        // ∇ξ of softmax(ξ)·δ, δ = log L(t) − log L(t+1)
        assertArrayEquals(LossMethodTestSupport.numericalGradient(x -> {
            double[] zx = softmax(x);
            double s = 0;
            for (int i = 0; i < 3; i++) {
                s += zx[i] * (Math.log(before[i]) - Math.log(after[i]));
            }
            return s;
        }, xi), famo.parameterGradient(), 1e-9);
        assertArrayEquals(xi, famo.parameters(), 0.0, "w_lr = 0: the caller trains the logits");
    }

    static double[] softmax(double[] x) {
        double[] z = new double[x.length];
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            z[i] = Math.exp(x[i]);
            s += z[i];
        }
        for (int i = 0; i < x.length; i++) {
            z[i] /= s;
        }
        return z;
    }

    /**
     * LibMTL's FAMO in plain code (ε = 1e-8 inside the logarithm, Adam with weight decay γ), with the paper's update on
     * every odd step and the next-step stand-in on the even ones.
     */
    @Test
    void reproducesLibMTLsRuleInAPlainReferenceInFloatAndDouble() {
        double lr = 0.05;
        double gamma = 1e-3;
        LossMethodTestSupport.assertMatchesReference(
                () -> Combiners.create("famo", Map.of("w_lr", lr, "gamma", gamma, "epsilon", 1e-8)),
                () -> new LossMethodTestSupport.Reference() {
                    final double[] xi = new double[3];
                    final LossMethodTestSupport.NaiveAdam adam = new LossMethodTestSupport.NaiveAdam(lr, gamma);
                    double[] prev;
                    double[] prevZ;

                    @Override
                    public double[] weights(double[] l, double[][] j) {
                        if (prev != null) {
                            update(l);
                        }
                        double[] z = softmax(xi);
                        double c = 0;
                        for (int i = 0; i < 3; i++) {
                            c += z[i] / (l[i] + 1e-8);
                        }
                        double[] w = new double[3];
                        for (int i = 0; i < 3; i++) {
                            w[i] = z[i] / (l[i] + 1e-8) / c;
                        }
                        prev = l;
                        prevZ = z;
                        return w;
                    }

                    void update(double[] current) {
                        double[] delta = new double[3];
                        double zDelta = 0;
                        for (int i = 0; i < 3; i++) {
                            delta[i] = Math.log(prev[i] + 1e-8) - Math.log(current[i] + 1e-8);
                            zDelta += prevZ[i] * delta[i];
                        }
                        double[] g = new double[3];
                        for (int i = 0; i < 3; i++) {
                            g[i] = prevZ[i] * (delta[i] - zDelta);
                        }
                        adam.step(xi, g);
                        prev = null;
                    }

                    @Override
                    public void afterStep(int step, double[] losses) {
                        update(losses);
                    }
                }, 3, 16, 0, s -> LossMethodTestSupport.fallingLosses(s, 3), (s, combiner, ref) -> {
                    if (s % 2 == 1) {
                        double[] after = LossMethodTestSupport.fallingLosses(s, 3);
                        for (int i = 0; i < 3; i++) {
                            after[i] *= 0.95 + 0.02 * i;
                        }
                        ((FAMO) ((LossWeightingCombiner) combiner).weighting()).update(TaskLosses.of(after));
                        ref.afterStep(s, after);
                    }
                });
    }

    @Test
    void badInputsAndMisuseGiveClearErrors() {
        assertIllegalState(() -> FAMO.defaults().update(TaskLosses.of(1, 1)), "famo", "update", "no step");
        FAMO famo = FAMO.defaults();
        famo.weigh(2, TaskLosses.of(1, 1));
        famo.update(TaskLosses.of(0.9, 0.9));
        assertIllegalState(() -> famo.update(TaskLosses.of(0.8, 0.8)), "once per step");
        assertIllegalArgument(() -> famo.weigh(3, TaskLosses.of(1, 1, 1)), "K = 2", "K = 3");
        assertIllegalArgument(() -> FAMO.defaults().weigh(2, TaskLosses.of(0, 1)), "famo", "logarithm", "task 0");
        assertIllegalArgument(() -> FAMO.defaults().withEpsilon(1e-8).weigh(2, TaskLosses.of(1, -0.5)), "task 1",
                "-0.5");
        assertIllegalArgument(() -> FAMO.defaults().weigh(2, null), "losses are required", "famo");
        assertIllegalArgument(() -> Combiners.create("famo", Map.of("w_lr", -1.0)), "w_lr", "-1.0");
        assertIllegalArgument(() -> Combiners.create("famo", Map.of("gamma", Double.NaN)), "gamma", "NaN");
        assertIllegalArgument(() -> Combiners.create("famo", Map.of("epsilon", -1e-8)), "epsilon");
    }
}
