package org.mto4j.optimizers;

import java.util.SplittableRandom;

/**
 * The order in which {@link PCGrad} and {@link GradVac} visit the other tasks when they modify task i's gradient.
 *
 * @since 0.1.0
 */
public enum ProjectionOrder {

    /**
     * A fresh uniformly random order for every task i and step (the papers' and both libraries' choice), drawn
     * from the method's seed and step counter, so a run repeats exactly and a restored checkpoint continues the
     * same sequence.
     */
    RANDOM,

    /** Tasks in index order 0, 1, ..., K − 1: deterministic and stateless, but not permutation invariant. */
    FIXED;

    /**
     * The visiting order of every task for one step: row i is a permutation of 0..K−1.
     *
     * @param seed the method's seed
     * @param step the 0-based step number
     */
    int[][] orders(long seed, long step, int k) {
        int[][] orders = new int[k][k];
        // One generator per (seed, step): mixing through a SplittableRandom draw keeps consecutive steps'
        // sequences unrelated (seeding with seed + step directly would make them shifted copies of each other).
        SplittableRandom random = this == RANDOM
                ? new SplittableRandom(new SplittableRandom(seed ^ (step * 0x9E3779B97F4A7C15L)).nextLong())
                : null;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                orders[i][j] = j;
            }
            if (random != null) {
                for (int j = k - 1; j > 0; j--) {
                    int s = random.nextInt(j + 1);
                    int t = orders[i][j];
                    orders[i][j] = orders[i][s];
                    orders[i][s] = t;
                }
            }
        }
        return orders;
    }
}
