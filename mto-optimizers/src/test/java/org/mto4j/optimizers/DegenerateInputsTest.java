package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Every registered method, of every kind (Gram, loss, full-Jacobian, cross-batch with one batch), on the inputs
 * that break naive implementations: K = 1, zero rows, duplicated rows, rank 1 at K = 8, 1e-20 and 1e20 scales
 * (DOUBLE), values near FLOAT's overflow, P = 1. Each gives finite weights and a finite direction, or an
 * IllegalArgumentException with a message (TrimmedMean at K &lt; 3, ExcessMTL's FLOAT accumulator beyond 10³⁸);
 * never NaN. Three steps each, so that stateful methods see their state.
 */
class DegenerateInputsTest {

    /** Options for methods that have required ones; everything else runs with its defaults. */
    static Map<String, ?> defaults(String name, int k) {
        if (name.equals(StaticWeighting.CONSTANT_NAME)) {
            double[] w = new double[k];
            Arrays.fill(w, 1.0);
            return Map.of("weights", w);
        }
        return Map.of();
    }

    static Stream<String> methods() {
        return Combiners.names().stream();
    }

    static double[][] zeros(int k, int p) {
        return new double[k][p];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void singleTask(String name) {
        check(name, GramTestSupport.randomMatrix(1, 1, 50), DataType.DOUBLE, "K = 1");
        check(name, GramTestSupport.randomMatrix(2, 1, 50), DataType.FLOAT, "K = 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void zeroRows(String name) {
        check(name, zeros(3, 40), DataType.DOUBLE, "all rows zero");
        double[][] j = GramTestSupport.conflictingMatrix(3, 4, 40);
        Arrays.fill(j[1], 0.0);
        check(name, j, DataType.DOUBLE, "one zero row");
        check(name, j, DataType.FLOAT, "one zero row");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void duplicatedRows(String name) {
        double[][] j = GramTestSupport.conflictingMatrix(4, 4, 40);
        j[2] = j[0].clone();
        j[3] = j[0].clone();
        check(name, j, DataType.DOUBLE, "duplicated rows");
        check(name, j, DataType.FLOAT, "duplicated rows");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void rankOneAtEightTasks(String name) {
        double[] u = GramTestSupport.randomMatrix(5, 1, 60)[0];
        double[][] j = new double[8][];
        for (int i = 0; i < 8; i++) {
            double factor = (i % 3 == 0 ? -1 : 1) * (0.5 + i);
            j[i] = u.clone();
            for (int c = 0; c < u.length; c++) {
                j[i][c] *= factor;
            }
        }
        check(name, j, DataType.DOUBLE, "rank 1, K = 8");
        check(name, j, DataType.FLOAT, "rank 1, K = 8");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void extremeScalesInDouble(String name) {
        double[][] j = GramTestSupport.conflictingMatrix(6, 3, 30);
        check(name, GramTestSupport.scale(j, 1e-20), DataType.DOUBLE, "scale 1e-20");
        check(name, GramTestSupport.scale(j, 1e20), DataType.DOUBLE, "scale 1e20");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void nearFloatOverflow(String name) {
        double[][] j = GramTestSupport.conflictingMatrix(7, 3, 30);
        check(name, GramTestSupport.scale(j, 1e19), DataType.FLOAT, "scale 1e19 in FLOAT");
        check(name, GramTestSupport.scale(j, 1e37), DataType.FLOAT, "scale 1e37 in FLOAT");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void singleParameter(String name) {
        check(name, new double[][] {{1.5}, {-2.0}, {0.25}}, DataType.DOUBLE, "P = 1");
        check(name, new double[][] {{1.5}, {-2.0}, {0.25}}, DataType.FLOAT, "P = 1");
    }

    private static void check(String name, double[][] j, DataType type, String what) {
        int k = j.length;
        GradientCombiner combiner = Combiners.create(name, defaults(name, k));
        double[] loss = new double[k];
        Arrays.fill(loss, 1.0);
        for (int step = 0; step < 3; step++) {
            Combination c;
            try {
                c = combiner.combine(GramTestSupport.toGradients(j, type), TaskLosses.of(loss));
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage() == null || e.getMessage().isBlank(), name + " " + what + ": empty message");
                return;
            } catch (RuntimeException e) {
                fail(name + " " + what + " " + type + ": " + e, e);
                return;
            }
            for (double w : c.weights()) {
                assertTrue(Double.isFinite(w), name + " " + what + " " + type + ": weights " + Arrays.toString(c.weights()));
            }
            for (double d : GramTestSupport.toDoubles(c.direction())) {
                assertTrue(Double.isFinite(d), name + " " + what + " " + type + ": non-finite direction");
            }
        }
    }
}
