package org.mto4j.pareto;

/**
 * Unary quality indicators of an approximation set A against a reference set R (usually a known front),
 * all computed in minimization form (a maximized f is read as −f) with Euclidean distances.
 *
 * <pre>
 *   GD(A, R)   = (1/|A|) Σ_{a∈A} min_{r∈R} ‖a − r‖
 *   IGD(A, R)  = (1/|R|) Σ_{r∈R} min_{a∈A} ‖a − r‖
 *   IGD⁺(A, R) = (1/|R|) Σ_{r∈R} min_{a∈A} √( Σ_j max(a_j − r_j, 0)² )
 *   I_ε+(A, R) = max_{r∈R} min_{a∈A} max_j (a_j − r_j)
 *   I_ε×(A, R) = max_{r∈R} min_{a∈A} max_j a_j / r_j          (values &gt; 0; r_j / a_j when maximized)
 *   R2(A, W, z*) = (1/|W|) Σ_{w∈W} min_{a∈A} max_j w_j |a_j − z*_j|
 * </pre>
 * References: GD and IGD with the power p = 1 as in H. Ishibuchi, H. Masuda, Y. Tanigaki, Y. Nojima,
 * "Modified distance calculation in generational distance and inverted generational distance", EMO 2015,
 * which also defines IGD⁺; ε indicators from E. Zitzler et al., IEEE TEVC 7(2), 2003; R2 with the
 * Tchebycheff utility from D. Brockhoff, T. Wagner, H. Trautmann, "On the properties of the R2 indicator",
 * GECCO 2012. The ideal point z* of R2 and any normalization are explicit arguments.
 *
 * <p>Cost O(|A|·|R|·m) time, O(m·(|A| + |R|)) memory. Inputs are only read. Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class QualityIndicators {
    private QualityIndicators() {
    }

    /** Generational distance: mean distance from each point of A to its nearest point of R. */
    public static double generationalDistance(double[][] approximation, double[][] reference, Sense[] senses) {
        Pair s = Pair.of(approximation, reference, senses);
        double total = 0;
        for (int a = 0; a < s.na; a++) {
            double best = Double.POSITIVE_INFINITY;
            for (int r = 0; r < s.nr; r++) {
                best = Math.min(best, s.distance(a, r, false));
            }
            total += Math.sqrt(best);
        }
        return total / s.na;
    }

    /** Inverted generational distance: mean distance from each point of R to its nearest point of A. */
    public static double invertedGenerationalDistance(double[][] approximation, double[][] reference,
            Sense[] senses) {
        return inverted(Pair.of(approximation, reference, senses), false);
    }

    /** IGD⁺: like IGD, but only the objectives in which a is worse than r count. Weakly Pareto compliant. */
    public static double invertedGenerationalDistancePlus(double[][] approximation, double[][] reference,
            Sense[] senses) {
        return inverted(Pair.of(approximation, reference, senses), true);
    }

    private static double inverted(Pair s, boolean plus) {
        double total = 0;
        for (int r = 0; r < s.nr; r++) {
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < s.na; a++) {
                best = Math.min(best, s.distance(a, r, plus));
            }
            total += Math.sqrt(best);
        }
        return total / s.nr;
    }

    /** Additive ε: the smallest ε such that every point of R is weakly dominated by some point of A shifted by −ε. */
    public static double additiveEpsilon(double[][] approximation, double[][] reference, Sense[] senses) {
        Pair s = Pair.of(approximation, reference, senses);
        int m = s.m;
        double worst = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < s.nr; r++) {
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < s.na; a++) {
                double gap = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    gap = Math.max(gap, s.a[a * m + j] - s.r[r * m + j]);
                }
                best = Math.min(best, gap);
            }
            worst = Math.max(worst, best);
        }
        return worst;
    }

    /** Multiplicative ε: the smallest factor ε such that every point of R is ε×-dominated by a point of A. */
    public static double multiplicativeEpsilon(double[][] approximation, double[][] reference, Sense[] senses) {
        Pair s = Pair.of(approximation, reference, senses);
        int m = s.m;
        positive(approximation, "approximation");
        positive(reference, "reference");
        double worst = 0;
        for (int r = 0; r < s.nr; r++) {
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < s.na; a++) {
                double factor = 0;
                for (int j = 0; j < m; j++) {
                    double ratio = senses[j] == Sense.MINIMIZE
                            ? approximation[a][j] / reference[r][j]
                            : reference[r][j] / approximation[a][j];
                    factor = Math.max(factor, ratio);
                }
                best = Math.min(best, factor);
            }
            worst = Math.max(worst, best);
        }
        return worst;
    }

    /**
     * R2 with the weighted Tchebycheff utility: mean over the weights of the best utility in A.
     *
     * @param weights weight vectors, one per row, m non-negative values each
     * @param ideal   the utopian point z*, m values, in the caller's units
     */
    public static double r2(double[][] approximation, double[][] weights, double[] ideal, Sense[] senses) {
        Points.check(approximation, "approximation", senses);
        Points.check(weights, "weights", senses);
        Points.checkVector(ideal, "ideal", senses.length);
        if (approximation.length == 0 || weights.length == 0) {
            throw new IllegalArgumentException("approximation and weights must be non-empty, got "
                    + approximation.length + " points and " + weights.length + " weights");
        }
        double total = 0;
        for (double[] w : weights) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] a : approximation) {
                double utility = 0;
                for (int j = 0; j < senses.length; j++) {
                    utility = Math.max(utility, w[j] * Math.abs(a[j] - ideal[j]));
                }
                best = Math.min(best, utility);
            }
            total += best;
        }
        return total / weights.length;
    }

    private static void positive(double[][] points, String name) {
        for (int i = 0; i < points.length; i++) {
            for (int j = 0; j < points[i].length; j++) {
                if (!(points[i][j] > 0)) {
                    throw new IllegalArgumentException("multiplicative epsilon needs values > 0, got " + name + "["
                            + i + "][" + j + "] = " + points[i][j]);
                }
            }
        }
    }

    /** Both sets validated and flattened in minimization form. */
    private static final class Pair {
        final double[] a;
        final double[] r;
        final int na;
        final int nr;
        final int m;

        private Pair(double[] a, double[] r, int na, int nr, int m) {
            this.a = a;
            this.r = r;
            this.na = na;
            this.nr = nr;
            this.m = m;
        }

        static Pair of(double[][] approximation, double[][] reference, Sense[] senses) {
            double[] a = Points.minimizationFlat(approximation, "approximation", senses);
            double[] r = Points.minimizationFlat(reference, "reference", senses);
            if (approximation.length == 0 || reference.length == 0) {
                throw new IllegalArgumentException("approximation and reference must be non-empty, got "
                        + approximation.length + " and " + reference.length + " points");
            }
            return new Pair(a, r, approximation.length, reference.length, senses.length);
        }

        /** Squared distance between a point of A and a point of R; with {@code plus}, only where a is worse. */
        double distance(int i, int k, boolean plus) {
            double sum = 0;
            for (int j = 0; j < m; j++) {
                double diff = a[i * m + j] - r[k * m + j];
                if (plus) {
                    diff = Math.max(diff, 0);
                }
                sum += diff * diff;
            }
            return sum;
        }
    }
}
