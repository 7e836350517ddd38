package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.LossWeighting;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * COSMOS: one network for the whole Pareto front, conditioned on a preference ray r drawn anew for every batch;
 * its loss is the r-weighted sum of the task losses minus a penalty on the angle between the loss vector and r.
 * <pre>
 *   r ~ Dirichlet(α, ..., α)   (or a fixed preference, normalised to Σ r = 1)
 *   objective   Σᵢ rᵢ Lᵢ − λ cos(r, L),    cos(r, L) = r·L / (‖r‖ ‖L‖)
 *   weights     wᵢ = ∂/∂Lᵢ = rᵢ − λ ( rᵢ / (‖r‖ ‖L‖) − (r·L) Lᵢ / (‖r‖ ‖L‖³) )
 * </pre>
 * The network must see the same r as its input (the paper concatenates it to the data or upsamples it into extra
 * channels): read it with {@link #preference(int)} before the forward pass of the step that will use it. A
 * {@link LossWeighting}: apply it as the weighted loss Σᵢ wᵢ Lᵢ with the weights held constant (one backward pass;
 * the gradient is the objective's), or through {@link LossWeightingCombiner} as d = Σᵢ wᵢ gᵢ. The reported weights
 * are these wᵢ; the penalty can make some negative.
 *
 * <p>Ruchte &amp; Grabocka, "Scalable Pareto Front Approximation for Deep Multi-Objective Learning", ICDM 2021
 * (arXiv:2103.13392).
 *
 * <p>Options: {@code lambda} λ &ge; 0 (default {@value #DEFAULT_LAMBDA}), {@code alpha} α &gt; 0 (default
 * {@value #DEFAULT_ALPHA}; both the authors' defaults for Multi-MNIST), {@code pref_vector} (a fixed preference of
 * K values &ge; 0, not all 0: no sampling; the method is then stateless), {@code seed} (default
 * {@value #DEFAULT_SEED}). The ray of step t (counted from 0 since creation or {@link #reset()}) is drawn from
 * {@code new SplittableRandom(streamSeed(seed, t))} (Marsaglia–Tsang gamma variates, normalised), so a run repeats
 * from the seed and resumes exactly after {@link #restore}; the authors draw from NumPy's global generator, with the
 * same distribution. Neither LibMTL nor TorchJD has COSMOS.
 *
 * <p>The loss vector must not be 0 (its angle is undefined): otherwise an {@link IllegalArgumentException}.
 * Stateful when it samples (the step counter), not thread-safe then; {@link #copy()} gives the same configuration
 * with fresh state. With a fixed preference it is immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class COSMOS implements LossWeighting {

    /** Registry name. */
    public static final String NAME = "cosmos";
    /** The authors' cosine penalty for Multi-MNIST (their default). */
    public static final double DEFAULT_LAMBDA = 2.0;
    /** The authors' Dirichlet concentration for Multi-MNIST (their default). */
    public static final double DEFAULT_ALPHA = 1.2;
    /** Seed of the preference draws unless the caller sets one. */
    public static final long DEFAULT_SEED = 0L;

    private static final String STEP = "step";

    private final double lambda;
    private final double alpha;
    private final double[] preference; // normalised fixed preference, or null: sample
    private final long seed;
    private long step;

    private COSMOS(double lambda, double alpha, double[] preference, long seed) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got lambda = " + lambda);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and > 0, got alpha = " + alpha);
        }
        this.lambda = lambda;
        this.alpha = alpha;
        this.preference = preference == null ? null : normalised(preference);
        this.seed = seed;
    }

    private static double[] normalised(double[] p) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0) || Double.isInfinite(p[i])) {
                throw new IllegalArgumentException("pref_vector must hold finite values >= 0, got pref_vector[" + i
                        + "] = " + p[i] + " in " + Arrays.toString(p));
            }
            sum += p[i];
        }
        if (p.length == 0 || !(sum > 0)) {
            throw new IllegalArgumentException("pref_vector must hold one value >= 0 per task, not all 0, got "
                    + Arrays.toString(p));
        }
        double[] r = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            r[i] = p[i] / sum;
        }
        return r;
    }

    /**
     * COSMOS with the authors' defaults: λ = {@value #DEFAULT_LAMBDA}, rays from Dirichlet({@value #DEFAULT_ALPHA}),
     * seed {@value #DEFAULT_SEED}.
     *
     * @return a new instance with fresh state
     */
    public static COSMOS defaults() {
        return new COSMOS(DEFAULT_LAMBDA, DEFAULT_ALPHA, null, DEFAULT_SEED);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param lambda the cosine penalty λ &ge; 0
     * @return a new instance
     */
    public COSMOS withLambda(double lambda) {
        return new COSMOS(lambda, alpha, preference, seed);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param alpha the Dirichlet concentration α &gt; 0
     * @return a new instance
     */
    public COSMOS withAlpha(double alpha) {
        return new COSMOS(lambda, alpha, preference, seed);
    }

    /**
     * The same configuration otherwise, with a fixed preference instead of sampled ones.
     *
     * @param preference K values &ge; 0, not all 0, normalised to sum 1; or null to sample again
     * @return a new instance
     */
    public COSMOS withPreference(double[] preference) {
        return new COSMOS(lambda, alpha, preference, seed);
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param seed the seed of the preference draws
     * @return a new instance
     */
    public COSMOS withSeed(long seed) {
        return new COSMOS(lambda, alpha, preference, seed);
    }

    /**
     * The cosine penalty.
     *
     * @return λ
     */
    public double lambda() {
        return lambda;
    }

    /**
     * The Dirichlet concentration.
     *
     * @return α
     */
    public double alpha() {
        return alpha;
    }

    /**
     * The seed of the preference draws.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * The preference ray the next step will use: give it to the network's input before that step's forward pass.
     * Does not advance the state.
     *
     * @param numTasks K &ge; 1
     * @return a new array of K values &ge; 0 summing to 1
     */
    public double[] preference(int numTasks) {
        if (numTasks < 1) {
            throw new IllegalArgumentException("numTasks must be >= 1, got " + numTasks);
        }
        if (preference != null) {
            if (preference.length != numTasks) {
                throw new IllegalArgumentException("pref_vector has " + preference.length + " values but there are "
                        + numTasks + " tasks");
            }
            return preference.clone();
        }
        return dirichlet(new SplittableRandom(RLW.streamSeed(seed, step)), alpha, numTasks);
    }

    /**
     * The weights of this step, with the ray {@link #preference(int)} returned before it; then the next ray.
     *
     * @param numTasks K &ge; 1
     * @param losses   the K losses of this step, not all 0
     * @return wᵢ = rᵢ − λ ∂cos(r, L)/∂Lᵢ
     */
    @Override
    public Weights weigh(int numTasks, TaskLosses losses) {
        double[] l = LossChecks.values(NAME, numTasks, losses);
        double[] r = preference(numTasks);
        // cos(r, L) = cos(r, L/s): work on L/s, s = max|Lᵢ|, so that ‖L‖² cannot overflow; ∂/∂L = (1/s) ∂/∂(L/s).
        double s = 0;
        for (double v : l) {
            s = Math.max(s, Math.abs(v));
        }
        if (!(s > 0)) {
            throw new IllegalArgumentException("'" + NAME + "' penalises the angle between the preference and the loss"
                    + " vector, which is undefined when every loss is 0: got " + losses);
        }
        double rl = 0;
        double rr = 0;
        double ll = 0;
        for (int i = 0; i < numTasks; i++) {
            l[i] /= s;
            rl += r[i] * l[i];
            rr += r[i] * r[i];
            ll += l[i] * l[i];
        }
        double normR = Math.sqrt(rr);
        double normL = Math.sqrt(ll);
        double[] w = new double[numTasks];
        for (int i = 0; i < numTasks; i++) {
            double dCos = (r[i] / (normR * normL) - rl * l[i] / (normR * normL * ll)) / s;
            w[i] = r[i] - lambda * dCos;
        }
        if (preference == null) {
            step++;
        }
        return Weights.of(w);
    }

    /** A Dirichlet(α, ..., α) draw: K gamma variates, normalised. */
    static double[] dirichlet(SplittableRandom random, double alpha, int k) {
        double[] x = new double[k];
        double sum = 0;
        while (!(sum > 0)) { // all K draws underflowing to 0 (tiny α) is possible: draw again
            sum = 0;
            for (int i = 0; i < k; i++) {
                x[i] = gamma(random, alpha);
                sum += x[i];
            }
        }
        for (int i = 0; i < k; i++) {
            x[i] /= sum;
        }
        return x;
    }

    /**
     * A Gamma(α, 1) variate: Marsaglia &amp; Tsang, "A Simple Method for Generating Gamma Variables", ACM TOMS 2000,
     * with the boost Gamma(α) = Gamma(α + 1) · U^(1/α) for α &lt; 1.
     */
    static double gamma(SplittableRandom random, double alpha) {
        if (alpha < 1) {
            return gamma(random, alpha + 1) * Math.pow(random.nextDouble(), 1 / alpha);
        }
        double d = alpha - 1.0 / 3.0;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
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

    @Override
    public boolean isStateful() {
        return preference == null;
    }

    @Override
    public void reset() {
        step = 0;
    }

    @Override
    public CombinerState snapshot() {
        return preference == null ? CombinerState.of(NAME, Map.of(STEP, new double[] {step}))
                : CombinerState.empty(NAME);
    }

    @Override
    public void restore(CombinerState state) {
        StateValues.owned(state, NAME);
        if (preference == null) {
            step = StateValues.counter(state, STEP);
        }
    }

    /**
     * The same configuration with fresh state; a fixed-preference COSMOS is stateless and returns itself.
     *
     * @return a new instance, or this
     */
    @Override
    public COSMOS copy() {
        return preference == null ? new COSMOS(lambda, alpha, null, seed) : this;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "COSMOS: preference-weighted losses minus λ·cos(preference, losses)",
                Set.of("lambda", "alpha", "pref_vector", "seed"), o -> new LossWeightingCombiner(new COSMOS(
                        o.getDouble("lambda", DEFAULT_LAMBDA), o.getDouble("alpha", DEFAULT_ALPHA),
                        o.getDoubleArray("pref_vector", null), o.getLong("seed", DEFAULT_SEED))));
    }

    /** Equal configuration (the step counter is state and is not compared). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof COSMOS)) {
            return false;
        }
        COSMOS other = (COSMOS) o;
        return Double.compare(lambda, other.lambda) == 0 && Double.compare(alpha, other.alpha) == 0
                && Arrays.equals(preference, other.preference) && seed == other.seed;
    }

    @Override
    public int hashCode() {
        return ((Double.hashCode(lambda) * 31 + Double.hashCode(alpha)) * 31 + Arrays.hashCode(preference)) * 31
                + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return NAME + "(lambda=" + lambda + ", alpha=" + alpha + ", pref_vector="
                + (preference == null ? "sampled" : Arrays.toString(preference)) + ", seed=" + seed + ")";
    }
}
