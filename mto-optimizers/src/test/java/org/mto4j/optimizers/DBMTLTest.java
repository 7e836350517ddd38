package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.CombinerState;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;

class DBMTLTest {

    static final double[][] J = GoldenValuesTest.J;
    static final double[][] J2 = {{1, 0, 2}, {0, 3, -1}};

    /**
     * Worked by hand, β = 0.9, σ = 0 (β_t = 0.9), ε = 1e-8. Step 1, J = [[-4, 1, 1], [6, 1, 1]], L = (2, 0.5):
     * b = 0.1 gᵢ/(Lᵢ + ε) = [[-0.2, 0.05, 0.05], [1.2, 0.2, 0.2]] (to 1e-8), ‖b‖ = (0.05√18, 0.2√38) = (0.212132,
     * 1.232883), α = (5.811865, 1), d = α₁b₁ + b₂ = (0.037627, 0.490593, 0.490593), w = α · 0.1/L = (0.290593, 0.2).
     * Step 2, J₂ = [[1, 0, 2], [0, 3, -1]], L = (1, 4): b = 0.9 b + 0.1 gᵢ/Lᵢ = [[-0.08, 0.045, 0.245], [1.08,
     * 0.255, 0.155]], ‖b‖ = (0.261964, 1.121896), α = (4.282654, 1), d = (0.737388, 0.447719, 1.204250),
     * w = (0.428265, 0.025).
     */
    @Test
    void twoStepsWorkedByHand() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-6;
            DBMTL db = DBMTL.defaults();
            Combination first = db.combine(GramTestSupport.toGradients(J, type), TaskLosses.of(2, 0.5));
            assertArrayEquals(new double[] {0.03762699269811698, 0.4905932377699354, 0.4905932377699354},
                    GramTestSupport.toDoubles(first.direction()), tol);
            assertArrayEquals(new double[] {0.29059324339214954, 0.19999999437778587}, first.weights(), tol);
            Combination second = db.combine(GramTestSupport.toGradients(J2, type), TaskLosses.of(1, 4));
            assertArrayEquals(new double[] {0.7373876689712249, 0.44771941136401827, 1.204250152345411},
                    GramTestSupport.toDoubles(second.direction()), tol);
            assertArrayEquals(new double[] {0.4282653699194545, 0.02499999971437908}, second.weights(), tol);
        }
    }

    @Test
    void agreesWithAPlainReferenceOverSteps() {
        for (double[] config : new double[][] {{0.9, 0}, {0.5, 0.5}, {0, 0}}) {
            for (int k : new int[] {1, 2, 3, 5, 8}) {
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    DBMTL db = DBMTL.defaults().withBeta(config[0]).withBetaSigma(config[1]);
                    PlainReferences.DBMTL plain = new PlainReferences.DBMTL(config[0], config[1]);
                    for (int step = 0; step < 4; step++) {
                        double[][] j = GramTestSupport.conflictingMatrix(200 * k + step, k, 300);
                        double[] l = MoCoTest.losses(step, k);
                        double[] expected = plain.step(j, l);
                        double[] actual = GramTestSupport.toDoubles(
                                db.combine(GramTestSupport.toGradients(j, type), TaskLosses.of(l)).direction());
                        double err = GramTestSupport.relativeError(actual, expected);
                        assertTrue(err <= (type == DataType.DOUBLE ? 1e-12 : 1e-4),
                                "beta=" + config[0] + " K=" + k + " " + type + " step " + step + ": " + err);
                    }
                }
            }
        }
    }

    @Test
    void theReportedWeightsAreTheCoefficientsOfThisStepsGradients() {
        // d − Σ wᵢ gᵢ is the memory term β Σ αᵢ bᵢ⁽ᵗ⁻¹⁾: zero at the first step (b starts at 0) and for β = 0.
        double[][] j = GramTestSupport.conflictingMatrix(5, 4, 100);
        TaskLosses l = TaskLosses.of(0.5, 1, 2, 3);
        Combination c = DBMTL.defaults().combine(GramTestSupport.toGradients(j, DataType.DOUBLE), l);
        assertTrue(GramTestSupport.relativeError(GramTestSupport.toDoubles(c.direction()),
                GramTestSupport.combine(j, c.weights())) < 1e-12);
        DBMTL noMemory = DBMTL.defaults().withBeta(0);
        noMemory.combine(GramTestSupport.toGradients(GramTestSupport.conflictingMatrix(6, 4, 100), DataType.DOUBLE), l);
        c = noMemory.combine(GramTestSupport.toGradients(j, DataType.DOUBLE), l);
        assertTrue(GramTestSupport.relativeError(GramTestSupport.toDoubles(c.direction()),
                GramTestSupport.combine(j, c.weights())) < 1e-12);
        for (double w : c.weights()) {
            assertTrue(w != 1.0, "LibMTL reports ones; the weights here are the true coefficients");
        }
    }

    @Test
    void bIsAllocatedOnce() {
        DBMTL db = DBMTL.defaults();
        for (int s = 0; s < 5; s++) {
            db.combine(GramTestSupport.toGradients(GramTestSupport.randomMatrix(s, 3, 50), DataType.FLOAT),
                    TaskLosses.of(1, 2, 3));
        }
        assertEquals(1, db.allocations());
    }

    @Test
    void badInputs() {
        TaskGradients g = GramTestSupport.toGradients(GramTestSupport.randomMatrix(1, 3, 10), DataType.DOUBLE);
        DBMTL db = DBMTL.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.combine(g));
        assertTrue(e.getMessage().contains("losses are required by 'db-mtl'"), e.getMessage());
        for (double bad : new double[] {0.0, -1.0}) {
            e = assertThrows(IllegalArgumentException.class, () -> db.combine(g, TaskLosses.of(1, bad, 1)));
            assertTrue(e.getMessage().contains("logarithm") && e.getMessage().contains("task 1")
                    && e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TaskLosses.of(1, Double.NaN, 1), "NaN losses");
        e = assertThrows(IllegalArgumentException.class, () -> DBMTL.defaults().withBeta(1));
        assertTrue(e.getMessage().contains("beta must be in [0, 1), got 1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DBMTL.defaults().withBetaSigma(-0.5));
        CombinerState fresh = db.snapshot();
        double[][] nan = GramTestSupport.randomMatrix(2, 3, 10);
        nan[2][0] = Double.POSITIVE_INFINITY;
        e = assertThrows(IllegalArgumentException.class,
                () -> db.combine(GramTestSupport.toGradients(nan, DataType.DOUBLE), TaskLosses.of(1, 1, 1)));
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
        assertEquals(fresh, db.snapshot(), "a rejected step leaves the state as it was");
    }
}
