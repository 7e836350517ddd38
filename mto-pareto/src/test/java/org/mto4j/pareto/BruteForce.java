package org.mto4j.pareto;

/** O(n²) reference implementations, written straight from the definitions, for the tests. */
final class BruteForce {
    private BruteForce() {
    }

    static int[] front(double[][] p, Sense[] s) {
        int[] rank = ranks(p, s);
        return java.util.stream.IntStream.range(0, p.length).filter(i -> rank[i] == 0).toArray();
    }

    /** Rank by repeated peeling: front k = non-dominated points among those not in fronts 0..k−1. */
    static int[] ranks(double[][] p, Sense[] s) {
        int n = p.length;
        int[] rank = new int[n];
        java.util.Arrays.fill(rank, -1);
        int assigned = 0;
        for (int k = 0; assigned < n; k++) {
            boolean[] now = new boolean[n];
            for (int i = 0; i < n; i++) {
                if (rank[i] != -1) {
                    continue;
                }
                boolean dominated = false;
                for (int j = 0; j < n && !dominated; j++) {
                    dominated = rank[j] == -1 && Dominance.compare(p[j], p[i], s) == Dominance.DOMINATES;
                }
                now[i] = !dominated;
            }
            for (int i = 0; i < n; i++) {
                if (now[i]) {
                    rank[i] = k;
                    assigned++;
                }
            }
        }
        return rank;
    }
}
