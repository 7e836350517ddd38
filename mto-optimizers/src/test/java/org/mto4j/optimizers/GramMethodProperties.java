package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.mto4j.core.Combiners;
import org.mto4j.core.GramWeighting;
import org.nd4j.linalg.api.buffer.DataType;

/** Seeded property checks and the registry-vs-reference loop shared by the deterministic Gram method tests. */
final class GramMethodProperties {

    static final int[] TASK_COUNTS = {1, 2, 3, 5, 8, 32};

    private GramMethodProperties() {
    }

    /** Permuting the tasks permutes the weights, over many seeded conflicting matrices. */
    static void assertPermutationEquivariant(GramWeighting method) {
        for (long seed = 0; seed < 60; seed++) {
            int k = 2 + (int) (seed % 9);
            double[][] j = GramTestSupport.conflictingMatrix(seed, k, 3 * k + 5);
            int[] perm = GramTestSupport.randomPermutation(seed, k);
            double[] w = method.weigh(GramTestSupport.gramOf(j), null).values();
            double[] pw = method.weigh(GramTestSupport.gramOf(GramTestSupport.permuteRows(j, perm)), null).values();
            double[] expected = new double[k];
            for (int i = 0; i < k; i++) {
                expected[i] = w[perm[i]];
            }
            assertArrayEquals(expected, pw, 1e-9 * (1 + GramTestSupport.norm(w)), "seed " + seed);
        }
    }

    /** The weights of c J equal those of J, for scales far from 1. */
    static void assertScaleInvariantWeights(GramWeighting method) {
        for (long seed = 100; seed < 140; seed++) {
            int k = 1 + (int) (seed % 8);
            double[][] j = GramTestSupport.conflictingMatrix(seed, k, 2 * k + 7);
            double[] w = method.weigh(GramTestSupport.gramOf(j), null).values();
            for (double factor : new double[] {1e-12, 0.3, 7.0, 1e12}) {
                double[] scaled = method.weigh(GramTestSupport.gramOf(GramTestSupport.scale(j, factor)), null).values();
                assertArrayEquals(w, scaled, 1e-8 * (1 + GramTestSupport.norm(w)), "seed " + seed + " x" + factor);
            }
        }
    }

    /** A plain vector-space implementation of a method: the direction for J. */
    interface Reference {
        double[] direction(double[][] j);
    }

    /** {@link #assertAgreesWithReference} for every K in {@link #TASK_COUNTS}. */
    static void assertAgreesWithReferenceForEveryK(String name, Map<String, ?> options, Reference reference,
            double doubleTolerance, double floatTolerance) {
        for (int k : TASK_COUNTS) {
            assertAgreesWithReference(name, options, k, reference, doubleTolerance, floatTolerance);
        }
    }

    /** The registry's method against a vector-space reference on seeded random matrices, DOUBLE and FLOAT. */
    static void assertAgreesWithReference(String name, Map<String, ?> options, int k, Reference reference,
            double doubleTolerance, double floatTolerance) {
        int p = k == 32 ? 2_000 : 10_000;
        for (long seed = 0; seed < 2; seed++) {
            double[][] j = GramTestSupport.randomMatrix(1000L * k + seed, k, seed == 0 ? p : 4 * k + 3);
            double[] expected = reference.direction(j);
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                double[] actual = GramTestSupport.toDoubles(
                        Combiners.create(name, options).combine(GramTestSupport.toGradients(j, type)).direction());
                double err = GramTestSupport.relativeError(actual, expected);
                double tolerance = type == DataType.DOUBLE ? doubleTolerance : floatTolerance;
                assertTrue(err <= tolerance, name + " K=" + k + " P=" + j[0].length + " " + type
                        + ": relative error " + err);
            }
        }
    }
}
