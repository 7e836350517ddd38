package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.function.Executable;
import org.mto4j.core.Combination;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Helpers for the tests of the loss-based methods: a side-by-side run of a combiner and a plain double[]
 * reference of the method, numerical derivatives, and error-message checks.
 */
final class LossMethodTestSupport {

    /** DOUBLE directions against the reference: only rounding differs. */
    static final double DOUBLE_TOLERANCE = 1e-10;
    /** FLOAT directions against the double reference. */
    static final double FLOAT_TOLERANCE = 1e-5;

    private LossMethodTestSupport() {
    }

    /** A plain, stateful double[] implementation of a method, stepped alongside the combiner. */
    interface Reference {
        /** The weights of the next step (advances the reference's state). */
        double[] weights(double[] losses, double[][] jacobian);

        /** An epoch ended with these mean losses. */
        default void endEpoch(double[] meanLosses) {
        }

        /** Called after each step (FAMO's explicit update); nothing by default. */
        default void afterStep(int step, double[] losses) {
        }
    }

    /**
     * Runs {@code steps} steps of a fresh combiner and of a fresh reference on the same conflicting J (K x 40) and
     * losses, in DOUBLE and in FLOAT, with an epoch every {@code stepsPerEpoch} steps (0: none); every direction must
     * equal Σ wᵢgᵢ with the reference's weights, and the DOUBLE weights must equal them.
     *
     * @param afterStep what the test does after each step to both (e.g. FAMO's update), or null
     */
    static void assertMatchesReference(Supplier<GradientCombiner> combiner, Supplier<Reference> reference, int k,
            int steps, int stepsPerEpoch, IntFunction<double[]> losses, StepHook afterStep) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            GradientCombiner c = combiner.get();
            Reference ref = reference.get();
            double[] epochSum = new double[k];
            for (int s = 0; s < steps; s++) {
                double[][] j = GramTestSupport.conflictingMatrix(7000 + s, k, 40);
                if (type == DataType.FLOAT) {
                    j = roundedToFloat(j);
                }
                double[] l = losses.apply(s);
                double[] w = ref.weights(l.clone(), j);
                Combination out = c.combine(GramTestSupport.toGradients(j, type), TaskLosses.of(l));
                double[] expected = GramTestSupport.combine(j, w);
                double err = GramTestSupport.relativeError(GramTestSupport.toDoubles(out.direction()), expected);
                double tolerance = type == DataType.DOUBLE ? DOUBLE_TOLERANCE : FLOAT_TOLERANCE;
                assertTrue(err <= tolerance, type + " step " + s + ": direction differs from the reference by " + err);
                assertArrayEquals(w, out.weights(), tolerance * (1 + maxAbs(w)), type + " step " + s + ": weights");
                if (afterStep != null) {
                    afterStep.after(s, c, ref);
                }
                for (int i = 0; i < k; i++) {
                    epochSum[i] += l[i];
                }
                if (stepsPerEpoch > 0 && (s + 1) % stepsPerEpoch == 0) {
                    double[] mean = new double[k];
                    for (int i = 0; i < k; i++) {
                        mean[i] = epochSum[i] / stepsPerEpoch;
                    }
                    c.endEpoch(TaskLosses.of(mean));
                    ref.endEpoch(mean);
                    epochSum = new double[k];
                }
            }
        }
    }

    /** What a test does to the combiner and the reference after step {@code step}. */
    interface StepHook {
        void after(int step, GradientCombiner combiner, Reference reference);
    }

    /** Textbook Adam (Kingma &amp; Ba, Algorithm 1) with PyTorch's coupled weight decay, for the references. */
    static final class NaiveAdam {
        private final double lr;
        private final double decay;
        private double[] m;
        private double[] v;
        private int t;

        NaiveAdam(double lr, double decay) {
            this.lr = lr;
            this.decay = decay;
        }

        void step(double[] theta, double[] gradient) {
            if (m == null) {
                m = new double[theta.length];
                v = new double[theta.length];
            }
            t++;
            for (int i = 0; i < theta.length; i++) {
                double g = gradient[i] + decay * theta[i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.999, t));
                theta[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
            }
        }
    }

    /** Positive losses that fall at different rates, with some noise. */
    static double[] fallingLosses(int step, int k) {
        double[] l = new double[k];
        for (int i = 0; i < k; i++) {
            l[i] = 0.2 + (1.0 + 0.7 * i) * Math.exp(-0.05 * step * (1 + 0.5 * i)) + 0.1 * Math.abs(Math.sin(3 * step + i));
        }
        return l;
    }

    static double[][] roundedToFloat(double[][] j) {
        double[][] r = new double[j.length][];
        for (int i = 0; i < j.length; i++) {
            r[i] = new double[j[i].length];
            for (int c = 0; c < j[i].length; c++) {
                r[i][c] = (float) j[i][c];
            }
        }
        return r;
    }

    static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** The central-difference gradient of f at x, with steps relative to each |xᵢ|. */
    static double[] numericalGradient(ToDoubleFunction<double[]> f, double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double h = 1e-6 * Math.max(1.0, Math.abs(x[i]));
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[i] += h;
            minus[i] -= h;
            g[i] = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
        }
        return g;
    }

    /** Asserts an IllegalArgumentException whose message contains every fragment. */
    static IllegalArgumentException assertIllegalArgument(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message should contain '" + fragment + "': "
                    + e.getMessage());
        }
        return e;
    }

    /** Asserts an IllegalStateException whose message contains every fragment. */
    static IllegalStateException assertIllegalState(Executable call, String... fragments) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message should contain '" + fragment + "': "
                    + e.getMessage());
        }
        return e;
    }
}
