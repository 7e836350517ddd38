package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 10, point 10: d = Σ wᵢ gᵢ is computed so that it cannot overflow or flush where d itself is representable,
 * on the host kernel and on the GEMM path (a column-major J), for both combiners.
 */
class DirectionRangeTest {

    /** A Gram weighting that returns fixed weights and says that they do not depend on the scale of J. */
    static GramCombiner fixed(double... w) {
        return new GramCombiner(new GramWeighting() {
            @Override
            public Weights weigh(Gramian gramian, TaskLosses losses) {
                return Weights.of(w);
            }

            @Override
            public boolean isScaleInvariant() {
                return true;
            }

            @Override
            public String name() {
                return "fixed";
            }
        });
    }

    /** A loss weighting that returns fixed weights. */
    static LossWeightingCombiner fixedLoss(double... w) {
        return new LossWeightingCombiner(new LossWeighting() {
            @Override
            public Weights weigh(int numTasks, TaskLosses losses) {
                return Weights.of(w);
            }

            @Override
            public String name() {
                return "fixed-loss";
            }
        });
    }

    /** J as given (C order, host kernel) and as a column-major copy (GEMM path). */
    static INDArray[] layouts(double[][] j, DataType type) {
        INDArray c = Nd4j.createFromArray(j).castTo(type);
        return new INDArray[] {c, c.dup('f')};
    }

    /**
     * d equals Σ wᵢ gᵢ up to the rounding of the result and of a sum in J's type: the standard error bound
     * K ε Σᵢ |wᵢ J_ic| (ε = 2⁻²⁴ or 2⁻⁵³), which a GEMM accumulating in FLOAT reaches; the host kernel, which
     * accumulates FLOAT in double, is exact to the rounding of d.
     */
    static void assertDirection(double[] expected, GradientCombiner combiner, double[][] values, INDArray j,
            double[] w, String what) {
        double[] d = combiner.combine(TaskGradients.of(j)).direction().castTo(DataType.DOUBLE).toDoubleVector();
        double eps = j.dataType() == DataType.FLOAT ? 0x1p-24 : 0x1p-53;
        boolean host = HostDirectionKernel.applies(j, Nd4j.create(j.dataType(), d.length));
        for (int c = 0; c < d.length; c++) {
            double magnitude = 0;
            for (int i = 0; i < w.length; i++) {
                magnitude += Math.abs(w[i] * (j.dataType() == DataType.FLOAT ? (float) values[i][c] : values[i][c]));
            }
            double tolerance = 2 * eps * Math.abs(expected[c]) + (host ? 0 : 4 * w.length * eps * magnitude);
            assertEquals(expected[c], d[c], tolerance, what + " (" + (host ? "host kernel" : "GEMM") + ", "
                    + j.dataType() + ") entry " + c);
        }
    }

    /** Σ wᵢ gᵢ in double for J rounded to {@code type}: exact for these small examples. */
    static double[] exact(double[][] j, double[] w, DataType type) {
        double[] d = new double[j[0].length];
        for (int i = 0; i < j.length; i++) {
            for (int c = 0; c < d.length; c++) {
                d[c] += w[i] * (type == DataType.FLOAT ? (float) j[i][c] : j[i][c]);
            }
        }
        return d;
    }

    /** A weight beyond FLOAT's range on a tiny row (PCGrad's K = 7, P = 1 case gave +∞ for 2.6e-29). */
    @Test
    void floatWeightsBeyondFloatsRange() {
        double[][] j = {{1e-30, 2e-30}, {1e-20, -3e-20}};
        double[] w = {4.8e39, -1e30};
        double[] expected = exact(j, w, DataType.FLOAT);
        for (INDArray m : layouts(j, DataType.FLOAT)) {
            assertDirection(expected, fixed(w), j, m, w, "weight 4.8e39");
            assertDirection(expected, fixedLoss(w), j, m, w, "weight 4.8e39");
        }
    }

