package org.mto4j.optimizers;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.mto4j.core.ColumnBlocks;
import org.mto4j.core.Combination;
import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DB-MTL, dual balancing: balance loss scales by a logarithm, then gradient magnitudes by scaling every task's
 * (moving-average) gradient of the log-loss up to the largest norm.
 * <pre>
 *   t = 1, 2, ...:   β_t = β / t^σ
 *   bᵢ ← β_t bᵢ + (1 − β_t) ∇log(Lᵢ + ε) = β_t bᵢ + (1 − β_t) gᵢ / (Lᵢ + ε)      b = 0 before the first step
 *   αᵢ = maxⱼ ‖bⱼ‖ / (‖bᵢ‖ + ε)
 *   d  = Σᵢ αᵢ bᵢ                                                               ε = {@value #EPSILON}
 * </pre>
 * gᵢ is the gradient of the loss Lᵢ the caller passes, so the chain rule gives the log-loss gradient without a
 * second backward pass. b is K x P, kept on J's device.
 *
 * <p>Lin, Jiang, Ye, Zhang, Chen, Chen, Liu, Kwok, "Dual-Balancing for Multi-Task Learning", arXiv:2308.12029, 2023.
 *
 * <p>Options: {@code beta} (β ∈ [0, 1); default {@value #DEFAULT_BETA}) and {@code beta_sigma} (σ ≥ 0; default
 * {@value #DEFAULT_BETA_SIGMA}), LibMTL's {@code DB_beta} and {@code DB_beta_sigma} with their defaults. LibMTL's
 * {@code DB_MTL} is reproduced (its ε 1e-8 in the logarithm and in α included); agreement is tested on its
 * recorded outputs. Losses must be &gt; 0 (the method takes their logarithm).
 *
 * <p><b>Weights.</b> LibMTL reports ones. d = Σ αᵢ bᵢ mixes this step's gradients with earlier ones; the weight
 * reported for task i is the coefficient of this step's gᵢ in d, wᵢ = αᵢ (1 − β_t) / (Lᵢ + ε). The rest of d,
 * β_t Σ αᵢ bᵢ⁽ᵗ⁻¹⁾, is the memory of earlier steps; with β = 0, d = Σ wᵢ gᵢ exactly.
 *
 * <p>Cost per step: a Gram pass over J (finiteness, before the state moves), the update of b in one pass over J and
 * b ({@link ColumnBlocks#update}), a Gram pass over b and the direction pass over b. Memory: b, K x P in J's data
 * type, allocated at the first step. b is updated in place: should it overflow FLOAT (gradients beyond about 10³⁰
 * with losses near 0), the step fails with a clear error and the state is undefined until {@link #reset()} or
 * {@link #restore}.
 *
 * <p>Thread safety: stateful (b, step counter), not thread-safe; {@link #copy()} gives the same configuration with
 * fresh state.
 *
 * @since 0.1.0
 */
public final class DBMTL extends FullJacobianCombiner {

    /** Registry name. */
    public static final String NAME = "db-mtl";
    /** Weight of the past in b's moving average (LibMTL's {@code DB_beta}). */
    public static final double DEFAULT_BETA = 0.9;
    /** Decay exponent of β (LibMTL's {@code DB_beta_sigma}). */
    public static final double DEFAULT_BETA_SIGMA = 0.0;
    /** Added to the losses in the logarithm and to the norms in α, as in LibMTL. */
    public static final double EPSILON = 1e-8;

    private static final String STEP = "step";

    private final double beta;
    private final double betaSigma;

    private long step;
    private final StateBuffer average = new StateBuffer(NAME, "b");

    private DBMTL(double beta, double betaSigma) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1), got " + beta);
        }
        if (!(betaSigma >= 0) || Double.isInfinite(betaSigma)) {
            throw new IllegalArgumentException("beta_sigma must be finite and >= 0, got " + betaSigma);
        }
        this.beta = beta;
        this.betaSigma = betaSigma;
    }

    /**
     * DB-MTL with LibMTL's β = {@value #DEFAULT_BETA}, σ = {@value #DEFAULT_BETA_SIGMA}.
     *
     * @return the combiner, with fresh state
     */
    public static DBMTL defaults() {
        return new DBMTL(DEFAULT_BETA, DEFAULT_BETA_SIGMA);
    }

    /**
     * @param beta β ∈ [0, 1), the weight of the past in b's moving average; 0 uses this step's gradients only
     * @return a new combiner with fresh state
     */
    public DBMTL withBeta(double beta) {
        return new DBMTL(beta, betaSigma);
    }

    /**
     * @param betaSigma σ &ge; 0, β_t = β / t^σ
     * @return a new combiner with fresh state
     */
    public DBMTL withBetaSigma(double betaSigma) {
        return new DBMTL(beta, betaSigma);
    }

    @Override
    Combination step(TaskGradients gradients, TaskLosses losses, INDArray out) {
        int k = gradients.numTasks();
        for (int i = 0; i < k; i++) {
            if (!(losses.get(i) > 0)) {
                throw new IllegalArgumentException("'" + NAME + "' takes the logarithm of the losses, so every loss"
                        + " must be > 0: loss of task " + i + " is " + losses.get(i));
            }
        }
        // The finiteness check before b moves: a rejected step leaves the state as it was.
        Gramian.compute(gradients);
        long t = step + 1;
        double betaT = beta / Math.pow(t, betaSigma);
        INDArray b = average.forGradients(gradients);
        double[] scale = new double[k];
        for (int i = 0; i < k; i++) {
            scale[i] = (1 - betaT) / (losses.get(i) + EPSILON);
        }
        ColumnBlocks.update(gradients, b, b, () -> new MovingAverage(betaT, scale));
        TaskGradients averaged = TaskGradients.of(b);
        Gramian bb = Gramian.compute(averaged);
        double maxNorm = 0;
        for (int i = 0; i < k; i++) {
            maxNorm = Math.max(maxNorm, bb.norm(i));
        }
        double[] alpha = new double[k];
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            alpha[i] = maxNorm / (bb.norm(i) + EPSILON);
            weights[i] = alpha[i] * scale[i];
        }
        step = t;
        averaged.weightedSumInto(alpha, out);
        return new Combination(out, Weights.of(weights), null);
    }

    /** Test hook: arrays allocated for b so far (the allocation rule: once, and again only after reset or restore). */
    int allocations() {
        return average.allocations();
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
        return true;
    }

    /** Forgets b and the step count; b is allocated again at the next step. */
    @Override
    public void reset() {
        step = 0;
        average.reset();
    }

    /**
     * The step counter and b (K x P, in double, with its shape).
     *
     * @return the state after the last step
     */
    @Override
    public CombinerState snapshot() {
        Map<String, double[]> values = new HashMap<>();
        values.put(STEP, new double[] {step});
        average.snapshotInto(values);
        return CombinerState.of(NAME, values);
    }

    @Override
    public void restore(CombinerState state) {
        StateValues.owned(state, NAME);
        long restoredStep = StateValues.counter(state, STEP);
        average.restoreFrom(state);
        step = restoredStep;
    }

    /**
     * Same configuration, fresh state.
     *
     * @return the copy
     */
    @Override
    public DBMTL copy() {
        return new DBMTL(beta, betaSigma);
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "DB-MTL: log losses, moving-average gradients scaled to the largest norm",
                Set.of("beta", "beta_sigma"),
                o -> new DBMTL(o.getDouble("beta", DEFAULT_BETA), o.getDouble("beta_sigma", DEFAULT_BETA_SIGMA)));
    }

    /** Equal β and σ (b and the step are state and are not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof DBMTL && Double.compare(beta, ((DBMTL) o).beta) == 0
                && Double.compare(betaSigma, ((DBMTL) o).betaSigma) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(beta, betaSigma);
    }

    @Override
    public String toString() {
        return NAME + "(beta=" + beta + ", beta_sigma=" + betaSigma + ")";
    }
}
