package org.mto4j.pareto;

import java.util.Arrays;

/**
 * Knee points: the front points that bulge furthest towards the ideal point, where a small gain in one
 * objective costs a large loss in another.
 *
 * <pre>
 *   f̂ = front normalized between its ideal (0) and nadir (1)
 *   E = the m extreme points, e_j = argmin_{f̂ ∈ F} f̂_j  (ties: smallest Σ f̂)
 *   hyperplane through E: a·f̂ = 1  (a solved from E; a = (1, …, 1) when E is degenerate)
 *   knee score(f̂) = (1 − a·f̂) / ‖a‖     (signed distance below the hyperplane; larger = more of a knee)
 * </pre>
 * Reference: the distance-to-the-extreme-hyperplane definition of X. Zhang, Y. Tian, Y. Jin, "A knee point
 * driven evolutionary algorithm for many-objective optimization", IEEE TEVC 19(6), 2015 (without its
 * neighbourhood niching), in turn after I. Das, "On characterizing the 'knee' of the Pareto curve based on
 * normal-boundary intersection", Struct. Optim. 18, 1999.
 *
 * <p>Only first-front points can be knees; identical copies count once (the smallest index). Inputs are
 * only read. Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class KneePoints {
    /** Pivots smaller than this make the extreme points degenerate, and the plane Σ f̂ = 1 is used. */
    static final double SINGULAR_PIVOT = 1e-12;

    private KneePoints() {
    }

    /**
     * Returns the indices of the {@code count} front points with the largest knee score, best first (ties by
     * index). Fewer are returned when the front is smaller.
     */
    public static int[] select(double[][] points, Sense[] senses, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        double[] scores = scores(points, senses);
        Integer[] front = java.util.stream.IntStream.range(0, scores.length)
                .filter(i -> !Double.isNaN(scores[i])).boxed().toArray(Integer[]::new);
        Arrays.sort(front, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a])
                : Integer.compare(a, b));
        int k = Math.min(count, front.length);
        int[] out = new int[k];
        for (int t = 0; t < k; t++) {
            out[t] = front[t];
        }
        return out;
    }

    /** Returns every point's knee score; NaN for points not on the first front (and for later identical copies). */
    public static double[] scores(double[][] points, Sense[] senses) {
        int[] front = ParetoFront.indices(points, senses, DuplicatePolicy.KEEP_FIRST);
        double[] scores = new double[points.length];
        Arrays.fill(scores, Double.NaN);
        if (front.length == 0) {
            return scores;
        }
        int m = senses.length;
        double[][] f = new double[front.length][];
        for (int t = 0; t < front.length; t++) {
            f[t] = points[front[t]];
        }
        double[][] x = Normalization.normalize(f, Normalization.ideal(f, senses), Normalization.nadir(f, senses),
                senses);
        double[] a = plane(x, m);
        double norm = 0;
        for (double v : a) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        for (int t = 0; t < front.length; t++) {
            double dot = 0;
            for (int j = 0; j < m; j++) {
                dot += a[j] * x[t][j];
            }
            scores[front[t]] = (1 - dot) / norm;
        }
        return scores;
    }

    /** Coefficients a of the hyperplane a·x = 1 through the extreme points, or all ones if degenerate. */
    private static double[] plane(double[][] x, int m) {
        double[][] system = new double[m][];
        for (int j = 0; j < m; j++) {
            int best = 0;
            for (int t = 1; t < x.length; t++) {
                if (x[t][j] < x[best][j] || (x[t][j] == x[best][j] && sum(x[t]) < sum(x[best]))) {
                    best = t;
                }
            }
            system[j] = Arrays.copyOf(x[best], m + 1);
            system[j][m] = 1.0;
        }
        double[] a = LinearSystems.solve(system, m, SINGULAR_PIVOT);
        boolean usable = a != null;
        for (int j = 0; usable && j < m; j++) {
            usable = a[j] > 0 && Double.isFinite(a[j]);
        }
        if (!usable) {
            a = new double[m];
            Arrays.fill(a, 1.0);
        }
        return a;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
