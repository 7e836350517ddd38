package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * PCGrad (projecting conflicting gradients): each task's gradient is projected, task after task, onto the normal
 * plane of every other task's gradient it conflicts with; the projected gradients are summed.
 * <pre>
 *   for each task i:   gᵢ' ← gᵢ
 *     for j in a random order of the tasks (j ≠ i unless self-projection):
 *       if ⟨gᵢ', gⱼ⟩ &lt; 0:   gᵢ' ← gᵢ' − ⟨gᵢ', gⱼ⟩ / (‖gⱼ‖² + ε) · gⱼ
 *   d = Σᵢ gᵢ'
 * </pre>
 * Each gᵢ' stays in the span of the gradients, gᵢ' = Σₖ cᵢₖ gₖ, so the whole procedure runs on the Gram matrix:
 * ⟨gᵢ', gⱼ⟩ = (G cᵢ)ⱼ. The weights are w = Σᵢ cᵢ, at O(K³) per step.
 *
 * <p>Yu, Kumar, Gupta, Levine, Hausman, Finn, "Gradient Surgery for Multi-Task Learning", NeurIPS 2020
 * (arXiv:2001.06782).
 *
 * <p>Options: {@code self_projection} (also project against gᵢ itself; default {@value #DEFAULT_SELF_PROJECTION}),
 * {@code epsilon} (ε added to ‖gⱼ‖²; default {@value #DEFAULT_EPSILON}), {@code order} ({@code random} or
 * {@code fixed}; default random), {@code seed} (default {@value #DEFAULT_SEED}).
 * <ul>
 *   <li>The defaults follow the paper (j ≠ i, exact projection) and equal TorchJD's {@code PCGrad}.</li>
 *   <li>LibMTL's {@code PCGrad}: {@code self_projection = true, epsilon = 1e-8}.</li>
 * </ul>
 * Both libraries shuffle with a global RNG; here the random order comes from {@code seed} and the step count, so
 * results repeat run to run but the random sequences are not those of Python or PyTorch; with {@code order = fixed}
 * the outputs match theirs whenever their shuffle happens to give index order (always for K = 2).
 *
 * <p>Thread safety: with {@code order = fixed} stateless, immutable and thread-safe. With {@code order = random}
 * the step counter is state: not thread-safe; {@link #snapshot()} / {@link #restore} carry the counter.
 *
 * @since 0.1.0
 */
public final class PCGrad implements GramWeighting {

    /** Registry name. */
    public static final String NAME = "pcgrad";
    /** The paper and TorchJD project only against the other tasks. */
    public static final boolean DEFAULT_SELF_PROJECTION = false;
    /** The paper and TorchJD project exactly; LibMTL adds 1e-8. */
    public static final double DEFAULT_EPSILON = 0.0;
    /** The paper shuffles the other tasks for every task and step. */
    public static final ProjectionOrder DEFAULT_ORDER = ProjectionOrder.RANDOM;
    /** Seed of the random order unless the caller sets one. */
    public static final long DEFAULT_SEED = 0L;

    private static final String STEP_KEY = "step";

    private final boolean selfProjection;
    private final double epsilon;
    private final ProjectionOrder order;
    private final long seed;
    private long step; // the only state: used by the random order

    private PCGrad(boolean selfProjection, double epsilon, ProjectionOrder order, long seed) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
        }
        this.selfProjection = selfProjection;
        this.epsilon = epsilon;
        this.order = Objects.requireNonNull(order, "order");
        this.seed = seed;
    }

    /** {@return the paper's PCGrad (= TorchJD's)} */
    public static PCGrad defaults() {
        return new PCGrad(DEFAULT_SELF_PROJECTION, DEFAULT_EPSILON, DEFAULT_ORDER, DEFAULT_SEED);
    }

    /** {@return LibMTL's PCGrad: self-projection and ε = 1e-8, random order} */
    public static PCGrad libMtl() {
        return defaults().withSelfProjection(true).withEpsilon(1e-8);
    }

    /**
     * The same method with another {@code selfProjection}.
     *
     * @param selfProjection whether each gradient is also projected against itself (LibMTL), not only against
     *                       the others
     * @return a new instance
     */
    public PCGrad withSelfProjection(boolean selfProjection) {
        return new PCGrad(selfProjection, epsilon, order, seed);
    }

    /**
     * The same method with another {@code epsilon}.
     *
     * @param epsilon added to ‖gⱼ‖² in every projection; finite, &ge; 0
     * @return a new instance
     */
    public PCGrad withEpsilon(double epsilon) {
        return new PCGrad(selfProjection, epsilon, order, seed);
    }

    /**
     * The same method with another {@code order}.
     *
     * @param order the order in which each task visits the others; not null
     * @return a new instance
     */
    public PCGrad withOrder(ProjectionOrder order) {
        if (order == null) {
            throw new IllegalArgumentException("order must not be null");
        }
        return new PCGrad(selfProjection, epsilon, order, seed);
    }

    /**
     * The same method with another {@code seed}.
     *
     * @param seed the seed of the random visiting order; any value
     * @return a new instance
     */
    public PCGrad withSeed(long seed) {
        return new PCGrad(selfProjection, epsilon, order, seed);
    }

    /** {@return whether each gradient is also projected against itself (LibMTL), not only against the others} */
    public boolean selfProjection() {
        return selfProjection;
    }

    /** {@return the term added to ‖gⱼ‖² in every projection} */
    public double epsilon() {
        return epsilon;
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
        int[][] orders = order.orders(seed, step, k);
        if (order == ProjectionOrder.RANDOM) {
            step++;
        }
        double[] weights = new double[k];
        double[] c = new double[k];
        for (int i = 0; i < k; i++) {
            Arrays.fill(c, 0.0);
            c[i] = 1;
            for (int j : orders[i]) {
                if (j == i && !selfProjection) {
                    continue;
                }
                double dot = 0; // ⟨gᵢ', gⱼ⟩ = Σₖ G_jk cₖ
                for (int m = 0; m < k; m++) {
                    dot += gramian.get(j, m) * c[m];
                }
                double squaredNorm = gramian.get(j, j) + epsilon;
                if (dot < 0 && squaredNorm > 0) {
                    c[j] -= dot / squaredNorm;
                }
            }
            for (int m = 0; m < k; m++) {
                weights[m] += c[m];
            }
        }
        return Weights.of(weights);
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
        return order == ProjectionOrder.RANDOM;
    }

    @Override
    public void reset() {
        step = 0;
    }

    @Override
    public CombinerState snapshot() {
        return isStateful() ? CombinerState.of(NAME, Map.of(STEP_KEY, new double[] {step}))
                : CombinerState.empty(NAME);
    }

    @Override
    public void restore(CombinerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        state.requireOwner(NAME);
        if (isStateful()) {
            double[] value = state.get(STEP_KEY);
            if (value.length != 1 || !(value[0] >= 0) || value[0] != Math.rint(value[0])) {
                throw new IllegalArgumentException("state value 'step' of " + NAME
                        + " must be one integer >= 0, got " + Arrays.toString(value));
            }
            step = (long) value[0];
        }
    }

    /** Same configuration, fresh state (step 0); stateless with {@code order = fixed}, then itself. */
    @Override
    public PCGrad copy() {
        return isStateful() ? new PCGrad(selfProjection, epsilon, order, seed) : this;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "PCGrad: project each gradient away from the gradients it conflicts with",
                Set.of("self_projection", "epsilon", "order", "seed"),
                o -> new GramCombiner(defaults()
                        .withSelfProjection(o.getBoolean("self_projection", DEFAULT_SELF_PROJECTION))
                        .withEpsilon(o.getDouble("epsilon", DEFAULT_EPSILON))
                        .withOrder(o.getEnum("order", ProjectionOrder.class, DEFAULT_ORDER))
                        .withSeed(o.getLong("seed", DEFAULT_SEED))));
    }

    /** Equal configuration (the step counter is state, not configuration). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PCGrad)) {
            return false;
        }
        PCGrad other = (PCGrad) o;
        return selfProjection == other.selfProjection && Double.compare(epsilon, other.epsilon) == 0
                && order == other.order && seed == other.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(selfProjection, epsilon, order, seed);
    }

    @Override
    public String toString() {
        return NAME + "(self_projection=" + selfProjection + ", epsilon=" + epsilon + ", order="
                + order.name().toLowerCase(java.util.Locale.ROOT) + ", seed=" + seed + ")";
    }
}
