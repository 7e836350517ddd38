package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mto4j.optimizers.LossMethodTestSupport.assertIllegalArgument;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.Diagnostics;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.buffer.DataType;

class IMTLTest {

    static final double[][] J = {{-4, 1, 1}, {6, 1, 1}};

    /**
     * TorchJD's example J = [[−4, 1, 1], [6, 1, 1]]: G = [[18, −22], [−22, 38]], n = (√18, √38). With K = 2 the
     * paper's system is one equation: b = G₀₀/n₀ − G₀₁/n₁ = 7.811541…, M = b − G₁₀/n₀ + G₁₁/n₁ = 19.161…,
     * α₁ = b/M = 0.40766968306220214, α₀ = 0.5923303169377978, d = (0.07669683062202148, 1, 1) (IMTL-G's golden
     * value). IMTL-L's Adam (lr 0.1, losses (2, 0.5)) then moves the scales to c = (0.904837418940797,
     * 1.1051709158653058); the scaled gradients' IMTL-G weights are α/c renormalised, so w = α / Σⱼ(αⱼ/cⱼ) =
     * (0.5787295793821425, 0.39830901349966746) and d = (0.07493576346943476, 0.9770385928818099, …).
     */
    @Test
    void goldenValuesOfTwoStepsWithAdam() {
        GramCombiner imtl = new GramCombiner(IMTL.defaults().withLearningRate(0.1));
        Combination first = imtl.combine(GramTestSupport.toGradients(J, DataType.DOUBLE), TaskLosses.of(2, 0.5));
        assertArrayEquals(new double[] {0.5923303169377978, 0.40766968306220214}, first.weights(), 1e-15);
        assertArrayEquals(new double[] {0.07669683062202148, 1, 1}, GramTestSupport.toDoubles(first.direction()),
                1e-14);
        assertEquals(Diagnostics.closedForm(), first.diagnostics());
        Combination second = imtl.combine(GramTestSupport.toGradients(J, DataType.DOUBLE), TaskLosses.of(1, 1));
        assertArrayEquals(new double[] {0.5787295793821425, 0.39830901349966746}, second.weights(), 1e-15);
        assertArrayEquals(new double[] {0.07493576346943476, 0.9770385928818099, 0.9770385928818099},
                GramTestSupport.toDoubles(second.direction()), 1e-14);
    }

    /** The defining property: Σ (wᵢ/cᵢ) = 1 and equal projections of d onto every unit gradient. */
    @Test
    void equalProjectionsOntoEveryUnitGradientWithWeightsOverScalesSummingToOne() {
        for (int k : new int[] {1, 2, 3, 5, 8}) {
            for (long seed = 0; seed < 5; seed++) {
                double[][] j = GramTestSupport.conflictingMatrix(100 * k + seed, k, 30);
                double[] s = new double[k];
                for (int i = 0; i < k; i++) {
                    s[i] = 0.3 * Math.sin(seed + i);
                }
                IMTL imtl = IMTL.defaults();
                imtl.setParameters(s);
                double[] w = imtl.weigh(GramTestSupport.gramOf(j), TaskLosses.of(ones(k))).values();
                double[] d = GramTestSupport.combine(j, w);
                double sum = 0;
                for (int i = 0; i < k; i++) {
                    sum += w[i] / Math.exp(s[i]);
                }
                assertEquals(1.0, sum, 1e-12, "K = " + k + " seed " + seed);
                double p0 = GramTestSupport.dot(d, j[0]) / GramTestSupport.norm(j[0]);
                for (int i = 1; i < k; i++) {
                    double pi = GramTestSupport.dot(d, j[i]) / GramTestSupport.norm(j[i]);
                    assertEquals(p0, pi, 1e-10 * GramTestSupport.norm(d), "K = " + k + " seed " + seed + " task " + i);
                }
            }
        }
    }

