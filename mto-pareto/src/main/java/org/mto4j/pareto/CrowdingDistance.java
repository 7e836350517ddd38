package org.mto4j.pareto;

/**
 * Crowding distance of Deb et al. (NSGA-II), defined by values so that it is the same for every order of
 * the input, on flat objectives and on duplicates.
 *
 * <pre>
 *   cd(i) = Σ_j  (next_j(i) − prev_j(i)) / (max_j − min_j)
 *     next_j(i): smallest value of objective j strictly above f_j(i)
 *     prev_j(i): largest value of objective j strictly below f_j(i)
 *   cd(i) = +∞ when f_j(i) is the smallest or largest value of some non-flat objective j
 *   a flat objective (max_j = min_j) adds 0
 * </pre>
 * Reference: K. Deb, A. Pratap, S. Agarwal, T. Meyarivan, "A fast and elitist multiobjective genetic
 * algorithm: NSGA-II", IEEE TEVC 6(2), 2002. Departure: the paper takes neighbours in a sorted order, so
 * tied values get distances that depend on how the sort broke the tie; here neighbours are the next
 * distinct values, so tied points (and identical points) get equal distances. Usually applied to one front
 * at a time. Time O(m·n log n).
 *
 * <p>Inputs are only read. Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class CrowdingDistance {
    private CrowdingDistance() {
    }

    /** Returns the crowding distance of every point. Senses do not change it, but are checked for shape. */
    public static double[] of(double[][] points, Sense[] senses) {
        double[] flat = Points.minimizationFlat(points, "points", senses);
        int n = points.length;
        int m = senses.length;
        double[] distance = new double[n];
        int[] ids = new int[n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                ids[i] = i;
            }
            Sorting.sortByObjective(ids, n, flat, m, j);
            if (n == 0) {
                continue;
            }
            double min = flat[ids[0] * m + j];
            double max = flat[ids[n - 1] * m + j];
            if (min == max) {
                continue;
            }
            double range = max - min;
            int start = 0;
            while (start < n) {
                double v = flat[ids[start] * m + j];
                int end = start;
                while (end < n && flat[ids[end] * m + j] == v) {
                    end++;
                }
                double add;
                if (start == 0 || end == n) {
                    add = Double.POSITIVE_INFINITY;
                } else {
                    add = (flat[ids[end] * m + j] - flat[ids[start - 1] * m + j]) / range;
                }
                for (int t = start; t < end; t++) {
                    distance[ids[t]] += add;
                }
                start = end;
            }
        }
        return distance;
    }
}
