package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GramCombinerTest {

    static final double[][] J = {{-4, 1, 1}, {6, 1, 1}};

    @Test
    void gramianAndDirectionByHand() {
        GramCombiner c = new GramCombiner(new TestWeightings.NormalizedMean());
        Combination result = c.combine(TaskGradients.of(Nd4j.createFromArray(J)));
        assertEquals(Gramian.of(new double[][] {{18, -22}, {-22, 38}}), result.gramian().orElseThrow());
        double[] w = {1 / (2 * Math.sqrt(18)), 1 / (2 * Math.sqrt(38))};
        assertArrayEquals(w, result.weights(), 1e-15);
        double[] d = {-4 * w[0] + 6 * w[1], w[0] + w[1], w[0] + w[1]};
        assertArrayEquals(d, result.direction().toDoubleVector(), 1e-12);
        assertEquals(Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]), result.directionNorm(), 1e-12);
    }

    @Test
    void floatGramThatOverflowsIsRecomputedInDouble() {
        // Each entry 1e20 fits FLOAT, its square does not: G would be +inf in FLOAT.
        INDArray j = Nd4j.createFromArray(new float[][] {{1e20f, 0f}, {0f, 2e20f}});
        Gramian g = new GramCombiner(new TestWeightings.NormalizedMean()).gramian(TaskGradients.of(j));
        assertEquals(1e40, g.get(0, 0), 1e40 * 1e-6);
        assertEquals(4e40, g.get(1, 1), 4e40 * 1e-6);
        assertEquals(0, g.get(0, 1));
    }

    /**
     * Issue 10, point 11: DOUBLE gradients whose squared norms overflow. A weighting whose weights do not depend on
     * the scale of J runs on the Gram matrix of J / s; the others get an error that names the rows and the
     * overflow (it used to be "matrix diagonal must be finite, got G[0][0] = Infinity").
     */
    @Test
    void doubleGramThatOverflowsRunsScaleInvariantWeightingsAndNamesTheRowsForTheOthers() {
        INDArray j = Nd4j.createFromArray(new double[][] {{1e160, 0, 1}, {0, 3e160, 2}, {1, 2, 3}});
        GramCombiner half = new GramCombiner(new GramWeighting() {
            @Override
            public Weights weigh(Gramian gramian, TaskLosses losses) {
                assertEquals(1, gramian.scale(), "a scale-invariant weighting sees the unit-scale Gramian");
                assertTrue(Double.isFinite(gramian.get(1, 1)));
                return Weights.of(0.5, 0.5, 0);
            }

            @Override
            public boolean isScaleInvariant() {
                return true;
            }

            @Override
            public String name() {
                return "half";
            }
        });
        Combination c = half.combine(TaskGradients.of(j));
        assertArrayEquals(new double[] {0.5e160, 1.5e160, 1.5}, c.direction().toDoubleVector(), 1e145);
        Gramian g = c.gramian().orElseThrow();
        assertTrue(g.scale() > 1 && Double.isInfinite(g.get(1, 1)), g.toString());
        assertEquals(Math.sqrt(0.25 + 2.25) * 1e160, c.directionNorm(), 1e146);
        assertEquals(-1.0 * 0, g.cosine(0, 1), 1e-15);
        assertEquals(3e160, g.norm(1), 1e146);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GramCombiner(new TestWeightings.NormalizedMean()).combine(TaskGradients.of(j)));
        assertTrue(e.getMessage().contains("[0, 1]") && e.getMessage().contains("overflow")
                && e.getMessage().contains("normalized-mean"), e.getMessage());
    }

    /**
     * DOUBLE gradients whose products fall into double's subnormal range (entries of 1e-160: products of 1e-320,
     * with 3 significant digits left): G is recomputed from J · 2ᵏ, keeps every digit, and every weighting runs on
     * it, scale-invariant or not (architecture.md, "the edges of the float ranges").
     */
    @Test
    void doubleGramOfTinyGradientsKeepsItsDigitsForEveryWeighting() {
        double[][] values = {{3e-160, 1e-160, 0}, {1e-160, -2e-160, 7e-161}};
        Combination c = new GramCombiner(new TestWeightings.NormalizedMean())
                .combine(TaskGradients.of(Nd4j.createFromArray(values)));
        Gramian g = c.gramian().orElseThrow();
        assertTrue(g.scale() < 1, g.toString());
        Gramian unit = g.unitScale();
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                double exact = 0;
                for (int col = 0; col < 3; col++) {
                    exact += (values[a][col] / g.scale()) * (values[b][col] / g.scale());
                }
                assertEquals(exact, unit.get(a, b), 1e-15 * Math.abs(exact), "G[" + a + "][" + b + "] of J / s");
            }
        }
        // A weighting that depends on the scale (1 / (K ‖gᵢ‖)) gets G itself: ‖g₀‖ = √10 · 1e-160, ‖g₁‖ = √5.49 · 1e-160.
        double[] expected = {1 / (2 * Math.sqrt(10) * 1e-160), 1 / (2 * Math.sqrt(5.49) * 1e-160)};
        assertArrayEquals(expected, c.weights(), 1e-14 * expected[0]);
    }

    @Test
    void directionBeyondFloatRangeIsAClearError() {
        INDArray j = Nd4j.createFromArray(new float[][] {{3e38f, 3e38f}, {3e38f, 3e38f}});
        GramCombiner sum = new GramCombiner(new GramWeighting() {
            @Override
            public Weights weigh(Gramian gramian, TaskLosses losses) {
                return Weights.of(1, 1);
            }

            @Override
            public String name() {
                return "sum";
            }
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sum.combine(TaskGradients.of(j)));
        assertTrue(e.getMessage().contains("FLOAT"), e.getMessage());
    }

    @Test
    void nonContiguousOutputIsStillWritten() {
        INDArray holder = Nd4j.create(DataType.DOUBLE, new long[] {3, 2}, 'c');
        INDArray column = holder.getColumn(1); // stride 2
        GramCombiner c = new GramCombiner(new TestWeightings.NormalizedMean());
        Combination expected = c.combine(TaskGradients.of(Nd4j.createFromArray(J)));
        c.combineInto(TaskGradients.of(Nd4j.createFromArray(J)), null, column);
        assertArrayEquals(expected.direction().toDoubleVector(), holder.getColumn(1).toDoubleVector(), 1e-15);
        assertArrayEquals(new double[3], holder.getColumn(0).toDoubleVector(), 0);
    }

    @Test
    void columnShardsGiveTheWholeDirection() {
        GramCombiner c = new GramCombiner(new TestWeightings.NormalizedMean());
        INDArray j = Nd4j.rand(DataType.DOUBLE, 4, 50);
        Combination whole = c.combine(TaskGradients.of(j));
        TaskGradients left = TaskGradients.of(j.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 13)));
        TaskGradients right = TaskGradients.of(j.get(NDArrayIndex.all(), NDArrayIndex.interval(13, 50)));
        Weights w = c.weigh(Gramian.sum(List.of(c.gramian(left), c.gramian(right))), null);
        INDArray dl = c.combineShardInto(left, w, Nd4j.create(DataType.DOUBLE, 13));
        INDArray dr = c.combineShardInto(right, w, Nd4j.create(DataType.DOUBLE, 37));
        INDArray joined = Nd4j.concat(0, dl, dr);
        assertTrue(joined.equalsWithEps(whole.direction(), 1e-12));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.combineShardInto(left, Weights.of(1, 2), Nd4j.create(DataType.DOUBLE, 13)));
        assertTrue(e.getMessage().contains("2 weights") && e.getMessage().contains("4 tasks"), e.getMessage());
    }

    @Test
    void weightingsThatReturnTheWrongNumberOfWeightsAreCaught() {
        GramCombiner broken = new GramCombiner(new GramWeighting() {
            @Override
            public Weights weigh(Gramian gramian, TaskLosses losses) {
                return Weights.of(1);
            }

            @Override
            public String name() {
                return "broken";
            }
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> broken.combine(TaskGradients.of(Nd4j.createFromArray(J))));
        assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("2 tasks"), e.getMessage());
    }

    @Test
    void nonFiniteWeightsAreNeverPassedOn() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Weights(new double[] {1, Double.NaN}, Diagnostics.closedForm()));
        assertTrue(e.getMessage().contains("task 1"), e.getMessage());
    }
}
