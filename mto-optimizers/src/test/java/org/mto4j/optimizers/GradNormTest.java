package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalArgument;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalState;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class GradNormTest {

    /** Gradients of norms 1 and 2. */
    static final Gramian G = Gramian.of(new double[][] {{1, 0}, {0, 4}});

    /**
     * The paper's rule, α = 1.5, lr = 0.1, n = (1, 2):
     * <pre>
     *   step 1: L = (2, 1) = L(0), r = (1, 1); w = (1, 1), Gᵢ = (1, 2), Ḡ = 1.5, targets 1.5:
     *           ∂L_grad/∂w = (−1·1, +1·2) = (−1, 2);  w ← (1.1, 0.8) → 2·(1.1, 0.8)/1.9 = (1.1578947…, 0.8421052…)
     *   step 2: L = (1, 1): L̃ = (½, 1), r = (⅔, 4⁄3); Gᵢ = (1.1578947, 1.6842105), Ḡ = 1.4210526,
     *           targets Ḡ r^1.5 = (0.7735231, 2.1878537): ∂L_grad/∂w = (1, −2);  w ← (1.0578947, 1.0421053)/2.1·2
     * </pre>
     */
    @Test
    void goldenValuesOfThePapersRule() {
        GradNorm gn = GradNorm.defaults().withLearningRate(0.1);
        assertArrayEquals(new double[] {1, 1}, gn.weigh(G, TaskLosses.of(2, 1)).values(), 0.0);
        assertArrayEquals(new double[] {-1, 2}, gn.parameterGradient(), 0.0);
        assertArrayEquals(new double[] {1.1578947368421053, 0.8421052631578948}, gn.parameters(), 1e-15);
        assertArrayEquals(new double[] {1.1578947368421053, 0.8421052631578948},
                gn.weigh(G, TaskLosses.of(1, 1)).values(), 1e-15);
        assertArrayEquals(new double[] {1, -2}, gn.parameterGradient(), 0.0);
        assertArrayEquals(new double[] {1.007518796992481, 0.9924812030075189}, gn.parameters(), 1e-15);
    }

    /**
     * LibMTL's rule: the plain sum through epoch 0, then L(0) = epoch 0's mean (2, 1); at ξ = (1, 1), w = (1, 1),
     * L = (1, 1) gives ∂L_grad/∂w = (1, −2) (targets 1.5·(⅔, 4⁄3)^1.5), Σ zᵢ ∂/∂wᵢ = −½,
     * ∂L_grad/∂ξ = w(∂/∂w + ½) = (1.5, −1.5), ξ ← (0.85, 1.15), so the next w = 2 softmax(ξ) = (0.8511149…, 1.1488850…).
     */
    @Test
    void goldenValuesOfLibMTLsRule() {
        GradNorm gn = GradNorm.defaults().withVariant(GradNorm.Variant.LIBMTL).withLearningRate(0.1);
        assertArrayEquals(new double[] {1, 1}, gn.weigh(G, TaskLosses.of(5, 5)).values(), 0.0);
        assertArrayEquals(new double[] {1, 1}, gn.parameters(), 0.0, "no update in epoch 0");
        gn.endEpoch(TaskLosses.of(2, 1));
        assertArrayEquals(new double[] {1, 1}, gn.weigh(G, TaskLosses.of(1, 1)).values(), 1e-15);
        assertArrayEquals(new double[] {1.5, -1.5}, gn.parameterGradient(), 1e-15);
        assertArrayEquals(new double[] {0.85, 1.15}, gn.parameters(), 1e-15);
        assertArrayEquals(new double[] {0.851114966376682, 1.148885033623318},
                gn.weigh(G, TaskLosses.of(1, 1)).values(), 1e-15);
    }

    @Test
    void gradientsAreTheDerivativesOfLGradWithTheTargetsHeldConstant() {
        double[] n = {0.5, 1.5, 3};
        Gramian g = Gramian.of(new double[][] {{0.25, 0, 0}, {0, 2.25, 0}, {0, 0, 9}});
        double[] l0 = {1, 2, 3};
        double[] l = {0.6, 1.9, 1.2};
        double[] w0 = {0.7, 1.1, 1.2};
        GradNorm paper = GradNorm.defaults().withLearningRate(0).withInitialLosses(l0);
        paper.setParameters(w0);
        paper.weigh(g, TaskLosses.of(l));
        double[] targets = targets(n, w0, l0, l, 1.5);
        assertArrayEquals(LossMethodTestSupport.numericalGradient(w -> lGrad(n, w, targets), w0),
                paper.parameterGradient(), 1e-8);

        double[] xi0 = {0.2, -0.3, 0.1};
        GradNorm libmtl = GradNorm.defaults().withVariant(GradNorm.Variant.LIBMTL).withLearningRate(0)
                .withInitialLosses(l0);
        libmtl.setParameters(xi0);
        libmtl.endEpoch(TaskLosses.of(9, 9, 9)); // ends epoch 0; initial_losses take precedence
        double[] w = libmtl.weigh(g, TaskLosses.of(l)).values();
        double[] libTargets = targets(n, w, l0, l, 1.5);
        assertArrayEquals(LossMethodTestSupport.numericalGradient(xi -> lGrad(n, softmaxTimesK(xi), libTargets), xi0),
                libmtl.parameterGradient(), 1e-8);
    }

    static double[] targets(double[] n, double[] w, double[] l0, double[] l, double alpha) {
        int k = n.length;
        double meanG = 0;
        double meanRatio = 0;
        for (int i = 0; i < k; i++) {
            meanG += w[i] * n[i] / k;
            meanRatio += l[i] / l0[i] / k;
        }
        double[] t = new double[k];
        for (int i = 0; i < k; i++) {
            t[i] = meanG * Math.pow(l[i] / l0[i] / meanRatio, alpha);
        }
        return t;
    }

    static double lGrad(double[] n, double[] w, double[] targets) {
        double s = 0;
        for (int i = 0; i < n.length; i++) {
            s += Math.abs(w[i] * n[i] - targets[i]);
        }
        return s;
    }

    static double[] softmaxTimesK(double[] xi) {
        double sum = 0;
        double[] w = new double[xi.length];
        for (int i = 0; i < xi.length; i++) {
            w[i] = Math.exp(xi[i]);
            sum += w[i];
        }
        for (int i = 0; i < xi.length; i++) {
            w[i] = xi.length * w[i] / sum;
        }
        return w;
    }

    /** Norms from the P-vectors themselves, the update written out: the paper's rule and LibMTL's, with epochs. */
    @Test
    void agreesWithAPlainVectorSpaceReferenceInFloatAndDouble() {
        for (GradNorm.Variant variant : GradNorm.Variant.values()) {
            LossMethodTestSupport.assertMatchesReference(
                    () -> new GramCombiner(GradNorm.defaults().withVariant(variant).withLearningRate(0.05)),
                    () -> new LossMethodTestSupport.Reference() {
                        final double[] p = {1, 1, 1};
                        double[] l0;
                        int epoch;

                        @Override
                        public double[] weights(double[] l, double[][] j) {
                            boolean libmtl = variant == GradNorm.Variant.LIBMTL;
                            if (libmtl && epoch == 0) {
                                return new double[] {1, 1, 1};
                            }
                            if (l0 == null) {
                                l0 = l.clone();
                            }
                            double[] w = libmtl ? softmaxTimesK(p) : p.clone();
                            double[] n = new double[3];
                            for (int i = 0; i < 3; i++) {
                                n[i] = GramTestSupport.norm(j[i]);
                            }
                            double[] t = targets(n, w, l0, l, 1.5);
                            double[] gw = new double[3];
                            for (int i = 0; i < 3; i++) {
                                gw[i] = Math.signum(w[i] * n[i] - t[i]) * n[i];
                            }
                            if (libmtl) {
                                double mean = (w[0] * gw[0] + w[1] * gw[1] + w[2] * gw[2]) / 3;
                                for (int i = 0; i < 3; i++) {
                                    p[i] -= 0.05 * w[i] * (gw[i] - mean);
                                }
                            } else {
                                double sum = 0;
                                for (int i = 0; i < 3; i++) {
                                    p[i] = Math.max(0, p[i] - 0.05 * gw[i]);
                                    sum += p[i];
                                }
                                for (int i = 0; i < 3; i++) {
                                    p[i] = 3 * p[i] / sum;
                                }
                            }
                            return w;
                        }

                        @Override
                        public void endEpoch(double[] mean) {
                            if (variant == GradNorm.Variant.LIBMTL && epoch == 0) {
                                l0 = mean;
                            }
                            epoch++;
                        }
                    }, 3, 15, 4, s -> LossMethodTestSupport.fallingLosses(s, 3), null);
        }
    }

    @Test
    void thePapersWeightsStayNonNegativeAndSumToK() {
        GradNorm gn = GradNorm.defaults().withLearningRate(2.0);
        for (int s = 0; s < 30; s++) {
            double[][] j = GramTestSupport.conflictingMatrix(s, 4, 10);
            gn.weigh(GramTestSupport.gramOf(j), TaskLosses.of(LossMethodTestSupport.fallingLosses(s, 4)));
            double sum = 0;
            for (double w : gn.parameters()) {
                assertTrue(w >= 0, "weight " + w);
                sum += w;
            }
            assertEquals(4, sum, 1e-12);
        }
    }

    /** The paper's G over the last shared layer, the direction over all shared parameters, via the shard API. */
    @Test
    void weightsFromTheLastLayerApplyToTheWholeJacobian() {
        GramCombiner combiner = (GramCombiner) Combiners.create("gradnorm", Map.of("lr", 0.1));
        double[][] full = GramTestSupport.conflictingMatrix(3, 2, 50);
        TaskGradients all = GramTestSupport.toGradients(full, DataType.DOUBLE);
        TaskGradients lastLayer = TaskGradients.of(all.matrix().get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(40, 50)));
        for (int s = 0; s < 3; s++) {
            Weights w = combiner.weigh(combiner.gramian(lastLayer), TaskLosses.of(1.0 / (s + 1), 2));
            double[] d = GramTestSupport.toDoubles(combiner.combineShardInto(all, w, Nd4j.create(DataType.DOUBLE, 50)));
            assertArrayEquals(GramTestSupport.combine(full, w.values()), d, 1e-12);
        }
        GradNorm reference = GradNorm.defaults().withLearningRate(0.1);
        double[][] last = new double[2][];
        for (int i = 0; i < 2; i++) {
            last[i] = java.util.Arrays.copyOfRange(full[i], 40, 50);
        }
        for (int s = 0; s < 3; s++) {
            reference.weigh(GramTestSupport.gramOf(last), TaskLosses.of(1.0 / (s + 1), 2));
        }
        assertArrayEquals(reference.parameters(), ((GradNorm) combiner.weighting()).parameters(), 1e-12);
    }

    @Test
    void badInputsGiveClearErrors() {
        assertIllegalArgument(() -> GradNorm.defaults().weigh(G, TaskLosses.of(1, -1)), "gradnorm", "task 1", "-1.0");
        assertIllegalArgument(() -> GradNorm.defaults().weigh(G, TaskLosses.of(0, 1)), "gradnorm", "first step",
                "task 0");
        assertIllegalArgument(() -> GradNorm.defaults().withInitialLosses(new double[] {1, 0}), "initial_losses[1]",
                "0.0");
        assertIllegalArgument(() -> GradNorm.defaults().withInitialLosses(new double[] {1, 2, 3}).weigh(G,
                TaskLosses.of(1, 1)), "initial_losses", "3 values", "2 tasks");
        assertIllegalArgument(() -> Combiners.create("gradnorm", Map.of("alpha", -0.5)), "alpha", "-0.5");
        assertIllegalArgument(() -> Combiners.create("gradnorm", Map.of("lr", -1.0)), "lr", "-1.0");
        assertIllegalArgument(() -> Combiners.create("gradnorm", Map.of("variant", "chen")), "variant", "paper",
                "libmtl");
        GradNorm libmtl = GradNorm.defaults().withVariant(GradNorm.Variant.LIBMTL);
        assertIllegalArgument(() -> libmtl.endEpoch(TaskLosses.of(0, 1)), "gradnorm", "epoch 0", "task 0");
        libmtl.weigh(G, TaskLosses.of(1, 1));
        libmtl.endEpoch(TaskLosses.of(1, 1));
        libmtl.weigh(G, TaskLosses.of(1, 1));
        libmtl.weigh(G, TaskLosses.of(1, 1));
        assertIllegalState(() -> libmtl.weigh(G, TaskLosses.of(1, 1)), "gradnorm", "endEpoch");
        Combination c = Combiners.create("gradnorm").combine(GramTestSupport.toGradients(
                new double[][] {{1, 0}, {0, 2}}, DataType.DOUBLE), TaskLosses.of(1, 1));
        assertArrayEquals(new double[] {1, 1}, c.weights(), 0.0);
    }
}
