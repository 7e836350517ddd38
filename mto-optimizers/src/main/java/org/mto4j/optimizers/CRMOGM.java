package org.mto4j.optimizers;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * CR-MOGM, correlation-reduced multi-objective gradient manipulation: run any Gram weighting (MGDA, PCGrad, CAGrad,
 * ...) and smooth the weights it produces by an exponential moving average across steps.
 * <pre>
 *   λ̂_t = base(G_t, losses_t)                     the wrapped method's weights
 *   λ_t = α λ_{t−1} + (1 − α) λ̂_t,   λ_1 = λ̂_1
 *   d   = Σᵢ λ_t,i gᵢ
 * </pre>
 * Weights computed from one mini-batch's gradients are correlated with that batch's noise, which biases stochastic
 * MOGM methods and can stop them from converging; averaging the weights over steps removes the correlation.
 *
 * <p>Zhou, Zhang, Jiang, Zhong, Gu, Zhu, "On the Convergence of Stochastic Multi-Objective Gradient Manipulation and
 * Beyond", NeurIPS 2022.
 *
 * <p>Options: {@code base} (the registry name of a Gram method, built with its defaults; default
 * {@value #DEFAULT_BASE}) and {@code alpha} (α ∈ [0, 1), the weight of the past; default {@value #DEFAULT_ALPHA}).
 * The parametrisation, the default α and the first step follow TorchJD's {@code CRMOGMWeighting} (a release later
 * than the one recorded in the reference vectors; LibMTL has no CR-MOGM). For a configured base, use
 * {@link #wrapping(GramWeighting)} in Java.
 *
 * <p>d = Σ λᵢ gᵢ exactly: the reported weights are the true ones. The diagnostics are the base's of this step.
 *
 * <p>Thread safety: stateful (the previous weights, and the base's state), not thread-safe; {@link #copy()} gives
 * the same configuration with fresh state.
 *
 * @since 0.1.0
 */
public final class CRMOGM implements GramWeighting {

    /** Registry name. */
    public static final String NAME = "cr-mogm";
    /** The wrapped method unless the user names one: MGDA, the paper's first example. */
    public static final String DEFAULT_BASE = "mgda";
    /** Weight of the past in the moving average (TorchJD's default). */
    public static final double DEFAULT_ALPHA = 0.9;

    private static final String PREVIOUS = "previous";
    private static final String BASE_PREFIX = "base.";

    private final GramWeighting base;
    private final double alpha;
    private double[] previous; // λ_{t-1}, null before the first step

    private CRMOGM(GramWeighting base, double alpha) {
        if (base == null) {
            throw new IllegalArgumentException("base must not be null");
        }
        if (base instanceof CRMOGM) {
            throw new IllegalArgumentException("base must not be " + NAME + " itself");
        }
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1), got " + alpha);
        }
        this.base = base;
        this.alpha = alpha;
    }

    /**
     * CR-MOGM around a Gram weighting, with α = {@value #DEFAULT_ALPHA}.
     *
     * @param base the method whose weights are smoothed; its state becomes part of this method's state
     * @return the weighting, with fresh state
     */
    public static CRMOGM wrapping(GramWeighting base) {
        return new CRMOGM(base, DEFAULT_ALPHA);
    }

    /**
     * @param alpha α ∈ [0, 1), the weight of the past; 0 gives the base method itself
     * @return a new weighting around a fresh copy of the base
     */
    public CRMOGM withAlpha(double alpha) {
        return new CRMOGM(freshBase(), alpha);
    }

    /**
     * The wrapped method.
     *
     * @return the base weighting (shared, not a copy)
     */
    public GramWeighting base() {
        return base;
    }

    /**
     * α.
     *
     * @return the weight of the past
     */
    public double alpha() {
        return alpha;
    }

    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        StateValues.requireTasks(NAME, previous, k);
        Weights fresh = base.weigh(gramian, losses);
        double[] lambda = fresh.values();
        if (previous != null) {
            for (int i = 0; i < k; i++) {
                lambda[i] = alpha * previous[i] + (1 - alpha) * lambda[i];
            }
        }
        previous = lambda;
        return new Weights(lambda, fresh.diagnostics());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsLosses() {
        return base.needsLosses();
    }

    @Override
    public boolean isStateful() {
        return true;
    }

    /** Forgets the previous weights and resets the base. */
    @Override
    public void reset() {
        previous = null;
        base.reset();
    }

    /**
     * The previous weights and the base's state (its keys prefixed by {@code base.}).
     *
     * @return the state after the last step
     */
    @Override
    public CombinerState snapshot() {
        Map<String, double[]> values = new HashMap<>();
        values.put(PREVIOUS, StateValues.orEmpty(previous));
        CombinerState baseState = base.snapshot();
        for (String key : baseState.keys()) {
            values.put(BASE_PREFIX + key, baseState.get(key));
        }
        return CombinerState.of(NAME, values);
    }

    @Override
    public void restore(CombinerState state) {
        StateValues.owned(state, NAME);
        double[] restored = StateValues.vectorOrNull(state, PREVIOUS, -1);
        Map<String, double[]> baseValues = new HashMap<>();
        for (String key : state.keys()) {
            if (key.startsWith(BASE_PREFIX)) {
                baseValues.put(key.substring(BASE_PREFIX.length()), state.get(key));
            }
        }
        base.restore(CombinerState.of(base.name(), baseValues));
        previous = restored;
    }

    private GramWeighting freshBase() {
        GramWeighting copy = base.copy();
        if (copy != base) {
            copy.reset();
        }
        return copy;
    }

    /**
     * Same configuration (a fresh copy of the base), fresh state.
     *
     * @return the copy
     */
    @Override
    public CRMOGM copy() {
        return new CRMOGM(freshBase(), alpha);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "CR-MOGM: a Gram method's weights smoothed by a moving average across steps",
                Set.of("base", "alpha"), o -> new GramCombiner(new CRMOGM(
                        baseWeighting(o.getString("base", DEFAULT_BASE)), o.getDouble("alpha", DEFAULT_ALPHA))));
    }

    /** The Gram weighting registered under {@code name}, built with its defaults. */
    private static GramWeighting baseWeighting(String name) {
        if (NAME.equals(name.trim())) {
            throw new IllegalArgumentException("option 'base' of '" + NAME + "' must name another Gram method, got '"
                    + name + "'");
        }
        GradientCombiner combiner = Combiners.create(name, Map.of());
        if (!(combiner instanceof GramCombiner)) {
            throw new IllegalArgumentException("option 'base' of '" + NAME + "' must name a Gram method, got '"
                    + name + "' (" + combiner.getClass().getSimpleName() + "); Gram methods are "
                    + gramMethods());
        }
        return ((GramCombiner) combiner).weighting();
    }

    private static java.util.List<String> gramMethods() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String name : Combiners.names()) {
            try {
                if (!name.equals(NAME) && Combiners.create(name, Map.of()) instanceof GramCombiner) {
                    names.add(name);
                }
            } catch (IllegalArgumentException needsOptions) {
                // a method with required options cannot be a base built with its defaults
            }
        }
        return names;
    }

    /** Equal base configuration and α (the previous weights are state and are not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof CRMOGM && base.equals(((CRMOGM) o).base) && Double.compare(alpha, ((CRMOGM) o).alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, alpha);
    }

    @Override
    public String toString() {
        return NAME + "(base=" + base + ", alpha=" + alpha + ")";
    }
}
