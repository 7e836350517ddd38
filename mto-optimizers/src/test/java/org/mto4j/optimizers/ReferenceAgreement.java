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

    private ReferenceAgreement() {
    }

    static void check(String name, Map<String, ?> options, Function<double[][], double[]> reference,
            double doubleTolerance, double floatTolerance) {
        for (int[] shape : SHAPES) {
            int k = shape[0];
            int p = shape[1];
            double[][] j = GramTestSupport.conflictingMatrix(31L * k + p, k, p);
            double[] expected = reference.apply(j);
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                double[] actual = GramTestSupport.toDoubles(Combiners.create(name, options)
                        .combine(GramTestSupport.toGradients(j, type)).direction());
                double err = GramTestSupport.relativeError(actual, expected);
                double tolerance = type == DataType.DOUBLE ? doubleTolerance : floatTolerance;
                assertTrue(err <= tolerance, name + " " + options + " K=" + k + " P=" + p + " " + type
                        + ": relative error " + err + " > " + tolerance);
            }
        }
    }
}
