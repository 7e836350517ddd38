package org.mto4j.pareto;

/**
 * A point set reduced to integer coordinates: every objective replaced by its dense rank (equal values,
 * equal rank), the points in lexicographic order, and identical points grouped. Dominance between points
 * is decided exactly on the ranks, so the algorithms that use this never compare doubles again.
 */
final class DistinctPoints {
    /** {@code objective[j][i]}: dense rank of point i's objective j among all points. */
    final int[][] objective;
    /** {@code bounds[j]}: number of distinct values of objective j. */
    final int[] bounds;
    /** All point indices in lexicographic order; stable, so copies keep ascending index order. */
    final int[] order;
    /** Group g of identical points is {@code order[groupStart[g] .. groupStart[g + 1])}. */
    final int[] groupStart;
    /** Number of distinct points. */
    final int count;

    private DistinctPoints(int[][] objective, int[] bounds, int[] order, int[] groupStart, int count) {
        this.objective = objective;
        this.bounds = bounds;
        this.order = order;
        this.groupStart = groupStart;
        this.count = count;
    }

    static DistinctPoints of(double[] flat, int n, int m) {
        int[][] objective = new int[m][];
        int[] bounds = new int[m];
        int[] distinct = new int[1];
        for (int j = 0; j < m; j++) {
            objective[j] = Sorting.denseRanks(flat, n, m, j, distinct);
            bounds[j] = distinct[0];
        }
        int[] order = Sorting.lexicographicOrder(objective, n, bounds);
        int[] starts = new int[n + 1];
        int count = 0;
        for (int t = 0; t < n; t++) {
            if (t == 0 || !sameRanks(objective, order[t - 1], order[t])) {
                starts[count++] = t;
            }
        }
        starts[count] = n;
        return new DistinctPoints(objective, bounds, order, starts, count);
    }

    private static boolean sameRanks(int[][] objective, int a, int b) {
        for (int[] column : objective) {
            if (column[a] != column[b]) {
                return false;
            }
        }
        return true;
    }

    /** Returns the representative (first, smallest-index) point of group g. */
    int representative(int g) {
        return order[groupStart[g]];
    }

    /** Returns {@code objective[j]} re-indexed by group: the ranks of the distinct points in lexicographic order. */
    int[][] groupObjectives() {
        int m = objective.length;
        int[][] byGroup = new int[m][count];
        for (int g = 0; g < count; g++) {
            int rep = representative(g);
            for (int j = 0; j < m; j++) {
                byGroup[j][g] = objective[j][rep];
            }
        }
        return byGroup;
    }
}
