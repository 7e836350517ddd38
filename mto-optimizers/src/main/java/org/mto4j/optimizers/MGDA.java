package org.mto4j.optimizers;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * The multiple-gradient descent algorithm: the min-norm point of the convex hull of the (optionally normalised)
 * task gradients, a common descent direction that is zero exactly at Pareto-stationary points.
 * <pre>
 *   ĝᵢ = gᵢ / nᵢ,   ŵ = argmin_{w ∈ Δ} ‖Σᵢ wᵢ ĝᵢ‖²,   d = Σᵢ ŵᵢ ĝᵢ = Σᵢ (ŵᵢ / nᵢ) gᵢ
 *   nᵢ = 1 (none) | ‖gᵢ‖ (l2) | Lᵢ (loss) | Lᵢ ‖gᵢ‖ (loss+)
 * </pre>
 * The weights returned are wᵢ = ŵᵢ / nᵢ on the original gradients (with normalisation none, ŵ itself: w &ge; 0,
 * Σw = 1). A zero gradient under l2 or loss+ normalisation gets weight 0 (its direction is then 0 anyway).
 *
 * <p>Sener and Koltun, "Multi-Task Learning as Multi-Objective Optimization", NeurIPS 2018 (arXiv:1810.04650);
 * Désidéri, "Multiple-gradient descent algorithm (MGDA) for multiobjective optimization", Comptes Rendus
 * Mathematique 350 (2012).
 *
 * <p>Options: {@code normalization} none (default) | l2 | loss | loss+ (loss and loss+ need positive losses);
 * {@code solver} active-set (default: exact) | frank-wolfe (the paper's Algorithm 2, TorchJD's solver) | libmtl;
 * {@code epsilon} (1e-3) and {@code max_iters} (100), Frank-Wolfe's stopping rule. Any solver is exact for K &le; 2.
 * <ul>
 *   <li>TorchJD's {@code MGDA(epsilon=1e-3, max_iters=100)}: {@code solver=frank-wolfe}.</li>
 *   <li>LibMTL's {@code MGDA(mgda_gn=x)}: {@code solver=libmtl, normalization=x} (LibMTL's own default is none).</li>
 * </ul>
 * Why the exact solver is the default: Frank-Wolfe stops on its step length, not on optimality. With TorchJD's
 * setting it misses MGDA's optimality conditions (Gw)ᵢ &ge; wᵀGw = ‖d‖² by 8 to 27 % of ‖d‖² on 32 x 114 and
 * 50 x 100 Gaussian Jacobians (1 to 5 % even with ε = 1e-5 and 1,000 iterations), so d is not the min-norm point
 * and the tasks it serves least improve less than MGDA promises; the active-set solve meets the conditions to
 * 1e-12 of ‖d‖² in under 50 iterations there. LibMTL's solver often stops with a duality gap of 1e-2. Every
 * solver reports the duality gap (wᵀGw − minⱼ (Gw)ⱼ) / maxᵢ G_ii of the normalised problem as its residual, and
 * {@code converged} only when that gap certifies the point (see {@link MinNormPoint}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class MGDA implements GramWeighting {

    /** Registry name. */
    public static final String NAME = "mgda";

    /** How each gradient is scaled before the min-norm point is sought. */
    public enum Normalization {
        /** nᵢ = 1. */
        NONE,
        /** nᵢ = ‖gᵢ‖. */
        L2,
        /** nᵢ = Lᵢ. */
        LOSS,
        /** nᵢ = Lᵢ ‖gᵢ‖. */
        LOSS_PLUS
    }

    /** The algorithm for the min-norm point. */
    public enum Solver {
        /** Frank-Wolfe with exact line search from 1/K, stopping after a step below ε (the paper's Algorithm 2;
         * TorchJD). */
        FRANK_WOLFE,
        /** LibMTL's best pair, then projected-gradient steps (Sener and Koltun's code). */
        LIBMTL,
        /** Exact: an active-set solve of the equivalent non-negative least-squares problem. */
        ACTIVE_SET
    }

    /** No normalization (the paper; TorchJD). */
    public static final Normalization DEFAULT_NORMALIZATION = Normalization.NONE;
    /** Exact: the min-norm point to rounding (see the class comment for why not Frank-Wolfe). */
    public static final Solver DEFAULT_SOLVER = Solver.ACTIVE_SET;
    /** Frank-Wolfe stops after a step γ below this (TorchJD's default). */
    public static final double DEFAULT_EPSILON = 1e-3;
    /** Frank-Wolfe's iteration cap (TorchJD's default). */
    public static final int DEFAULT_MAX_ITERS = 100;

    private final Normalization normalization;
    private final Solver solver;
    private final double epsilon;
    private final int maxIters;

    /** The defaults: no normalisation, the exact active-set solver. */
    public MGDA() {
        this(DEFAULT_NORMALIZATION, DEFAULT_SOLVER, DEFAULT_EPSILON, DEFAULT_MAX_ITERS);
    }

    private MGDA(Normalization normalization, Solver solver, double epsilon, int maxIters) {
        if (normalization == null || solver == null) {
            throw new IllegalArgumentException("normalization and solver must not be null, got " + normalization
                    + " and " + solver);
        }
        this.normalization = normalization;
        this.solver = solver;
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
        }
        if (maxIters < 1) {
            throw new IllegalArgumentException("max_iters must be >= 1, got " + maxIters);
        }
        this.epsilon = epsilon;
        this.maxIters = maxIters;
    }

    /**
     * The same method with another {@code normalization}.
     *
     * @param normalization how each gradient is scaled before the min-norm point is sought; not null
     * @return a new instance
     */
    public MGDA withNormalization(Normalization normalization) {
        return new MGDA(normalization, solver, epsilon, maxIters);
    }

    /**
     * The same method with another {@code solver}.
     *
     * @param solver the algorithm for the min-norm point; not null
     * @return a new instance
     */
    public MGDA withSolver(Solver solver) {
        return new MGDA(normalization, solver, epsilon, maxIters);
    }

    /**
     * The same method with another {@code epsilon}.
     *
     * @param epsilon the step γ below which Frank-Wolfe stops; finite, &ge; 0
     * @return a new instance
     */
    public MGDA withEpsilon(double epsilon) {
        return new MGDA(normalization, solver, epsilon, maxIters);
    }

    /**
     * The same method with another {@code maxIters}.
     *
     * @param maxIters the solver's iteration limit; &ge; 1
     * @return a new instance
     */
    public MGDA withMaxIters(int maxIters) {
        return new MGDA(normalization, solver, epsilon, maxIters);
    }

    /** {@return how each gradient is scaled before the min-norm point is sought} */
    public Normalization normalization() {
        return normalization;
    }

    /** {@return the algorithm for the min-norm point} */
    public Solver solver() {
        return solver;
    }

    /** {@return the step γ below which Frank-Wolfe stops} */
    public double epsilon() {
        return epsilon;
    }

    /** {@return the solver's iteration limit} */
    public int maxIters() {
        return maxIters;
    }

    @Override
    public boolean needsLosses() {
        return normalization == Normalization.LOSS || normalization == Normalization.LOSS_PLUS;
    }

    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        double[] n = normalizers(gramian, losses);
        double[] g = new double[k * k];
        double largest = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                g[i * k + j] = n[i] == 0 || n[j] == 0 ? 0 : gramian.get(i, j) / n[i] / n[j];
            }
            largest = Math.max(largest, g[i * k + i]);
        }
        // Every solver works on G scaled by a power of two near 1 / maxᵢ G_ii: exact, so the iterates are those of
        // the unscaled problem, but no product or sum of the solvers can overflow or underflow (task norms of
        // 1e-28 and 1e29 give G_ii of 1e-56 and 1e58). LibMTL's step threshold keeps the caller's units.
        double scale = largest > 0 ? Math.scalb(1.0, Math.getExponent(largest)) : 1;
        for (int q = 0; q < g.length; q++) {
            g[q] /= scale;
        }
        Solution s;
        if (k <= 2 && solver != Solver.LIBMTL) {
            s = MinNormPoint.closedForm(g, k);
        } else if (solver == Solver.FRANK_WOLFE) {
            s = MinNormPoint.frankWolfe(g, k, epsilon, maxIters);
        } else if (solver == Solver.LIBMTL) {
            s = MinNormPoint.libMtl(g, k, scale);
        } else {
            s = MinNormPoint.activeSet(g, k);
        }
        double[] w = s.x();
        for (int i = 0; i < k; i++) {
            w[i] = n[i] == 0 ? 0 : w[i] / n[i];
        }
        return new Weights(w, s.diagnostics(k <= 2 && solver != Solver.LIBMTL ? "closed-form"
                : solver.name().toLowerCase(Locale.ROOT).replace('_', '-')));
    }

    private double[] normalizers(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        double[] n = new double[k];
        for (int i = 0; i < k; i++) {
            if (needsLosses() && !(losses.get(i) > 0)) {
                throw new IllegalArgumentException("normalization " + optionValue(normalization)
                        + " of 'mgda' needs positive losses, got loss of task " + i + " = " + losses.get(i));
            }
            switch (normalization) {
                case NONE -> n[i] = 1;
                case L2 -> n[i] = gramian.norm(i);
                case LOSS -> n[i] = losses.get(i);
                case LOSS_PLUS -> n[i] = losses.get(i) * gramian.norm(i);
                default -> throw new AssertionError(normalization);
            }
        }
        return n;
    }

    private static String optionValue(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace("_plus", "+").replace('_', '-');
    }

    /** With normalisation none or loss; l2 and loss+ divide the weights by ‖gᵢ‖, which scales with J. */
    @Override
    public boolean isScaleInvariant() {
        return normalization == Normalization.NONE || normalization == Normalization.LOSS;
    }

    @Override
    public String name() {
        return NAME;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "min-norm point of the convex hull of the task gradients",
                Set.of("normalization", "solver", "epsilon", "max_iters"), o -> new GramCombiner(new MGDA(
                        o.getEnum("normalization", Normalization.class, DEFAULT_NORMALIZATION),
                        o.getEnum("solver", Solver.class, DEFAULT_SOLVER),
                        o.getDouble("epsilon", DEFAULT_EPSILON),
                        o.getInt("max_iters", DEFAULT_MAX_ITERS))));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MGDA)) {
            return false;
        }
        MGDA other = (MGDA) o;
        return normalization == other.normalization && solver == other.solver
                && Double.compare(epsilon, other.epsilon) == 0 && maxIters == other.maxIters;
    }

    @Override
    public int hashCode() {
        return Objects.hash(normalization, solver, epsilon, maxIters);
    }

    @Override
    public String toString() {
        return NAME + "(normalization=" + optionValue(normalization) + ", solver=" + optionValue(solver)
                + ", epsilon=" + epsilon + ", max_iters=" + maxIters + ")";
    }
}
