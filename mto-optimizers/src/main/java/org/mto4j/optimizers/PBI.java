package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Penalty-based boundary intersection: the distance travelled along a preference ray λ from the ideal point z*,
 * plus θ times the distance from that ray.
 * <pre>
 *   v = L − z*,   u = λ / ‖λ‖
 *   d₁ = v·u                 (distance along the ray)
 *   d₂ = ‖v − d₁ u‖          (distance from the ray)
 *   objective   d₁ + θ d₂
 *   weights     w = ∂/∂L = u + θ (v − d₁ u) / d₂        (w = u on the ray, where d₂ = 0)
 * </pre>
 * Minimising it drives the losses towards the ray, so λ picks the trade-off. A stateless {@link LossWeighting}: apply it as the
 * weighted loss Σᵢ wᵢ Lᵢ with the weights held constant (one backward pass; the gradient is the objective's), or
 * through {@link LossWeightingCombiner} as d = Σᵢ wᵢ gᵢ. The reported weights are these wᵢ; the penalty term
 * makes some negative when the losses are off the ray.
 *
 * <p>Zhang &amp; Li, "MOEA/D: A Multiobjective Evolutionary Algorithm Based on Decomposition", IEEE Transactions on
 * Evolutionary Computation 11(6), 2007 (no arXiv version). The paper writes d₁ as a norm, |v·u|; it is the signed
 * v·u here, equal where the paper uses it (L &ge; z*, λ &ge; 0), and d₂ stays the distance from the ray
 * elsewhere. The objective is not differentiable on the ray; there the weights are u, the derivative of d₁ (the
 * penalty's subgradient 0), whenever d₂ &le; {@value #RAY_TOLERANCE} · ‖v‖.
 *
 * <p>Options: {@code theta} θ &ge; 0 (default {@value #DEFAULT_THETA}, the paper's), {@code pref_vector} λ (K
 * values &ge; 0, not all 0; default all equal), {@code ideal_point} z* (K finite values; default all 0). Neither
 * LibMTL nor TorchJD has PBI.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class PBI implements LossWeighting {

    /** Registry name. */
    public static final String NAME = "pbi";
    /** The paper's penalty. */
    public static final double DEFAULT_THETA = 5.0;
    /** A loss vector within this fraction of ‖L − z*‖ of the ray counts as on it. */
    public static final double RAY_TOLERANCE = 1e-12;

    private final double theta;
    private final double[] preference; // null: all equal
    private final double[] idealPoint; // null: all 0

    private PBI(double theta, double[] preference, double[] idealPoint) {
        if (!(theta >= 0) || Double.isInfinite(theta)) {
            throw new IllegalArgumentException("theta must be finite and >= 0, got theta = " + theta);
        }
        this.theta = theta;
        this.preference = preference == null ? null : checkedPreference(preference);
        this.idealPoint = idealPoint == null ? null : checkedIdealPoint(idealPoint);
    }

    private static double[] checkedPreference(double[] p) {
        double max = 0;
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0) || Double.isInfinite(p[i])) {
                throw new IllegalArgumentException("pref_vector must hold finite values >= 0, got pref_vector[" + i
                        + "] = " + p[i] + " in " + Arrays.toString(p));
            }
            max = Math.max(max, p[i]);
        }
        if (!(max > 0)) {
            throw new IllegalArgumentException("pref_vector must hold one value >= 0 per task, not all 0, got "
                    + Arrays.toString(p));
        }
        double[] scaled = new double[p.length]; // only the direction of λ matters; the largest value 1 avoids overflow
        for (int i = 0; i < p.length; i++) {
            scaled[i] = p[i] / max;
        }
        return scaled;
    }

    private static double[] checkedIdealPoint(double[] z) {
        if (z.length == 0) {
            throw new IllegalArgumentException("ideal_point must hold one value per task, got 0 values");
        }
        for (int i = 0; i < z.length; i++) {
            if (!Double.isFinite(z[i])) {
                throw new IllegalArgumentException("ideal_point must be finite, got ideal_point[" + i + "] = " + z[i]);
            }
        }
        return z.clone();
    }

    /**
     * PBI with θ = {@value #DEFAULT_THETA}, equal preferences and the ideal point 0.
     *
     * @return the default instance
     */
    public static PBI defaults() {
        return new PBI(DEFAULT_THETA, null, null);
    }

    /**
     * The same configuration otherwise.
     *
     * @param theta the penalty θ &ge; 0
     * @return a new instance
     */
    public PBI withTheta(double theta) {
        return new PBI(theta, preference, idealPoint);
    }

    /**
     * The same configuration otherwise.
     *
     * @param preference λ: K values &ge; 0, not all 0; or null for all equal
     * @return a new instance
     */
    public PBI withPreference(double[] preference) {
        return new PBI(theta, preference, idealPoint);
    }

    /**
     * The same configuration otherwise.
     *
     * @param idealPoint z*: K finite values; or null for all 0
     * @return a new instance
     */
    public PBI withIdealPoint(double[] idealPoint) {
        return new PBI(theta, preference, idealPoint);
    }

    /**
     * The penalty on the distance from the ray.
     *
     * @return θ
     */
    public double theta() {
        return theta;
    }

    /**
     * The derivative of d₁ + θ d₂ with respect to each loss.
     *
     * @param numTasks K &ge; 1
     * @param losses   the K losses of this step
     * @return w = u + θ (v − d₁u)/d₂
     */
    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        double[] v = LossChecks.values(NAME, numTasks, losses);
        double[] u = new double[numTasks];
        requireLength(preference, "pref_vector", numTasks);
        requireLength(idealPoint, "ideal_point", numTasks);
        double norm = 0;
        for (int i = 0; i < numTasks; i++) {
            u[i] = preference == null ? 1.0 : preference[i];
            norm += u[i] * u[i];
            if (idealPoint != null) {
                v[i] -= idealPoint[i];
            }
        }
        norm = Math.sqrt(norm);
        // The weights depend on v only through its direction: work on v/s, s = max|vᵢ|, so no square overflows.
        double s = 0;
        for (double x : v) {
            s = Math.max(s, Math.abs(x));
        }
        double d1 = 0;
        double vv = 0;
        for (int i = 0; i < numTasks; i++) {
            u[i] /= norm;
            v[i] = s > 0 ? v[i] / s : 0.0;
            d1 += v[i] * u[i];
            vv += v[i] * v[i];
        }
        double d2 = 0;
        for (int i = 0; i < numTasks; i++) {
            v[i] -= d1 * u[i]; // v now holds its component off the ray
            d2 += v[i] * v[i];
        }
        d2 = Math.sqrt(d2);
        double[] w = u;
        if (d2 > RAY_TOLERANCE * Math.sqrt(vv)) {
            for (int i = 0; i < numTasks; i++) {
                w[i] += theta * v[i] / d2;
            }
        }
        return Weights.of(w);
    }

    private static void requireLength(double[] values, String name, int numTasks) {
        if (values != null && values.length != numTasks) {
            throw new IllegalArgumentException(name + " has " + values.length + " values but there are " + numTasks
                    + " tasks");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsLosses() {
        return true;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "penalty-based boundary intersection: distance along a preference ray + θ·off it",
                Set.of("theta", "pref_vector", "ideal_point"), o -> new LossWeightingCombiner(new PBI(
                        o.getDouble("theta", DEFAULT_THETA), o.getDoubleArray("pref_vector", null),
                        o.getDoubleArray("ideal_point", null))));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PBI)) {
            return false;
        }
        PBI other = (PBI) o;
        return Double.compare(theta, other.theta) == 0 && Arrays.equals(preference, other.preference)
                && Arrays.equals(idealPoint, other.idealPoint);
    }

    @Override
    public int hashCode() {
        return (Double.hashCode(theta) * 31 + Arrays.hashCode(preference)) * 31 + Arrays.hashCode(idealPoint);
    }

    @Override
    public String toString() {
        return NAME + "(theta=" + theta + ", pref_vector=" + (preference == null ? "equal" : Arrays.toString(preference))
                + ", ideal_point=" + (idealPoint == null ? "0" : Arrays.toString(idealPoint)) + ")";
    }
}
