package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.TaskGradients;
import org.nd4j.linalg.api.buffer.DataType;

class GradDropTest {

    /**
     * J = [[-4, 1, 1], [6, 1, 1]]: columns 2 and 3 are positive in both tasks (purity 1), so both values are kept
     * whatever the draw: d₂ = d₃ = 2. Column 1 has purity ½(1 + 2/10) = 0.6: the positive value (6) is kept when
     * u &lt; 0.6, else the negative one (−4). u is the documented draw for (seed, step 0, column 0).
     */
    @Test
    void theTorchJdExampleByHand() {
        for (long seed = 0; seed < 20; seed++) {
            double u = SeedStreams.uniform(SeedStreams.streamSeed(seed, 0), 0);
            double[] expected = {u < 0.6 ? 6 : -4, 2, 2};
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                Combination c = GradDrop.defaults().withSeed(seed).combine(
                        GramTestSupport.toGradients(GoldenValuesTest.J, type));
                assertArrayEquals(expected, GramTestSupport.toDoubles(c.direction()), 0, "seed " + seed);
                // The kept share of each task's squared norm: task 0 keeps 2 of 18 or all; task 1 36 + 2 of 38 or 2.
                double[] weights = u < 0.6 ? new double[] {2.0 / 18, 1} : new double[] {1, 2.0 / 38};
                assertArrayEquals(weights, c.weights(), 1e-15);
            }
        }
    }

    @Test
    void thePositiveSignIsKeptWithTheProbabilityOfItsPurity() {
        // 20,000 copies of the column above: the fraction of +6 is a binomial with p = 0.6 (sd 0.0035).
        int p = 20_000;
        double[][] j = new double[2][p];
        Arrays.fill(j[0], -4);
        Arrays.fill(j[1], 6);
        double[] d = GramTestSupport.toDoubles(GradDrop.defaults().combine(GramTestSupport.toGradients(j,
                DataType.DOUBLE)).direction());
        double positive = Arrays.stream(d).filter(v -> v == 6).count() / (double) p;
        assertEquals(0.6, positive, 0.02);
        assertEquals(p, Arrays.stream(d).filter(v -> v == 6 || v == -4).count(), "every coordinate keeps one sign");
    }

    @Test
    void agreesWithAPlainReferenceAcrossStepsThreadsAndTypes() {
        for (int k : new int[] {1, 2, 3, 5, 8}) {
            // P = 70,000 (more than one part of the columns, on every core) once.
            for (int p : k == 3 ? new int[] {1, 37, 3000, 70_000} : new int[] {1, 37, 3000}) {
                double[] leak = new double[k];
                for (int i = 0; i < k; i++) {
                    leak[i] = i % 3 == 0 ? 0 : 0.1 * i;
                }
                GradDrop drop = GradDrop.defaults().withLeak(leak).withSeed(k * 31L + p);
                for (int step = 0; step < 2; step++) {
                    double[][] j = GramTestSupport.conflictingMatrix(k * 1000L + p + step, k, p);
                    double[] expected = PlainReferences.gradDrop(j, leak, k * 31L + p, step);
                    GradDrop twin = drop.copy();
                    twin.restore(drop.snapshot());
                    double[] inDouble = GramTestSupport.toDoubles(drop.combine(
                            GramTestSupport.toGradients(j, DataType.DOUBLE)).direction());
                    assertTrue(GramTestSupport.relativeError(inDouble, expected) <= 1e-12, "K=" + k + " P=" + p);
                    double[] inFloat = GramTestSupport.toDoubles(twin.combine(
                            GramTestSupport.toGradients(j, DataType.FLOAT)).direction());
                    // FLOAT rounding can flip a coordinate whose purity lies within 1e-7 of its draw: allow a few.
                    long flipped = 0;
                    for (int c = 0; c < p; c++) {
                        if (Math.abs(inFloat[c] - expected[c]) > 1e-4 * (1 + Math.abs(expected[c]))) {
                            flipped++;
                        }
                    }
                    assertTrue(flipped <= 1 + p / 100_000, "K=" + k + " P=" + p + ": " + flipped + " coordinates differ");
                }
            }
        }
    }

    @Test
    void leakOneIsTheSumAndTheSeedSelectsTheDraws() {
        double[][] j = GramTestSupport.conflictingMatrix(4, 3, 500);
        double[] sum = GramTestSupport.combine(j, new double[] {1, 1, 1});
        Combination c = GradDrop.defaults().withLeak(1).combine(GramTestSupport.toGradients(j, DataType.DOUBLE));
        assertTrue(GramTestSupport.relativeError(GramTestSupport.toDoubles(c.direction()), sum) < 1e-14);
        assertArrayEquals(new double[] {1, 1, 1}, c.weights(), 1e-15);
        TaskGradients g = GramTestSupport.toGradients(j, DataType.DOUBLE);
        double[] a = GramTestSupport.toDoubles(GradDrop.defaults().withSeed(1).combine(g).direction());
        double[] b = GramTestSupport.toDoubles(GradDrop.defaults().withSeed(1).combine(g).direction());
        double[] other = GramTestSupport.toDoubles(GradDrop.defaults().withSeed(2).combine(g).direction());
        assertArrayEquals(a, b, 0, "same seed, same draws");
        assertFalse(Arrays.equals(a, other), "another seed, other draws");
        GradDrop stepping = GradDrop.defaults().withSeed(1);
        stepping.combine(g);
        assertFalse(Arrays.equals(a, GramTestSupport.toDoubles(stepping.combine(g).direction())),
                "the next step draws again");
    }

    @Test
    void weightsAreTheShareOfEachTasksSquaredNormLetThrough() {
        double[][] j = GramTestSupport.conflictingMatrix(5, 4, 400);
        double[] leak = {0, 0.25, 0.5, 1};
        Combination c = GradDrop.defaults().withLeak(leak).withSeed(9).combine(
                GramTestSupport.toGradients(j, DataType.DOUBLE));
        // Per task i: Σ_p cᵢₚ gᵢₚ² / ‖gᵢ‖² with cᵢₚ = 1 where the drawn sign keeps gᵢₚ, else leakᵢ.
        for (int i = 0; i < 4; i++) {
            double kept = 0;
            double energy = 0;
            long stream = SeedStreams.streamSeed(9, 0);
            for (int col = 0; col < 400; col++) {
                double s = 0;
                double a = 0;
                for (double[] row : j) {
                    s += row[col];
                    a += Math.abs(row[col]);
                }
                double purity = 0.5 * (1 + s / a);
                double u = SeedStreams.uniform(stream, col);
                double x = j[i][col];
                boolean keep = purity > u && x > 0 || purity < u && x < 0;
                kept += (keep ? 1 : leak[i]) * x * x;
                energy += x * x;
            }
            assertEquals(kept / energy, c.weights()[i], 1e-12, "task " + i);
            assertTrue(c.weights()[i] >= leak[i] - 1e-15 && c.weights()[i] <= 1 + 1e-15);
        }
    }

    @Test
    void optionsAndBadInputs() {
        assertEquals(GradDrop.defaults().withLeak(0.2).withSeed(5),
                Combiners.create("graddrop", Map.of("leak", 0.2, "seed", 5)));
        assertEquals(GradDrop.defaults().withLeak(new double[] {0.1, 0.2}),
                Combiners.create("graddrop", Map.of("leak", List.of(0.1, 0.2))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradDrop.defaults().withLeak(1.5));
        assertTrue(e.getMessage().contains("leak must be in [0, 1], got 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradDrop.defaults().withLeak(new double[] {0, -0.1}));
        assertTrue(e.getMessage().contains("task 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradDrop.defaults().withLeak(new double[] {0.1, 0.2})
                .combine(GramTestSupport.toGradients(GramTestSupport.randomMatrix(1, 3, 5), DataType.DOUBLE)));
        assertTrue(e.getMessage().contains("2 leak values") && e.getMessage().contains("K = 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Combiners.create("graddrop", Map.of("leak", "some")));
    }

    /**
     * FLOAT gradients take the float path (no conversion to double): the same draws, so the same direction up to
     * rounding and the same weights to FLOAT precision, over enough blocks (P = 10⁵, 2 parts) that the float lanes
     * are folded into double. Entries whose squares overflow FLOAT make the step rerun in double: weights finite.
     */
    @Test
    void floatGradientsGiveTheDoubleResultToFloatPrecision() {
        double[][] j = GramTestSupport.conflictingMatrix(12, 5, 100_000);
        double[] leak = {0, 0.5, 0, 0.25, 1};
        Combination inDouble = GradDrop.defaults().withLeak(leak).combine(GramTestSupport.toGradients(
                floatRounded(j), DataType.DOUBLE));
        Combination inFloat = GradDrop.defaults().withLeak(leak).combine(GramTestSupport.toGradients(j,
                DataType.FLOAT));
        assertArrayEquals(inDouble.weights(), inFloat.weights(), 1e-5);
        double[] a = GramTestSupport.toDoubles(inDouble.direction());
        double[] b = GramTestSupport.toDoubles(inFloat.direction());
        long differ = 0;
        for (int c = 0; c < a.length; c++) {
            differ += Math.abs(a[c] - b[c]) > 1e-4 * (1 + Math.abs(a[c])) ? 1 : 0;
        }
        assertTrue(differ <= 2, differ + " coordinates differ (a flip needs the purity within rounding of the draw)");
        Combination huge = GradDrop.defaults().combine(GramTestSupport.toGradients(GramTestSupport.scale(
                GramTestSupport.conflictingMatrix(13, 3, 50), 1e20), DataType.FLOAT));
        for (double w : huge.weights()) {
            assertTrue(Double.isFinite(w) && w >= 0 && w <= 1, java.util.Arrays.toString(huge.weights()));
        }
    }

    private static double[][] floatRounded(double[][] j) {
        double[][] r = new double[j.length][];
        for (int i = 0; i < j.length; i++) {
            r[i] = new double[j[i].length];
            for (int c = 0; c < r[i].length; c++) {
                r[i][c] = (float) j[i][c];
            }
        }
        return r;
    }
}
