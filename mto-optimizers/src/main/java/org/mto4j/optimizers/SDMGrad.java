package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.CrossBatchCombiner;
import org.mto4j.core.CrossGramWeighting;
import org.mto4j.core.CrossGramian;
import org.mto4j.core.Diagnostics;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * SDMGrad, stochastic direction-oriented multi-objective gradient: weights w on the simplex that make J w short
 * and close to the mean gradient, found by a few projected momentum-SGD steps on an estimate from two independent
 * batches, warm-started from the previous step.
 * <pre>
 *   C  = J₁ J₂ᵀ / (s² + 1e-8),   s = meanᵢ √max(C_ii, 0)         scale-free cross Gram matrix
 *   repeat n times:  u = C w + λ C 1/K;   m = μ m + u (m = u first);   w ← Π_Δ(w − η m)      μ = 0.5
 *   d  = (J₃ᵀ w + λ · mean of J₃'s rows) / (1 + λ) = Σᵢ (wᵢ + λ/K) / (1 + λ) · g₃,ᵢ
 * </pre>
 * The objective is ½‖J w‖² + λ⟨J w, ḡ⟩ (ḡ the mean gradient): λ = 0 is MGDA, a large λ the plain mean. Run it
 * through {@link CrossBatchCombiner}, whose three-batch call takes J₁, J₂ and J₃; with one batch it uses C = J Jᵀ.
 *
 * <p>Xiao, Ban, Ji, "Direction-oriented Multi-objective Learning: Simple and Provable Stochastic Algorithms",
 * NeurIPS 2023 (arXiv:2305.18409). The scaling by s², the momentum 0.5 and the warm start follow the authors' code
 * as LibMTL runs it.
 *
 * <p>Options: {@code lambda} (λ &ge; 0; default {@value #DEFAULT_LAMBDA}), {@code niter} (n &ge; 1; default
 * {@value #DEFAULT_NITER}), {@code lr} (η &gt; 0, the inner learning rate; default {@value #DEFAULT_LR}): LibMTL's
 * {@code SDMGrad_lamda}, {@code SDMGrad_niter} and its fixed inner rate. LibMTL's {@code SDMGrad} uses its three
 * batches in the roles (J₃, J₁, J₂): its first batch forms the direction. It is not in the reference vectors, so
 * agreement is shown on a plain reference of its update. {@code lr = 10} is the other published inner rate the
 * issue lists for TorchJD (not checked here: the recorded TorchJD version has no SDMGrad).
 *
 * <p><b>Weights.</b> d = Σ cᵢ g₃,ᵢ with cᵢ = (wᵢ + λ/K)/(1 + λ), and these cᵢ are the reported weights (they sum to
 * 1): the true weights on the third batch. The diagnostics report the n iterations and, as residual, the largest
 * change of w in the last one.
 *
 * <p>Thread safety: stateful (w), not thread-safe; {@link #copy()} gives the same configuration with fresh state.
 *
 * @since 0.1.0
 */
public final class SDMGrad implements CrossGramWeighting {

    /** Registry name. */
    public static final String NAME = "sdmgrad";
    /** Weight of the mean-gradient direction (LibMTL's default). */
    public static final double DEFAULT_LAMBDA = 0.3;
    /** Inner iterations per step (LibMTL's default). */
    public static final int DEFAULT_NITER = 20;
    /** Inner learning rate (LibMTL's). */
    public static final double DEFAULT_LR = 5.0;
    /** Momentum of the inner SGD (LibMTL's and the authors'). */
    public static final double MOMENTUM = 0.5;
    /** Added to s² when the cross Gram matrix is scaled. */
    public static final double SCALE_EPSILON = 1e-8;

    private static final String W = "w";

    private final double lambda;
    private final int niter;
    private final double lr;
    private double[] w; // null before the first step

    private SDMGrad(double lambda, int niter, double lr) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        if (niter < 1) {
            throw new IllegalArgumentException("niter must be >= 1, got " + niter);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr must be finite and > 0, got " + lr);
        }
        this.lambda = lambda;
        this.niter = niter;
        this.lr = lr;
    }

    /**
     * SDMGrad with LibMTL's λ = {@value #DEFAULT_LAMBDA}, n = {@value #DEFAULT_NITER}, η = {@value #DEFAULT_LR}.
     *
     * @return the weighting, with fresh state
     */
    public static SDMGrad defaults() {
        return new SDMGrad(DEFAULT_LAMBDA, DEFAULT_NITER, DEFAULT_LR);
    }

    /**
     * @param lambda λ &ge; 0, the weight of the mean-gradient direction
     * @return a new weighting with fresh state
     */
    public SDMGrad withLambda(double lambda) {
        return new SDMGrad(lambda, niter, lr);
    }

    /**
     * @param niter n &ge; 1 inner iterations per step
     * @return a new weighting with fresh state
     */
    public SDMGrad withNiter(int niter) {
        return new SDMGrad(lambda, niter, lr);
    }

    /**
     * @param lr η &gt; 0, the inner learning rate
     * @return a new weighting with fresh state
     */
    public SDMGrad withLr(double lr) {
        return new SDMGrad(lambda, niter, lr);
    }

    @Override
    public Weights weigh(CrossGramian crossGramian, TaskLosses losses) {
        int k = crossGramian.size();
        StateValues.requireTasks(NAME, w, k);
        double[] diagonal = crossGramian.diagonal();
        double s = 0;
        for (double v : diagonal) {
            s += Math.sqrt(Math.max(v, 0));
        }
        s /= k;
        double[][] c = crossGramian.toArray();
        double divisor = s * s + SCALE_EPSILON;
        double[] meanRow = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                c[i][j] /= divisor;
                meanRow[i] += c[i][j];
            }
            meanRow[i] /= k;
        }
        double[] current = w;
        if (current == null) {
            current = new double[k];
            Arrays.fill(current, 1.0 / k);
        } else {
            current = current.clone();
        }
        double[] momentum = new double[k];
        double[] next = new double[k];
        double change = 0;
        for (int it = 0; it < niter; it++) {
            for (int i = 0; i < k; i++) {
                double u = lambda * meanRow[i];
                for (int j = 0; j < k; j++) {
                    u += c[i][j] * current[j];
                }
                momentum[i] = it == 0 ? u : MOMENTUM * momentum[i] + u;
                next[i] = current[i] - lr * momentum[i];
            }
            SimplexProjection.project(next, next);
            change = 0;
            for (int i = 0; i < k; i++) {
                change = Math.max(change, Math.abs(next[i] - current[i]));
                current[i] = next[i];
            }
        }
        w = current;
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            weights[i] = (current[i] + lambda / k) / (1 + lambda);
        }
        return new Weights(weights, new Diagnostics("projected-momentum-sgd", true, niter, change));
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
        w = null;
    }

    /**
     * w after the last step (the simplex weights before the mix with the mean).
     *
     * @return the state after the last step
     */
    @Override
    public CombinerState snapshot() {
        return CombinerState.of(NAME, Map.of(W, StateValues.orEmpty(w)));
    }

    @Override
    public void restore(CombinerState state) {
        w = StateValues.vectorOrNull(StateValues.owned(state, NAME), W, -1);
    }

    /**
     * Same configuration, fresh state.
     *
     * @return the copy
     */
    @Override
    public SDMGrad copy() {
        return new SDMGrad(lambda, niter, lr);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "SDMGrad: direction-oriented weights by projected SGD, double sampling",
                Set.of("lambda", "niter", "lr"), o -> new CrossBatchCombiner(new SDMGrad(
                        o.getDouble("lambda", DEFAULT_LAMBDA), o.getInt("niter", DEFAULT_NITER),
                        o.getDouble("lr", DEFAULT_LR))));
    }

    /** Equal λ, n and η (w is state and is not compared). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SDMGrad)) {
            return false;
        }
        SDMGrad other = (SDMGrad) o;
        return Double.compare(lambda, other.lambda) == 0 && niter == other.niter
                && Double.compare(lr, other.lr) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(lambda, niter, lr);
    }

    @Override
    public String toString() {
        return NAME + "(lambda=" + lambda + ", niter=" + niter + ", lr=" + lr + ")";
    }
}