    /** Weights below 1.4e-45 were flushed to 0 (FairGrad with α = 2 returned an exact zero direction). */
    @Test
    void floatWeightsBelowFloatsRange() {
        double[][] j = {{1e30, -2e30}, {3e30, 1e30}};
        double[] w = {1e-46, 2e-46};
        double[] expected = exact(j, w, DataType.FLOAT);
        for (INDArray m : layouts(j, DataType.FLOAT)) {
            assertDirection(expected, fixed(w), j, m, w, "weights 1e-46");
            assertDirection(expected, fixedLoss(w), j, m, w, "weights 1e-46");
        }
    }

    /** Rows near ±3e38 with weights 25 (CAGrad's case): the partial sums overflow FLOAT, d = 4.3e37 does not. */
    @Test
    void floatPartialSumsBeyondFloatsRange() {
        double[][] j = {{3e38, 1}, {-2.983e38, 1}};
        double[] w = {25, 25};
        double[] expected = exact(j, w, DataType.FLOAT);
        for (INDArray m : layouts(j, DataType.FLOAT)) {
            assertDirection(expected, fixed(w), j, m, w, "rows near ±3e38");
            assertDirection(expected, fixedLoss(w), j, m, w, "rows near ±3e38");
        }
    }

    /** The same in DOUBLE: rows near ±1.5e308 whose partial sums overflow while d fits. */
    @Test
    void doublePartialSumsBeyondDoublesRange() {
        double[][] j = {{1.5e308, 1}, {-1.4e308, 2}};
        double[] w = {2, 2};
        double[] expected = {2 * (1.5e308 - 1.4e308), 6}; // the partial sum 2 · 1.5e308 overflows
        for (INDArray m : layouts(j, DataType.DOUBLE)) {
            assertDirection(expected, fixed(w), j, m, w, "rows near ±1.5e308");
            assertDirection(expected, fixedLoss(w), j, m, w, "rows near ±1.5e308");
        }
    }

    /** A direction that does not fit the type is an error that names the overflow, never infinity. */
    @Test
    void aDirectionBeyondTheTypesRangeIsAnErrorThatSaysSo() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double big = type == DataType.FLOAT ? 3e38 : 1.5e308;
            for (INDArray m : layouts(new double[][] {{big, 1}, {big, 1}}, type)) {
                for (GradientCombiner c : new GradientCombiner[] {fixed(1, 1), fixedLoss(1, 1)}) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> c.combine(TaskGradients.of(m)));
                    assertTrue(e.getMessage().contains(type.toString()) && e.getMessage().contains("overflow"),
                            e.getMessage());
                }
            }
        }
    }

    /**
     * The host kernel with a scale gives (Σ s·wᵢ gᵢ) / s, exactly as without for powers of two (DOUBLE, and FLOAT
     * combined in double); FLOAT with weights that fit it runs in FLOAT, which agrees to FLOAT's rounding.
     */
    @Test
    void hostKernelScaleIsExact() {
        double[][] j = GramKernelTest.random(8, 5, 3000);
        double[] w = {0.5, -1.25, 3, 0.125, 2};
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray m = Nd4j.createFromArray(j).castTo(type);
            INDArray plain = Nd4j.create(type, 3000);
            INDArray down = Nd4j.create(type, 3000);
            INDArray up = Nd4j.create(type, 3000);
            assertTrue(HostDirectionKernel.combineInto(m, w, plain));
            assertTrue(HostDirectionKernel.combineInto(m, w, down, 0x1p-40));
            assertTrue(HostDirectionKernel.combineInto(m, w, up, 0x1p40));
            assertArrayEquals(down.castTo(DataType.DOUBLE).toDoubleVector(),
                    up.castTo(DataType.DOUBLE).toDoubleVector(), 0.0, type.toString());
            double[] expected = down.castTo(DataType.DOUBLE).toDoubleVector();
            double[] actual = plain.castTo(DataType.DOUBLE).toDoubleVector();
            double eps = type == DataType.FLOAT ? 0x1p-24 : 0.0;
            for (int c = 0; c < expected.length; c++) {
                double magnitude = 0;
                for (int i = 0; i < w.length; i++) {
                    magnitude += Math.abs(w[i] * (float) j[i][c]);
                }
                assertEquals(expected[c], actual[c], 2 * w.length * eps * magnitude, type + " column " + c);
            }
        }
    }
}
