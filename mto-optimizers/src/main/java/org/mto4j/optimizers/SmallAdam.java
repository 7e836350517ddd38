package org.mto4j.optimizers;

import java.util.Map;

import org.mto4j.core.CombinerState;

/**
 * Adam (Kingma &amp; Ba, ICLR 2015, arXiv:1412.6980) on a short vector of a method's own parameters (FAMO's
 * logits, UW's log-variances), with PyTorch's defaults and its coupled L2 weight decay, so that a method whose
 * reference implementation uses {@code torch.optim.Adam(lr, weight_decay)} follows the same rule:
 * <pre>
 *   g ← g + λ θ,   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,   t ← t + 1
 *   θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * State: m, v (sized at the first step) and t; not thread-safe.
 */
final class SmallAdam {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final double learningRate;
    private final double weightDecay;
    private final String prefix;
    private double[] m;
    private double[] v;
    private long t;

    /**
     * @param learningRate η &gt; 0
     * @param weightDecay  λ &ge; 0
     * @param prefix       prefix of this optimizer's keys in its owner's snapshot
     */
    SmallAdam(double learningRate, double weightDecay, String prefix) {
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.prefix = prefix;
    }

    /** One step on {@code params} (modified in place) with the gradient {@code grad} (not modified). */
    void step(double[] params, double[] grad) {
        int k = params.length;
        if (m == null || m.length != k) {
            m = new double[k];
            v = new double[k];
            t = 0;
        }
        t++;
        double bias1 = 1 - Math.pow(BETA1, t);
        double sqrtBias2 = Math.sqrt(1 - Math.pow(BETA2, t));
        double stepSize = learningRate / bias1;
        for (int i = 0; i < k; i++) {
            double g = grad[i] + weightDecay * params[i];
            m[i] = BETA1 * m[i] + (1 - BETA1) * g;
            v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
            params[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / sqrtBias2 + EPSILON);
        }
    }

    void reset() {
        m = null;
        v = null;
        t = 0;
    }

    void save(Map<String, double[]> values) {
        values.put(prefix + "adam_m", StateValues.orEmpty(m));
        values.put(prefix + "adam_v", StateValues.orEmpty(v));
        values.put(prefix + "adam_t", new double[] {t});
    }

    void restore(CombinerState state) {
        double[] savedM = StateValues.vectorOrNull(state, prefix + "adam_m", -1);
        double[] savedV = StateValues.vectorOrNull(state, prefix + "adam_v", savedM == null ? 0 : savedM.length);
        if ((savedM == null) != (savedV == null)) {
            throw new IllegalArgumentException("state of " + state.owner() + " holds Adam moments of different"
                    + " lengths");
        }
        m = savedM;
        v = savedV;
        t = StateValues.counter(state, prefix + "adam_t");
    }
}