    /**
     * A plain reference in vector space, K = 3: D and U as P-vectors, D Uᵀ and g₀ Uᵀ by explicit dot products, the
     * 2 x 2 system by Cramer's rule, scales by textbook Adam.
     */
    @Test
    void agreesWithAPlainVectorSpaceReferenceInFloatAndDouble() {
        LossMethodTestSupport.assertMatchesReference(
                () -> new GramCombiner(IMTL.defaults().withLearningRate(0.05)),
                () -> new LossMethodTestSupport.Reference() {
                    final double[] s = new double[3];
                    final LossMethodTestSupport.NaiveAdam adam = new LossMethodTestSupport.NaiveAdam(0.05, 0);

                    @Override
                    public double[] weights(double[] l, double[][] j) {
                        double[] c = new double[3];
                        double[][] g = new double[3][];
                        double[][] u = new double[3][];
                        double[] grad = new double[3];
                        for (int i = 0; i < 3; i++) {
                            c[i] = Math.exp(s[i]);
                            g[i] = scaled(j[i], c[i]);
                            u[i] = scaled(g[i], 1 / GramTestSupport.norm(g[i]));
                            grad[i] = c[i] * l[i] - 1;
                        }
                        double[][] d = {minus(g[0], g[1]), minus(g[0], g[2])};
                        double[][] uu = {minus(u[0], u[1]), minus(u[0], u[2])};
                        double[][] m = new double[2][2];
                        double[] b = new double[2];
                        for (int a = 0; a < 2; a++) {
                            b[a] = GramTestSupport.dot(g[0], uu[a]);
                            for (int e = 0; e < 2; e++) {
                                m[a][e] = GramTestSupport.dot(d[a], uu[e]);
                            }
                        }
                        // α' solves α'ᵀ M = b, i.e. Mᵀ α' = b.
                        double det = m[0][0] * m[1][1] - m[1][0] * m[0][1];
                        double a1 = (b[0] * m[1][1] - m[1][0] * b[1]) / det;
                        double a2 = (m[0][0] * b[1] - b[0] * m[0][1]) / det;
                        adam.step(s, grad);
                        return new double[] {(1 - a1 - a2) * c[0], a1 * c[1], a2 * c[2]};
                    }
                }, 3, 12, 0, s -> LossMethodTestSupport.fallingLosses(s, 3), null);
    }

    private static double[] scaled(double[] x, double f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f * x[i];
        }
        return y;
    }

    private static double[] minus(double[] x, double[] y) {
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = x[i] - y[i];
        }
        return z;
    }

    private static double[] ones(int k) {
        double[] x = new double[k];
        java.util.Arrays.fill(x, 1.0);
        return x;
    }

    @Test
    void aSingularSystemFallsBackToImtlGsPseudoInverse() {
        double[][] duplicated = {{1, 2, 0}, {1, 2, 0}, {0, -1, 3}};
        double[][] zeroRow = {{1, 2, 0}, {0, 0, 0}, {0, -1, 3}};
        for (double[][] j : new double[][][] {duplicated, zeroRow}) {
            assertEquals(null, IMTL.closedForm(GramTestSupport.gramOf(j).toArray()));
            Weights w = IMTL.defaults().weigh(GramTestSupport.gramOf(j), TaskLosses.of(1, 1, 1));
            Weights g = IMTLG.instance().weigh(GramTestSupport.gramOf(j), null);
            assertArrayEquals(g.values(), w.values(), 1e-15);
            assertEquals(g.diagnostics().solver(), w.diagnostics().solver());
        }
        assertEquals(0.0, IMTL.defaults().weigh(GramTestSupport.gramOf(zeroRow), TaskLosses.of(1, 1, 1)).get(1));
    }

    /** Rows scaled 1e-3 .. 1e3: the paper's system stays well conditioned where G is not (cond(G) ≈ 1e12). */
    @Test
    void badlyScaledGradientsKeepTheirEqualProjections() {
        double[][] j = GramTestSupport.conflictingMatrix(9, 3, 20);
        double[] scale = {1e-3, 1, 1e3};
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 20; c++) {
                j[i][c] *= scale[i];
            }
        }
        double[] w = IMTL.defaults().weigh(GramTestSupport.gramOf(j), TaskLosses.of(1, 1, 1)).values();
        double[] d = GramTestSupport.combine(j, w);
        double p0 = GramTestSupport.dot(d, j[0]) / GramTestSupport.norm(j[0]);
        for (int i = 1; i < 3; i++) {
            double pi = GramTestSupport.dot(d, j[i]) / GramTestSupport.norm(j[i]);
            assertEquals(p0, pi, 1e-9 * Math.abs(p0), "task " + i);
        }
        assertTrue(Math.abs(w[0] + w[1] + w[2] - 1) < 1e-12);
    }

    @Test
    void badInputsGiveClearErrors() {
        GramCombiner c = (GramCombiner) Combiners.create("imtl", Map.of());
        assertIllegalArgument(() -> c.combine(GramTestSupport.toGradients(J, DataType.DOUBLE), TaskLosses.of(1, -2)),
                "imtl", "task 1", "-2.0");
        assertIllegalArgument(() -> c.combine(GramTestSupport.toGradients(J, DataType.DOUBLE)), "losses", "imtl");
        assertIllegalArgument(() -> Combiners.create("imtl", Map.of("lr", -0.1)), "lr", "-0.1");
    }
}
