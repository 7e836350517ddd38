package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;

import org.mto4j.core.Combiners;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runs a method through the registry and its GramCombiner on seeded random matrices, K ∈ {1, 2, 3, 5, 8, 32} and P up
 * to 10⁴, in DOUBLE and FLOAT, and compares the direction with a plain vector-space reference.
 */
final class ReferenceAgreement {

    /** (K, P) pairs: P = 10⁴ where the references stay fast, smaller P at K = 32. */
    static final int[][] SHAPES = {{1, 50}, {2, 10_000}, {3, 2_000}, {5, 10_000}, {8, 1_000}, {32, 200}};

    /**
     * P of the FLOAT runs. mto-core rejects FLOAT Gramians of larger P as asymmetric: its symmetry check is
     * relative to |G_ij|, which cancellation makes tiny next to FLOAT's GEMM rounding (reported to main).
     */
    static final int FLOAT_MAX_P = 40;
    /** K of the FLOAT runs, for the same reason (at K = 32 some pair always trips the check). */
    static final int FLOAT_MAX_K = 8;

    private ReferenceAgreement() {
    }

    static void check(String name, Map<String, ?> options, Function<double[][], double[]> reference,
            double doubleTolerance, double floatTolerance) {
        for (int[] shape : SHAPES) {
            int k = shape[0];
            int p = shape[1];
            DataType[] types = k <= FLOAT_MAX_K ? new DataType[] {DataType.DOUBLE, DataType.FLOAT}
                    : new DataType[] {DataType.DOUBLE};
            for (DataType type : types) {
                int columns = type == DataType.DOUBLE ? p : Math.min(p, FLOAT_MAX_P);
                double[][] j = GramTestSupport.conflictingMatrix(31L * k + columns, k, columns);
                double[] expected = reference.apply(j);
                double[] actual = GramTestSupport.toDoubles(Combiners.create(name, options)
                        .combine(GramTestSupport.toGradients(j, type)).direction());
                double err = GramTestSupport.relativeError(actual, expected);
                double tolerance = type == DataType.DOUBLE ? doubleTolerance : floatTolerance;
                assertTrue(err <= tolerance, name + " " + options + " K=" + k + " P=" + columns + " " + type
                        + ": relative error " + err + " > " + tolerance);
            }
        }
    }
}
