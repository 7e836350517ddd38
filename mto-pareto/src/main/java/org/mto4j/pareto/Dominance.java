package org.mto4j.pareto;

/**
 * The outcome of comparing two points under Pareto dominance, and the dominance relations built on it.
 *
 * <p>Dominance is a partial order, so it is returned as an enum and never as a {@code Comparator} int.
 * With every objective written in minimization form (a maximized f becomes −f):
 * <pre>
 *   a ≼ b   (a weakly dominates b)        ⇔  ∀j: a_j ≤ b_j
 *   a ≺ b   (a dominates b)               ⇔  a ≼ b  ∧  ∃j: a_j &lt; b_j
 *   a ≺≺ b  (a strictly dominates b)      ⇔  ∀j: a_j &lt; b_j
 *   a ≼ε+ b (additive ε-dominance)        ⇔  ∀j: a_j − ε ≤ b_j
 *   a ≼ε× b (multiplicative ε-dominance)  ⇔  ∀j: a_j ≤ ε·b_j            (minimized objectives, values &gt; 0)
 *                                             ∀j: ε·a_j ≥ b_j            (maximized objectives, values &gt; 0)
 * </pre>
 * Reference: E. Zitzler, L. Thiele, M. Laumanns, C. M. Fonseca, V. Grunert da Fonseca, "Performance
 * assessment of multiobjective optimizers: an analysis and review", IEEE Trans. Evol. Comput. 7(2), 2003.
 *
 * <p>NaN is rejected with an {@link IllegalArgumentException}; ±∞ compare as ordinary values.
 *
 * <p>Thread safety: an enum and static methods without state.
 *
 * @since 0.1.0
 */
public enum Dominance {
    /** The first point dominates the second. */
    DOMINATES,
    /** The second point dominates the first. */
    DOMINATED,
    /** The points are equal in every objective. */
    EQUAL,
    /** Each point is better than the other in some objective. */
    INCOMPARABLE;

    /**
     * Compares {@code a} with {@code b} under Pareto dominance.
     *
     * @param a      first point (not modified)
     * @param b      second point (not modified)
     * @param senses one sense per objective
     * @return how {@code a} relates to {@code b}
     */
    public static Dominance compare(double[] a, double[] b, Sense[] senses) {
        checkPair(a, b, senses);
        boolean aBetter = false;
        boolean bBetter = false;
        for (int j = 0; j < senses.length; j++) {
            double x = senses[j].toMinimization(a[j]);
            double y = senses[j].toMinimization(b[j]);
            if (x < y) {
                aBetter = true;
            } else if (y < x) {
                bBetter = true;
            }
        }
        if (aBetter) {
            return bBetter ? INCOMPARABLE : DOMINATES;
        }
        return bBetter ? DOMINATED : EQUAL;
    }

    /** Returns whether {@code a} dominates {@code b}: no worse in every objective and better in one. */
    public static boolean dominates(double[] a, double[] b, Sense[] senses) {
        return compare(a, b, senses) == DOMINATES;
    }

    /** Returns whether {@code a} weakly dominates {@code b}: no worse in every objective. */
    public static boolean weaklyDominates(double[] a, double[] b, Sense[] senses) {
        return additiveEpsilonDominates(a, b, 0.0, senses);
    }

    /** Returns whether {@code a} strictly dominates {@code b}: better in every objective. */
    public static boolean strictlyDominates(double[] a, double[] b, Sense[] senses) {
        checkPair(a, b, senses);
        for (int j = 0; j < senses.length; j++) {
            if (!(senses[j].toMinimization(a[j]) < senses[j].toMinimization(b[j]))) {
                return false;
            }
        }
        return senses.length > 0;
    }

    /**
     * Returns whether {@code a} additively ε-dominates {@code b}: {@code ∀j: a_j − ε ≤ b_j} in minimization form.
     *
     * @param epsilon the additive slack, finite (may be negative)
     */
    public static boolean additiveEpsilonDominates(double[] a, double[] b, double epsilon, Sense[] senses) {
        checkPair(a, b, senses);
        if (!Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite, got " + epsilon);
        }
        for (int j = 0; j < senses.length; j++) {
            if (senses[j].toMinimization(a[j]) - epsilon > senses[j].toMinimization(b[j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns whether {@code a} multiplicatively ε-dominates {@code b}: {@code a_j ≤ ε·b_j} for minimized and
     * {@code ε·a_j ≥ b_j} for maximized objectives. All values must be strictly positive.
     *
     * @param epsilon the factor, finite and &gt; 0
     */
    public static boolean multiplicativeEpsilonDominates(double[] a, double[] b, double epsilon, Sense[] senses) {
        checkPair(a, b, senses);
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        for (int j = 0; j < senses.length; j++) {
            if (!(a[j] > 0) || !(b[j] > 0)) {
                throw new IllegalArgumentException("multiplicative epsilon-dominance needs values > 0, got a[" + j
                        + "] = " + a[j] + " and b[" + j + "] = " + b[j]);
            }
            boolean ok = senses[j] == Sense.MINIMIZE ? a[j] <= epsilon * b[j] : epsilon * a[j] >= b[j];
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void checkPair(double[] a, double[] b, Sense[] senses) {
        Points.checkSenses(senses);
        Points.checkVector(a, "a", senses.length);
        Points.checkVector(b, "b", senses.length);
    }
}
