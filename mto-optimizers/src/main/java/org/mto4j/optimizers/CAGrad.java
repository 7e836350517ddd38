package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.Diagnostics;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.Options;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Conflict-averse gradient descent: the update that maximises the worst task's improvement within a ball of radius
 * c‖g₀‖ around the average gradient g₀.
 * <pre>
 *   w* = argmin_{w ∈ Δ} wᵀG 1/K + c ‖g₀‖ ‖g_w‖,     g₀ = (1/K) Σᵢ gᵢ,  g_w = Σᵢ wᵢ gᵢ
 *   d  = r (g₀ + (c ‖g₀‖ / ‖g_w*‖) g_w*),         weights r (1/K + (c ‖g₀‖ / ‖g_w*‖) w*)
 *   r  = 1 (none) | 1/(1 + c²) (squared) | 1/(1 + c) (linear)
 * </pre>
 * With c = 0 it is gradient descent on the average loss; with c &ge; 1 it converges to a Pareto-stationary point and
 * d conflicts with no task. Liu, Liu, Jin, Stone and Liu, "Conflict-Averse Gradient Descent for Multi-task
 * Learning", NeurIPS 2021 (arXiv:2110.14048).
 *
 * <p>The inner problem is solved in Gram form by {@link CAGradSolver} on G divided by its trace (the weights are
 * scale invariant). <b>Degenerate steps.</b> When the trace is below {@code norm_eps}, or ‖g_w*‖ of the
 * trace-normalised problem is below {@code norm_eps}, the gradients are (nearly) Pareto-stationary: 0 lies in or
 * near their convex hull, g_w* vanishes and the direction formula is undefined. Then the weights are those of
 * {@code degenerate}: {@code mean} (default: 1/K, plain gradient descent on the mean loss) or {@code zero} (all 0,
 * d = 0, TorchJD's choice: for c &ge; 1, d = 0 is CAGrad's own optimum there). The diagnostics name the branch
 * (solver {@value #DEGENERATE_MEAN} or {@value #DEGENERATE_ZERO}).
 * Options: {@code c} (0.5, &ge; 0), {@code rescale} none (default, the paper's Algorithm 1) | squared | linear
 * (also LibMTL's 0 | 1 | 2), {@code norm_eps} (1e-4), {@code degenerate} mean | zero (mean).
 * <ul>
 *   <li>TorchJD's {@code CAGrad(c, norm_eps)}: {@code c}, {@code norm_eps}, rescale none, degenerate zero.</li>
 *   <li>LibMTL's {@code CAGrad(calpha=c, rescale=1)} (its default): {@code c}, rescale squared,
 *   {@code norm_eps = 0}; LibMTL adds 1e-8 to absolute norms instead, which only matters for gradients of norm
 *   1e-4 and below.</li>
 * </ul>
 * Non-conflict: with c &ge; 1 the point d = 0 lies in the ball, so CAGrad's optimum has (J d)ᵢ &ge; 0 for every task
 * (tested: (J d)ᵢ &ge; −1e-6 ‖gᵢ‖ (1 + c) ‖g₀‖, the scale of (J d)ᵢ over the ball), except on a degenerate step with
 * {@code degenerate = mean}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class CAGrad implements GramWeighting {

    /** Registry name. */
    public static final String NAME = "cagrad";

    /** The factor r the direction is multiplied with. */
    public enum Rescale {
        /** r = 1 (the paper; TorchJD; LibMTL's rescale=0). */
        NONE,
        /** r = 1/(1 + c²) (LibMTL's default rescale=1). */
        SQUARED,
        /** r = 1/(1 + c) (LibMTL's rescale=2). */
        LINEAR
    }

    /** The radius factor c (LibMTL's default calpha; the value TorchJD's examples use). */
    public static final double DEFAULT_C = 0.5;
    /** No rescaling (the paper; TorchJD). */
    public static final Rescale DEFAULT_RESCALE = Rescale.NONE;
    /** Traces and normalised ‖g_w‖ below this make a step degenerate (TorchJD's default). */
    public static final double DEFAULT_NORM_EPS = 1e-4;
    /** What a degenerate step returns unless the user says otherwise. */
    public static final Degenerate DEFAULT_DEGENERATE = Degenerate.MEAN;
    /** Solver name in the diagnostics of a degenerate step with {@code degenerate = mean}. */
    public static final String DEGENERATE_MEAN = "degenerate-mean";
    /** Solver name in the diagnostics of a degenerate step with {@code degenerate = zero}. */
    public static final String DEGENERATE_ZERO = "degenerate-zero";

    /** The weights of a degenerate step (gradients nearly Pareto-stationary, see the class comment). */
    public enum Degenerate {
        /** 1/K each: gradient descent on the mean loss. */
        MEAN,
        /** 0 each: no step (TorchJD). */
        ZERO
    }

    private final double c;
    private final Rescale rescale;
    private final double normEps;
    private final Degenerate degenerate;

    /** c = 0.5, no rescaling, norm_eps = 1e-4, degenerate steps give the mean. */
    public CAGrad() {
        this(DEFAULT_C, DEFAULT_RESCALE, DEFAULT_NORM_EPS, DEFAULT_DEGENERATE);
    }

    private CAGrad(double c, Rescale rescale, double normEps, Degenerate degenerate) {
        if (!(c >= 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("c must be finite and >= 0, got " + c);
        }
        if (rescale == null) {
            throw new IllegalArgumentException("rescale must not be null");
        }
        if (!(normEps >= 0) || Double.isInfinite(normEps)) {
            throw new IllegalArgumentException("norm_eps must be finite and >= 0, got " + normEps);
        }
        if (degenerate == null) {
            throw new IllegalArgumentException("degenerate must not be null");
        }
        this.c = c;
        this.rescale = rescale;
        this.normEps = normEps;
        this.degenerate = degenerate;
    }

    /**
     * The same method with another {@code c}.
     *
     * @param c the radius factor c: d is sought within c‖g₀‖ of the average gradient g₀; finite, &ge; 0
     * @return a new instance
     */
    public CAGrad withC(double c) {
        return new CAGrad(c, rescale, normEps, degenerate);
    }

    /**
     * The same method with another {@code rescale}.
     *
     * @param rescale the factor the direction is multiplied with; not null
     * @return a new instance
     */
    public CAGrad withRescale(Rescale rescale) {
        return new CAGrad(c, rescale, normEps, degenerate);
    }

    /**
     * The same method with another {@code normEps}.
     *
     * @param normEps the threshold below which traces and the normalised ‖g_w‖ give the average gradient;
     *                finite, &ge; 0
     * @return a new instance
     */
    public CAGrad withNormEps(double normEps) {
        return new CAGrad(c, rescale, normEps, degenerate);
    }

    /**
     * The same method with other weights for degenerate (Pareto-stationary) steps.
     *
     * @param degenerate {@link Degenerate#MEAN} or {@link Degenerate#ZERO}
     * @return a new instance
     */
    public CAGrad withDegenerate(Degenerate degenerate) {
        return new CAGrad(c, rescale, normEps, degenerate);
    }

    /** {@return what a degenerate step returns} */
    public Degenerate degenerate() {
        return degenerate;
    }

    /** {@return the radius factor c: d is sought within c‖g₀‖ of the average gradient g₀} */
    public double c() {
        return c;
    }

    /** {@return the factor the direction is multiplied with} */
    public Rescale rescale() {
        return rescale;
    }

    /** {@return the threshold below which traces and the normalised ‖g_w‖ give the average gradient} */
    public double normEps() {
        return normEps;
    }

    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        double trace = 0;
        double total = 0;
        for (int i = 0; i < k; i++) {
            trace += gramian.get(i, i);
        }
        double[] g = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                g[i * k + j] = trace < normEps ? 0 : gramian.get(i, j) / trace;
                total += g[i * k + j];
            }
        }
        double radius = c * Math.sqrt(Math.max(0, total)) / k; // c ‖g₀‖ for the normalised gradients
        Solution s = CAGradSolver.solve(g, k, radius);
        double[] w = s.x();
        double normGw = Math.sqrt(Math.max(0, SmallMatrix.quadraticForm(g, k, w)));
        double r = switch (rescale) {
            case NONE -> 1;
            case SQUARED -> 1 / (1 + c * c);
            case LINEAR -> 1 / (1 + c);
        };
        double[] weights = new double[k];
        if (!(normGw >= normEps && normGw > 0)) {
            if (degenerate == Degenerate.MEAN) {
                Arrays.fill(weights, r / k);
            }
            return new Weights(weights, new Diagnostics(degenerate == Degenerate.MEAN
                    ? DEGENERATE_MEAN : DEGENERATE_ZERO, s.converged(), s.iterations(), s.residual()));
        }
        double factor = radius / normGw;
        for (int i = 0; i < k; i++) {
            weights[i] = r * (1.0 / k + factor * w[i]);
        }
        return new Weights(weights, s.diagnostics(CAGradSolver.SOLVER));
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

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "conflict-averse gradient: best worst-task improvement near the mean gradient",
                Set.of("c", "rescale", "norm_eps", "degenerate"), o -> new GramCombiner(new CAGrad(
                        o.getDouble("c", DEFAULT_C), rescaleOption(o), o.getDouble("norm_eps", DEFAULT_NORM_EPS),
                        o.getEnum("degenerate", Degenerate.class, DEFAULT_DEGENERATE))));
    }

    /** LibMTL's integer codes 0, 1, 2 or the names none, squared, linear. */
    private static Rescale rescaleOption(Options o) {
        String value = o.getString("rescale", null);
        if (value != null && value.trim().matches("[012]")) {
            return Rescale.values()[Integer.parseInt(value.trim())];
        }
        return o.getEnum("rescale", Rescale.class, DEFAULT_RESCALE);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CAGrad)) {
            return false;
        }
        CAGrad other = (CAGrad) o;
        return Double.compare(c, other.c) == 0 && rescale == other.rescale
                && Double.compare(normEps, other.normEps) == 0 && degenerate == other.degenerate;
    }

    @Override
    public int hashCode() {
        return Objects.hash(c, rescale, normEps, degenerate);
    }

    @Override
    public String toString() {
        return NAME + "(c=" + c + ", rescale=" + rescale.name().toLowerCase(Locale.ROOT) + ", norm_eps=" + normEps
                + ", degenerate=" + degenerate.name().toLowerCase(Locale.ROOT) + ")";
    }
}
