package org.mto4j.optimizers;

import java.util.Set;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.CombinerState;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.LearnableWeighting;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Impartial Multi-Task Learning, the hybrid of the paper: the losses are scaled by IMTL-L's learned factors
 * e^(sᵢ), and IMTL-G combines the gradients of the scaled losses with equal projections onto every unit gradient.
 * <pre>
 *   cᵢ = e^(sᵢ),  g̃ᵢ = cᵢ gᵢ,  ũᵢ = g̃ᵢ / ‖g̃ᵢ‖         IMTL-L's scales ({@link IMTLL}), s₀ = 0
 *   D = [g̃₀ − g̃ᵢ]ᵢ₌₁..K₋₁,  U = [ũ₀ − ũᵢ]ᵢ₌₁..K₋₁
 *   α₁..K₋₁ = g̃₀ Uᵀ (D Uᵀ)⁻¹,  α₀ = 1 − Σᵢ₌₁..K₋₁ αᵢ     the paper's closed form: d·ũᵢ equal for all i, Σα = 1
 *   d = Σᵢ αᵢ g̃ᵢ = Σᵢ wᵢ gᵢ,   wᵢ = αᵢ cᵢ
 *   then sᵢ trained on Σᵢ e^(sᵢ) Lᵢ − sᵢ:   ∂/∂sᵢ = e^(sᵢ) Lᵢ − 1
 * </pre>
 * Every product in D Uᵀ and g̃₀ Uᵀ is an entry of the scaled Gram matrix C G C (C = diag(c)) divided by norms, so
 * this is a Gram weighting: G, a (K−1) x (K−1) solve, one GEMV. The system is far better conditioned than G itself
 * when task norms differ (rows scaled 10⁻³..10³: condition number about 1 against 10¹²). When it is singular (a
 * zero gradient, two equal unit gradients, rank-deficient J; pivot below K·{@value #SINGULAR_TOLERANCE} of its
 * largest entry) the weights are {@link IMTLG}'s pseudo-inverse generalisation on C G C, which gives a zero
 * gradient weight 0. The reported weights are the true effective wᵢ = αᵢ cᵢ (LibMTL reports α, which is the same
 * at its first step, where c = 1).
 *
 * <p>Liu, Li, Kuang, Xue, Chen, Yang, Liao, Zhang, "Towards Impartial Multi-task Learning", ICLR 2021 (no arXiv
 * version).
 *
 * <p>Option: {@code lr} (&ge; 0, default {@value IMTLL#DEFAULT_LR}): as in {@link IMTLL}, 0 leaves the training of
 * s to the caller ({@link #parameterGradient()}, {@link #setParameters(double[])}; mto-training's adapters
 * train it with the model's updater), &gt; 0 steps it with a
 * built-in Adam after the weights are taken. The default reproduces LibMTL's {@code IMTL}, which solves the same
 * closed form with task 0 as the reference; where its system is singular LibMTL's output is NaN or rounding noise.
 *
 * <p>Losses must be &ge; 0. Stateful (IMTL-L's scales), not thread-safe; {@link #copy()} gives the same
 * configuration with fresh state.
 *
 * @since 0.1.0
 */
public final class IMTL implements GramWeighting, LearnableWeighting {

    /** Registry name. */
    public static final String NAME = "imtl";
    /**
     * The paper's (K−1) x (K−1) system counts as singular when a pivot of its elimination falls to K times this
     * fraction of its largest entry (DOUBLE's machine epsilon, 2⁻⁵²); IMTL-G's pseudo-inverse then takes over.
     */
    public static final double SINGULAR_TOLERANCE = 0x1p-52;

    private final IMTLL scales;

    private IMTL(IMTLL scales) {
        this.scales = scales;
    }

    /**
     * IMTL without a built-in optimizer for the scales.
     *
     * @return a new instance with fresh state
     */
    public static IMTL defaults() {
        return new IMTL(IMTLL.defaults());
    }

    /**
     * The same configuration otherwise, with fresh state.
     *
     * @param lr learning rate of the built-in Adam on the log-scales, &ge; 0 (0: the caller trains them)
     * @return a new instance
     */
    public IMTL withLearningRate(double lr) {
        return new IMTL(scales.withLearningRate(lr));
    }

    /**
     * The built-in Adam's learning rate.
     *
     * @return lr, 0 when the caller trains the log-scales
     */
    public double learningRate() {
        return scales.learningRate();
    }

    /**
     * IMTL-G's weights for the scaled gradients cᵢgᵢ, times the scales; then the scales' step.
     *
     * @param gramian G = J Jᵀ
     * @param losses  the K losses of this step, each &ge; 0
     * @return wᵢ = αᵢ e^(sᵢ); closed-form diagnostics, or the eigendecomposition's on the fallback
     */
    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        double[] c = scales.scales(k, losses, NAME);
        double[][] scaled = gramian.toArray();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                scaled[i][j] *= c[i] * c[j];
            }
        }
        double[] alpha = closedForm(scaled);
        Weights w = alpha != null ? Weights.of(alpha) : IMTLG.instance().weigh(Gramian.of(scaled), null);
        double[] values = w.values();
        for (int i = 0; i < k; i++) {
            values[i] *= c[i];
        }
        return new Weights(values, w.diagnostics());
    }

    /**
     * The paper's α for the Gram matrix g of the gradients it combines, or null when its system is singular
     * (a zero gradient, equal unit gradients, rank-deficient J).
     */
    static double[] closedForm(double[][] g) {
        int k = g.length;
        double[] alpha = new double[k];
        alpha[0] = 1;
        if (k == 1) {
            return alpha;
        }
        double[] n = new double[k];
        for (int i = 0; i < k; i++) {
            n[i] = Math.sqrt(g[i][i]);
            if (!(n[i] > 0)) {
                return null;
            }
        }
        // Mᵀ α' = b with M_ij = (g₀ − gᵢ)·(u₀ − uⱼ), b_j = g₀·(u₀ − uⱼ), i, j = 1..K−1; row-major Mᵀ.
        int m = k - 1;
        double[] transposed = new double[m * m];
        double[] b = new double[m];
        for (int j = 1; j < k; j++) {
            b[j - 1] = g[0][0] / n[0] - g[0][j] / n[j];
            for (int i = 1; i < k; i++) {
                transposed[(j - 1) * m + (i - 1)] = b[j - 1] - g[i][0] / n[0] + g[i][j] / n[j];
            }
        }
        double[] rest = LinearSystem.solve(transposed, m, b, k * SINGULAR_TOLERANCE);
        if (rest == null) {
            return null;
        }
        for (int i = 1; i < k; i++) {
            alpha[i] = rest[i - 1];
            alpha[0] -= rest[i - 1];
        }
        return alpha;
    }

    /**
     * The log-scales sᵢ.
     *
     * @return a copy, or an empty array before the first step
     */
    @Override
    public double[] parameters() {
        return scales.parameters();
    }

    /**
     * ∂/∂sᵢ = e^(sᵢ)Lᵢ − 1 at the last step's log-scales and losses.
     *
     * @return a copy, or an empty array before the first step
     */
    @Override
    public double[] parameterGradient() {
        return scales.parameterGradient();
    }

    @Override
    public void setParameters(double[] values) {
        scales.setParameters(values);
    }

    /**
     * Whether the built-in Adam steps the log-scales.
     *
     * @return true when {@code lr} &gt; 0; false when the caller (or mto-training's adapter) trains them
     */
    @Override
    public boolean trainsItself() {
        return scales.trainsItself();
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

    @Override
    public void reset() {
        scales.reset();
    }

    @Override
    public CombinerState snapshot() {
        return CombinerState.of(NAME, scales.save());
    }

    @Override
    public void restore(CombinerState state) {
        scales.restoreFrom(StateValues.owned(state, NAME));
    }

    /**
     * The same configuration with fresh state.
     *
     * @return a new instance
     */
    @Override
    public IMTL copy() {
        return new IMTL(scales.copy());
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "IMTL: IMTL-L's learned loss scales with IMTL-G's impartial combination",
                Set.of("lr"), o -> new GramCombiner(defaults().withLearningRate(o.getDouble("lr", IMTLL.DEFAULT_LR))));
    }

    /** Equal configuration (the state is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof IMTL && scales.equals(((IMTL) o).scales);
    }

    @Override
    public int hashCode() {
        return 31 * NAME.hashCode() + scales.hashCode();
    }

    @Override
    public String toString() {
        return NAME + "(lr=" + scales.learningRate() + ")";
    }
}
