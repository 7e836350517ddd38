package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Diagnostics;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Gradient Vaccine: like PCGrad, but instead of only removing conflicts it raises the cosine between task gradients
 * to a target φ̂ᵢⱼ, an exponential moving average of the cosines seen so far.
 * <pre>
 *   for each task i:   gᵢ' ← gᵢ
 *     for j ≠ i in a random order:
 *       φᵢⱼ = ⟨gᵢ', gⱼ⟩ / (‖gᵢ'‖ ‖gⱼ‖ + ε)
 *       if φᵢⱼ &lt; φ̂ᵢⱼ:   gᵢ' ← gᵢ' + ‖gᵢ'‖ (φ̂ᵢⱼ √(1 − φᵢⱼ²) − φᵢⱼ √(1 − φ̂ᵢⱼ²)) / (‖gⱼ‖ √(1 − φ̂ᵢⱼ²) + ε) · gⱼ
 *       φ̂ᵢⱼ ← (1 − β) φ̂ᵢⱼ + β φᵢⱼ
 *   d = Σᵢ gᵢ',   φ̂ = 0 before the first step
 * </pre>
 * With φ̂ = 0 the correction is PCGrad's projection, so the first step equals {@link PCGrad} without
 * self-projection (up to ε). As with PCGrad, gᵢ' = Σₖ cᵢₖ gₖ and the procedure runs on the Gram matrix:
 * ⟨gᵢ', gⱼ⟩ = (G cᵢ)ⱼ, ‖gᵢ'‖² = cᵢᵀ G cᵢ; O(K³) per step. A pair with a zero gradient gets no correction (its
 * angle is undefined and a multiple of a zero vector changes nothing); its cosine counts as 0.
 *
 * <p><b>Cancellation.</b> A corrected gradient can be tiny against the rows it was corrected with; then cᵢᵀGcᵢ sums
 * terms of (Σₘ |cₘ| ‖gₘ‖)² to a small result and plain double loses its digits (cosines beyond ±1). Below
 * 2⁻²⁰ of those terms, G cᵢ and cᵢᵀGcᵢ are recomputed as if in twice the precision ({@link AccurateDot}), and
 * cosines are clamped to [−1, 1]. Where the result falls below the rounding G itself carries (about K ε of the
 * terms, ε of the gradients' type), G does not determine gᵢ' (LibMTL, working on the vectors, still does): the
 * diagnostics then say {@code converged = false}, with the ratio of that rounding to ‖gᵢ'‖² as residual.
 *
 * <p>Wang, Tsvetkov, Firat, Cao, "Gradient Vaccine: Investigating and Improving Multi-task Optimization in Massively
 * Multilingual Models", ICLR 2021 (arXiv:2010.05874).
 *
 * <p>Options: {@code beta} (β, in [0, 1]; default {@value #DEFAULT_BETA}), {@code epsilon} (ε; default
 * {@value #DEFAULT_EPSILON}), {@code ema_update} ({@code always}: every visited pair, as in the paper's algorithm
 * and LibMTL; {@code on_correction}: only pairs that were corrected), {@code order} ({@code random} or
 * {@code fixed}; default random), {@code seed} (default {@value #DEFAULT_SEED}).
 * <ul>
 *   <li>LibMTL's {@code GradVac(GradVac_beta=β)} (whole-model grouping, group_type 0): the defaults with that β.
 *   </li>
 * </ul>
 * TorchJD has no GradVac. LibMTL shuffles with Python's global RNG; here the order comes from {@code seed} and the
 * step count ({@code order = fixed} reproduces LibMTL whenever its shuffle gives index order).
 *
 * <p>Thread safety: stateful (the targets φ̂, K x K, and the step counter); not thread-safe. The targets are
 * sized at the first step; a Gram matrix of another size afterwards is rejected until {@link #reset()}.
 *
 * @since 0.1.0
 */
public final class GradVac implements GramWeighting {

    /** Registry name. */
    public static final String NAME = "gradvac";
    /** EMA rate of the target cosines, as in LibMTL. */
    public static final double DEFAULT_BETA = 0.5;
    /** Added to the denominators, as in LibMTL. */
    public static final double DEFAULT_EPSILON = 1e-8;
    /** The paper and LibMTL update the target of every visited pair. */
    public static final EmaUpdate DEFAULT_EMA_UPDATE = EmaUpdate.ALWAYS;
    /** The paper shuffles the other tasks for every task and step. */
    public static final ProjectionOrder DEFAULT_ORDER = ProjectionOrder.RANDOM;
    /** Seed of the random order unless the caller sets one. */
    public static final long DEFAULT_SEED = 0L;

    /** Which pairs' target cosines move after they are visited. */
    public enum EmaUpdate {
        /** Every visited pair (the paper's Algorithm 1, LibMTL). */
        ALWAYS,
        /** Only pairs whose gradient was corrected. */
        ON_CORRECTION
    }

    /** Solver name in the diagnostics. */
    public static final String SOLVER = "sequential-corrections";
    /** cᵀGc below this fraction of (Σₘ |cₘ| ‖gₘ‖)² is recomputed with {@link AccurateDot}. */
    static final double CANCELLATION = 0x1p-20;
    /** ‖gᵢ'‖² at or below this times K ε (Σₘ |cₘ| ‖gₘ‖)² is not determined by G: the diagnostics say so. */
    static final double RESOLUTION_FACTOR = 4;

    private static final String STEP_KEY = "step";
    private static final String TARGETS_KEY = "targets";

    private final double beta;
    private final double epsilon;
    private final EmaUpdate emaUpdate;
    private final ProjectionOrder order;
    private final long seed;

    private long step;
    private double[][] targets; // φ̂, null before the first step

    private GradVac(double beta, double epsilon, EmaUpdate emaUpdate, ProjectionOrder order, long seed) {
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
        }
        if (emaUpdate == null) {
            throw new IllegalArgumentException("ema_update must not be null");
        }
        if (order == null) {
            throw new IllegalArgumentException("order must not be null");
        }
        this.beta = beta;
        this.epsilon = epsilon;
        this.emaUpdate = emaUpdate;
        this.order = order;
        this.seed = seed;
    }

    /** {@return the paper's GradVac with LibMTL's β and ε} */
    public static GradVac defaults() {
        return new GradVac(DEFAULT_BETA, DEFAULT_EPSILON, DEFAULT_EMA_UPDATE, DEFAULT_ORDER, DEFAULT_SEED);
    }

    /** {@return LibMTL's GradVac (β 0.5, ε 1e-8, every visited pair's target moves): the defaults} */
    public static GradVac libMtl() {
        return defaults();
    }

    /**
     * The same method with another {@code beta}.
     *
     * @param beta EMA rate in [0, 1]; 0 keeps the targets at 0 (then every step is PCGrad's)
     * @return a new instance
     */
    public GradVac withBeta(double beta) {
        return new GradVac(beta, epsilon, emaUpdate, order, seed);
    }

    /**
     * The same method with another {@code epsilon}.
     *
     * @param epsilon added to the denominators; finite, &ge; 0
     * @return a new instance
     */
    public GradVac withEpsilon(double epsilon) {
        return new GradVac(beta, epsilon, emaUpdate, order, seed);
    }

    /**
     * The same method with another {@code emaUpdate}.
     *
     * @param emaUpdate which pairs' target cosines move after they are visited; not null
     * @return a new instance
     */
    public GradVac withEmaUpdate(EmaUpdate emaUpdate) {
        return new GradVac(beta, epsilon, emaUpdate, order, seed);
    }

    /**
     * The same method with another {@code order}.
     *
     * @param order the order in which each task visits the others; not null
     * @return a new instance
     */
    public GradVac withOrder(ProjectionOrder order) {
        return new GradVac(beta, epsilon, emaUpdate, order, seed);
    }

    /**
     * The same method with another {@code seed}.
     *
     * @param seed the seed of the random visiting order; any value
     * @return a new instance
     */
    public GradVac withSeed(long seed) {
        return new GradVac(beta, epsilon, emaUpdate, order, seed);
    }

    /** {@return the EMA rate of the target cosines} */
    public double beta() {
        return beta;
    }

    /** {@return the term added to the denominators} */
    public double epsilon() {
        return epsilon;
    }

    /** {@return which pairs' target cosines move after they are visited} */
    public EmaUpdate emaUpdate() {
        return emaUpdate;
    }

    /** {@return the order in which each task visits the others} */
    public ProjectionOrder order() {
        return order;
    }

    /** {@return the seed of the random visiting order} */
    public long seed() {
        return seed;
    }

    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        if (targets == null) {
            targets = new double[k][k];
        } else if (targets.length != k) {
            throw new IllegalArgumentException("GradVac holds target cosines for K = " + targets.length
                    + " tasks but got a Gram matrix of K = " + k + "; call reset() when the tasks change");
        }
        int[][] orders = order.orders(seed, step, k);
        step++;
        double[][] g = gramian.toArray();
        double[] norms = new double[k];
        for (int m = 0; m < k; m++) {
            norms[m] = gramian.norm(m);
        }
        double resolution = RESOLUTION_FACTOR * k * gramian.machineEpsilon();
        boolean resolved = true;
        double worst = 0;
        double[] weights = new double[k];
        double[] c = new double[k];
        double[] gc = new double[k]; // G c: the inner products of gᵢ' with every gradient
        for (int i = 0; i < k; i++) {
            Arrays.fill(c, 0.0);
            c[i] = 1;
            for (int m = 0; m < k; m++) {
                gc[m] = g[m][i];
            }
            for (int j : orders[i]) {
                if (j == i) {
                    continue;
                }
                double squaredNorm = dot(c, gc);
                // ‖gᵢ'‖² = cᵀGc cancels when gᵢ' is tiny against the rows it was corrected with: its terms are of
                // the order of bound² = (Σₘ |cₘ| ‖gₘ‖)². Then recompute Gc and cᵀGc accurately.
                double bound = 0;
                for (int m = 0; m < k; m++) {
                    bound += Math.abs(c[m]) * norms[m];
                }
                if (squaredNorm < CANCELLATION * bound * bound) {
                    for (int m = 0; m < k; m++) {
                        gc[m] = AccurateDot.dot(g[m], c, k);
                    }
                    squaredNorm = AccurateDot.dot(c, gc, k);
                    // G itself carries rounding of about K ε ‖gₐ‖‖g_b‖ per entry: below that, ‖gᵢ'‖ is not known.
                    double uncertainty = resolution * bound * bound;
                    worst = Math.max(worst, uncertainty / Math.max(squaredNorm, Double.MIN_NORMAL));
                    resolved &= squaredNorm > uncertainty;
                }
                double normI = Math.sqrt(Math.max(0.0, squaredNorm));
                double normJ = norms[j];
                double denominator = normI * normJ + epsilon;
                // A cosine beyond ±1 is rounding: clamp it.
                double phi = denominator == 0 ? 0.0 : Math.max(-1, Math.min(1, gc[j] / denominator));
                double target = targets[i][j];
                boolean corrected = false;
                double root = Math.sqrt(Math.max(0.0, 1 - target * target));
                // normJ * root = 0: gⱼ is zero (nothing to add) or the target cosine is ±1 (no finite correction).
                if (phi < target && normJ * root + epsilon > 0 && normJ > 0) {
                    double w = normI * (target * Math.sqrt(Math.max(0.0, 1 - phi * phi)) - phi * root)
                            / (normJ * root + epsilon);
                    c[j] += w;
                    for (int m = 0; m < k; m++) {
                        gc[m] += w * g[m][j];
                    }
                    corrected = true;
                }
                if (emaUpdate == EmaUpdate.ALWAYS || corrected) {
                    targets[i][j] = (1 - beta) * target + beta * phi;
                }
            }
            for (int m = 0; m < k; m++) {
                weights[m] += c[m];
            }
        }
        return new Weights(weights, new Diagnostics(SOLVER, resolved, 0, worst));
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int m = 0; m < x.length; m++) {
            s += x[m] * y[m];
        }
        return s;
    }

    /** The weights depend on G only through ratios of its entries. */
    @Override
    public boolean isScaleInvariant() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isStateful() {
        return true;
    }

    @Override
    public void reset() {
        step = 0;
        targets = null;
    }

    /** {@return the step counter and the K x K target cosines, row-major (empty before the first step)} */
    @Override
    public CombinerState snapshot() {
        double[] flat = targets == null ? new double[0] : new double[targets.length * targets.length];
        for (int i = 0; targets != null && i < targets.length; i++) {
            System.arraycopy(targets[i], 0, flat, i * targets.length, targets.length);
        }
        return CombinerState.of(NAME, Map.of(STEP_KEY, new double[] {step}, TARGETS_KEY, flat));
    }

    @Override
    public void restore(CombinerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        state.requireOwner(NAME);
        double[] stepValue = state.get(STEP_KEY);
        double[] flat = state.get(TARGETS_KEY);
        if (stepValue.length != 1 || !(stepValue[0] >= 0) || stepValue[0] != Math.rint(stepValue[0])) {
            throw new IllegalArgumentException("state value 'step' of " + NAME + " must be one integer >= 0, got "
                    + Arrays.toString(stepValue));
        }
        int k = (int) Math.round(Math.sqrt(flat.length));
        if (k * k != flat.length) {
            throw new IllegalArgumentException("state value 'targets' of " + NAME
                    + " must hold K x K values, got " + flat.length);
        }
        double[][] restored = k == 0 ? null : new double[k][k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(flat, i * k, restored[i], 0, k);
        }
        step = (long) stepValue[0];
        targets = restored;
    }

    /** {@return same configuration, fresh state (no targets, step 0); continuing a run is snapshot / restore} */
    @Override
    public GradVac copy() {
        return new GradVac(beta, epsilon, emaUpdate, order, seed);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "GradVac: raise pairwise gradient cosines to a moving-average target",
                Set.of("beta", "epsilon", "ema_update", "order", "seed"),
                o -> new GramCombiner(defaults()
                        .withBeta(o.getDouble("beta", DEFAULT_BETA))
                        .withEpsilon(o.getDouble("epsilon", DEFAULT_EPSILON))
                        .withEmaUpdate(o.getEnum("ema_update", EmaUpdate.class, DEFAULT_EMA_UPDATE))
                        .withOrder(o.getEnum("order", ProjectionOrder.class, DEFAULT_ORDER))
                        .withSeed(o.getLong("seed", DEFAULT_SEED))));
    }

    /** Equal configuration (targets and step counter are state, not configuration). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GradVac)) {
            return false;
        }
        GradVac other = (GradVac) o;
        return Double.compare(beta, other.beta) == 0 && Double.compare(epsilon, other.epsilon) == 0
                && emaUpdate == other.emaUpdate && order == other.order && seed == other.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(beta, epsilon, emaUpdate, order, seed);
    }

    @Override
    public String toString() {
        return NAME + "(beta=" + beta + ", epsilon=" + epsilon + ", ema_update="
                + emaUpdate.name().toLowerCase(Locale.ROOT) + ", order=" + order.name().toLowerCase(Locale.ROOT)
                + ", seed=" + seed + ")";
    }
}
