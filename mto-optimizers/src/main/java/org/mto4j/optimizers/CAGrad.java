package org.mto4j.optimizers;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
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
 * scale invariant). As in TorchJD, when the trace is below {@code norm_eps}, or ‖g_w*‖ of the trace-normalised
 * problem is below {@code norm_eps}, the weights are 1/K.
 * Options: {@code c} (0.5, &ge; 0), {@code rescale} none (default, the paper's Algorithm 1) | squared | linear
 * (also LibMTL's 0 | 1 | 2), {@code norm_eps} (1e-4).
 * <ul>
 *   <li>TorchJD's {@code CAGrad(c)}: {@code c}, rescale none.</li>
 *   <li>LibMTL's {@code CAGrad(calpha=c, rescale=1)} (its default): {@code c}, rescale squared; LibMTL's 1e-8
 *   guards on absolute norms are not reproduced (they vanish for gradients of norm &gt;&gt; 1e-4).</li>
 * </ul>
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
    /** Traces and normalised ‖g_w‖ below this give the average gradient (TorchJD's default). */
    public static final double DEFAULT_NORM_EPS = 1e-4;

    private final double c;
    private final Rescale rescale;
    private final double normEps;

    /** c = 0.5, no rescaling, norm_eps = 1e-4. */
    public CAGrad() {
        this(DEFAULT_C, DEFAULT_RESCALE, DEFAULT_NORM_EPS);
    }

    private CAGrad(double c, Rescale rescale, double normEps) {
        if (!(c >= 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("c must be finite and >= 0, got " + c);
        }
        if (rescale == null) {
            throw new IllegalArgumentException("rescale must not be null");
        }
        if (!(normEps >= 0) || Double.isInfinite(normEps)) {
            throw new IllegalArgumentException("norm_eps must be finite and >= 0, got " + normEps);
        }
        this.c = c;
        this.rescale = rescale;
        this.normEps = normEps;
    }

    /**
     * The same method with another {@code c}.
     *
     * @param c the radius factor c: d is sought within c‖g₀‖ of the average gradient g₀; finite, &ge; 0
     * @return a new instance
     */
    public CAGrad withC(double c) {
        return new CAGrad(c, rescale, normEps);
    }

    /**
     * The same method with another {@code rescale}.
     *
     * @param rescale the factor the direction is multiplied with; not null
     * @return a new instance
     */
    public CAGrad withRescale(Rescale rescale) {
        return new CAGrad(c, rescale, normEps);
    }

    /**
     * The same method with another {@code normEps}.
     *
     * @param normEps the threshold below which traces and the normalised ‖g_w‖ give the average gradient;
     *                finite, &ge; 0
     * @return a new instance
     */
    public CAGrad withNormEps(double normEps) {
        return new CAGrad(c, rescale, normEps);
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
        double factor = normGw >= normEps && normGw > 0 ? radius / normGw : 0;
        double r = switch (rescale) {
            case NONE -> 1;
            case SQUARED -> 1 / (1 + c * c);
            case LINEAR -> 1 / (1 + c);
        };
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            weights[i] = r * (1.0 / k + factor * w[i]);
        }
        return new Weights(weights, s.diagnostics("spectral-projected-gradient"));
    }

    @Override
    public String name() {
        return NAME;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "conflict-averse gradient: best worst-task improvement near the mean gradient",
                Set.of("c", "rescale", "norm_eps"), o -> new GramCombiner(new CAGrad(
                        o.getDouble("c", DEFAULT_C), rescaleOption(o), o.getDouble("norm_eps", DEFAULT_NORM_EPS))));
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
                && Double.compare(normEps, other.normEps) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(c, rescale, normEps);
    }

    @Override
    public String toString() {
        return NAME + "(c=" + c + ", rescale=" + rescale.name().toLowerCase(Locale.ROOT) + ", norm_eps=" + normEps
                + ")";
    }
}
