package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.ColumnBlocks;
import org.mto4j.core.Combination;
import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ExcessMTL: weight tasks by how far they are from convergence, estimated as an excess risk from the gradient and
 * an AdaGrad diagonal curvature, and moved by exponentiated gradient.
 * <pre>
 *   hᵢ ← hᵢ + gᵢ ∘ gᵢ                                  AdaGrad accumulator, K x P, h = 0 before the first step
 *   eᵢ = Σ_p g_ip² / √(h_ip + ε)                        excess risk estimate (Taylor, diagonal Fisher), ε = 1e-7
 *   rᵢ = eᵢ / eᵢ⁽⁰⁾                                      scaled by task i's first non-zero estimate
 *   wᵢ ← S · wᵢ exp(η rᵢ) / Σⱼ wⱼ exp(η rⱼ)              from the second step on
 *   d  = Σᵢ wᵢ gᵢ                                       wᵢ = S / K before the first update
 * </pre>
 * The weights do not move at the first step, where the scales eᵢ⁽⁰⁾ are taken. d = Σ wᵢ gᵢ exactly: the reported
 * weights are the true ones.
 *
 * <p>He, Zhou, Zhang, Yun, Xu, Zeng, Chilimbi, Zhao, "Robust Multi-Task Learning with Excess Risks", ICML 2024
 * (arXiv:2402.02009).
 *
 * <p>Options: {@code convention} ({@code torchjd}: weights on the simplex, S = 1, as in the paper and TorchJD's
 * {@code ExcessMTL}; {@code libmtl}: S = K, as in LibMTL) and {@code robust_step_size} (η &gt; 0; by default
 * {@value #TORCHJD_STEP_SIZE} under {@code torchjd} and {@value #LIBMTL_STEP_SIZE} under {@code libmtl}, each
 * library's default). Since the update is multiplicative and normalised, the two conventions differ by the factor K
 * and the default step size only. LibMTL's {@code ExcessMTL} is {@code convention = libmtl}; agreement is tested on
 * its recorded outputs. TorchJD's {@code n_warmup_steps} (averaging the scale over a warm-up) is not offered (its
 * default, 0, is what this class does).
 *
 * <p>Departure from LibMTL: a task whose first estimate is 0 (a zero gradient at the first step) makes LibMTL divide
 * 0 by 0 and return NaN weights from then on. Here its scale is its first non-zero estimate, and rᵢ = 0 until there
 * is one. The exponentials are normalised in log space, so a large rᵢ cannot overflow.
 *
 * <p>Cost per step: one pass over J and the accumulator ({@link ColumnBlocks#update}: accumulate, estimate), then
 * the direction pass over J. Memory: the accumulator and one scratch array, each K x P in J's data type, allocated
 * at the first step and swapped every step. A FLOAT accumulator that overflows (|g| beyond about 10¹⁹) is a clear
 * error, and the state is left as it was.
 *
 * <p>Thread safety: stateful (accumulator, weights, scales, step counter), not thread-safe; {@link #copy()} gives
 * the same configuration with fresh state.
 *
 * @since 0.1.0
 */
public final class ExcessMTL extends FullJacobianCombiner {

    /** Registry name. */
    public static final String NAME = "excess-mtl";
    /** Step size η under the torchjd convention (TorchJD's default). */
    public static final double TORCHJD_STEP_SIZE = 1.0;
    /** Step size η under the libmtl convention (LibMTL's default). */
    public static final double LIBMTL_STEP_SIZE = 1e-2;
    /** Added to the accumulator under the square root, as in both libraries. */
    public static final double EPSILON = 1e-7;
    /** The paper's and TorchJD's normalisation. */
    public static final Convention DEFAULT_CONVENTION = Convention.TORCHJD;

    /** The sum of the weights and the default step size. */
    public enum Convention {
        /** Weights sum to 1; step size {@value ExcessMTL#TORCHJD_STEP_SIZE} (the paper, TorchJD). */
        TORCHJD(ExcessMTL.TORCHJD_STEP_SIZE),
        /** Weights sum to K; step size {@value ExcessMTL#LIBMTL_STEP_SIZE} (LibMTL). */
        LIBMTL(ExcessMTL.LIBMTL_STEP_SIZE);

        private final double defaultStepSize;

        Convention(double defaultStepSize) {
            this.defaultStepSize = defaultStepSize;
        }

        /**
         * The library's default step size.
         *
         * @return η
         */
        public double defaultStepSize() {
            return defaultStepSize;
        }
    }

    private static final String STEP = "step";
    private static final String WEIGHTS = "weights";
    private static final String SCALES = "scales";

    private final double robustStepSize;
    private final Convention convention;

    private long step;
    private double[] weights; // null before the first step
    private double[] scales; // eᵢ⁽⁰⁾, 0 while unknown; null before the first step
    private final StateBuffer accumulator = new StateBuffer(NAME, "h");
    private final StateBuffer scratch = new StateBuffer(NAME, "scratch");

    private ExcessMTL(double robustStepSize, Convention convention) {
        if (!(robustStepSize > 0) || Double.isInfinite(robustStepSize)) {
            throw new IllegalArgumentException("robust_step_size must be finite and > 0, got " + robustStepSize);
        }
        if (convention == null) {
            throw new IllegalArgumentException("convention must not be null");
        }
        this.robustStepSize = robustStepSize;
        this.convention = convention;
    }

    /**
     * The paper's and TorchJD's ExcessMTL: weights sum to 1, η = {@value #TORCHJD_STEP_SIZE}.
     *
     * @return the combiner, with fresh state
     */
    public static ExcessMTL defaults() {
        return of(DEFAULT_CONVENTION);
    }

    /**
     * ExcessMTL in a library's convention, with that library's default step size.
     *
     * @param convention torchjd or libmtl
     * @return the combiner, with fresh state
     */
    public static ExcessMTL of(Convention convention) {
        if (convention == null) {
            throw new IllegalArgumentException("convention must not be null");
        }
        return new ExcessMTL(convention.defaultStepSize(), convention);
    }

    /**
     * @param robustStepSize η &gt; 0, the step size of the exponentiated-gradient update
     * @return a new combiner with fresh state
     */
    public ExcessMTL withRobustStepSize(double robustStepSize) {
        return new ExcessMTL(robustStepSize, convention);
    }

    /**
     * The weights after the last step.
     *
     * @return a copy of the K weights; empty before the first step
     */
    public double[] weights() {
        return StateValues.orEmpty(weights);
    }

    @Override
    Combination step(TaskGradients gradients, TaskLosses losses, INDArray out) {
        int k = gradients.numTasks();
        StateValues.requireTasks(NAME, weights, k);
        INDArray h = accumulator.forGradients(gradients);
        INDArray next = scratch.forGradients(gradients);
        // h' = h + g∘g goes into the scratch array: a step that fails (NaN in J, a FLOAT overflow) leaves h as it was.
        List<Excess> workers = ColumnBlocks.update(gradients, h, next, () -> new Excess(k));
        accumulator.swap(scratch);
        double[] excess = new double[k];
        for (Excess w : workers) {
            for (int i = 0; i < k; i++) {
                excess[i] += w.excess(i);
            }
        }
        double total = convention == Convention.LIBMTL ? k : 1.0;
        double[] w;
        double[] s;
        if (weights == null) {
            w = new double[k];
            Arrays.fill(w, total / k);
            s = new double[k];
        } else {
            w = weights.clone();
            s = scales.clone();
        }
        double[] ratio = new double[k];
        for (int i = 0; i < k; i++) {
            if (s[i] == 0 && excess[i] > 0) {
                s[i] = excess[i];
            }
            ratio[i] = s[i] > 0 ? excess[i] / s[i] : 0.0;
        }
        if (step > 0) {
            w = exponentiatedStep(w, ratio, robustStepSize, total);
        }
        gradients.weightedSumInto(w, out);
        weights = w;
        scales = s;
        step++;
        return new Combination(out, Weights.of(w), null);
    }

    /** total · wᵢ exp(η rᵢ) / Σⱼ wⱼ exp(η rⱼ), normalised in log space. */
    static double[] exponentiatedStep(double[] w, double[] ratio, double eta, double total) {
        int k = w.length;
        double[] a = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            a[i] = Math.log(w[i]) + eta * ratio[i];
            max = Math.max(max, a[i]);
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            a[i] = Math.exp(a[i] - max);
            sum += a[i];
        }
        for (int i = 0; i < k; i++) {
            a[i] = total * a[i] / sum;
        }
        return a;
    }

    /**
     * h' = h + g∘g over a block, and per task the lanes of eᵢ = Σ g² / √(h' + ε); in float for FLOAT arrays, the
     * float lanes folded into double every {@link GradDrop#BLOCKS_PER_FOLD} blocks.
     */
    private static final class Excess implements ColumnBlocks.FloatStateWorker {
        final double[][] lanes;
        private float[][] floatLanes;
        private int floatBlocks;

        Excess(int k) {
            lanes = new double[k][ColumnBlocks.BLOCK];
        }

        @Override
        public void block(long firstColumn, int length, double[][] rows, double[][] state) {
            for (int i = 0; i < rows.length; i++) {
                double[] g = rows[i];
                double[] h = state[i];
                for (int v = 0; v < length; v++) {
                    h[v] += g[v] * g[v];
                }
                double[] e = lanes[i];
                for (int v = 0; v < length; v++) {
                    e[v] += g[v] * g[v] / Math.sqrt(h[v] + EPSILON);
                }
            }
        }

        @Override
        public void block(long firstColumn, int length, float[][] rows, float[][] state) {
            if (floatLanes == null) {
                floatLanes = new float[rows.length][ColumnBlocks.BLOCK];
            }
            if (++floatBlocks % GradDrop.BLOCKS_PER_FOLD == 0) {
                fold();
            }
            float epsilon = (float) EPSILON;
            for (int i = 0; i < rows.length; i++) {
                float[] g = rows[i];
                float[] h = state[i];
                for (int v = 0; v < length; v++) {
                    h[v] += g[v] * g[v];
                }
                float[] e = floatLanes[i];
                for (int v = 0; v < length; v++) {
                    e[v] += g[v] * g[v] / (float) Math.sqrt(h[v] + epsilon);
                }
            }
        }

        private void fold() {
            for (int i = 0; i < floatLanes.length; i++) {
                for (int v = 0; v < ColumnBlocks.BLOCK; v++) {
                    lanes[i][v] += floatLanes[i][v];
                }
                java.util.Arrays.fill(floatLanes[i], 0f);
            }
        }

        /** eᵢ: the sum of task i's lanes. */
        double excess(int i) {
            if (floatLanes != null) {
                fold();
            }
            return Lanes.sum(lanes[i]);
        }
    }

    /** Test hook: arrays allocated for the accumulator and the scratch so far. */
    int allocations() {
        return accumulator.allocations() + scratch.allocations();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isStateful() {
        return true;
    }

    /** Forgets the accumulator, weights, scales and step count; the arrays are allocated again at the next step. */
    @Override
    public void reset() {
        step = 0;
        weights = null;
        scales = null;
        accumulator.reset();
        scratch.reset();
    }

    /**
     * The step counter, weights, scales eᵢ⁽⁰⁾ and the accumulator h (K x P, in double, with its shape).
     *
     * @return the state after the last step
     */
    @Override
    public CombinerState snapshot() {
        Map<String, double[]> values = new HashMap<>();
        values.put(STEP, new double[] {step});
        values.put(WEIGHTS, StateValues.orEmpty(weights));
        values.put(SCALES, StateValues.orEmpty(scales));
        accumulator.snapshotInto(values);
        return CombinerState.of(NAME, values);
    }

    @Override
    public void restore(CombinerState state) {
        StateValues.owned(state, NAME);
        long restoredStep = StateValues.counter(state, STEP);
        double[] restoredWeights = StateValues.vectorOrNull(state, WEIGHTS, -1);
        double[] restoredScales = StateValues.vectorOrNull(state, SCALES, -1);
        if ((restoredWeights == null) != (restoredScales == null)
                || restoredWeights != null && restoredWeights.length != restoredScales.length) {
            throw new IllegalArgumentException("state values 'weights' and 'scales' of " + NAME
                    + " must both hold K values or both be empty");
        }
        accumulator.restoreFrom(state);
        scratch.reset();
        step = restoredStep;
        weights = restoredWeights;
        scales = restoredScales;
    }

    /**
     * Same configuration, fresh state.
     *
     * @return the copy
     */
    @Override
    public ExcessMTL copy() {
        return new ExcessMTL(robustStepSize, convention);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "ExcessMTL: exponentiated-gradient weights from excess risk estimates",
                Set.of("robust_step_size", "convention"), o -> {
                    Convention convention = o.getEnum("convention", Convention.class, DEFAULT_CONVENTION);
                    return new ExcessMTL(o.getDouble("robust_step_size", convention.defaultStepSize()), convention);
                });
    }

    /** Equal step size and convention (the rest is state and is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ExcessMTL && Double.compare(robustStepSize, ((ExcessMTL) o).robustStepSize) == 0
                && convention == ((ExcessMTL) o).convention;
    }

    @Override
    public int hashCode() {
        return Objects.hash(robustStepSize, convention);
    }

    @Override
    public String toString() {
        return NAME + "(robust_step_size=" + robustStepSize + ", convention="
                + convention.name().toLowerCase(Locale.ROOT) + ")";
    }
}
