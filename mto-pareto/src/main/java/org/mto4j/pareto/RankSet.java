package org.mto4j.pareto;

/**
 * A set of integers in [0, universe) as a tree of 64-bit words: bit i of level l+1 says whether word i of
 * level l is non-zero. Insert, remove, predecessor and successor cost O(log₆₄ universe) word operations,
 * which makes it a constant-time ordered set for the sizes this package handles.
 */
final class RankSet {
    private final long[][] levels;

    RankSet(int universe) {
        int count = 1;
        for (int size = universe; size > 64; size = (size + 63) >>> 6) {
            count++;
        }
        levels = new long[count][];
        int size = universe;
        for (int l = 0; l < count; l++) {
            levels[l] = new long[Math.max(1, (size + 63) >>> 6)];
            size = (size + 63) >>> 6;
        }
    }

    void add(int i) {
        for (long[] level : levels) {
            level[i >>> 6] |= 1L << i;
            i >>>= 6;
        }
    }

    void remove(int i) {
        for (long[] level : levels) {
            long word = level[i >>> 6] & ~(1L << i);
            level[i >>> 6] = word;
            if (word != 0) {
                return;
            }
            i >>>= 6;
        }
    }

    /** Smallest element &gt;= i, or −1. */
    int successor(int i) {
        for (int l = 0; l < levels.length; l++) {
            int w = i >>> 6;
            if (w >= levels[l].length) {
                return -1;
            }
            long bits = levels[l][w] & (-1L << i);
            if (bits != 0) {
                i = (w << 6) + Long.numberOfTrailingZeros(bits);
                while (l > 0) {
                    l--;
                    i = (i << 6) + Long.numberOfTrailingZeros(levels[l][i]);
                }
                return i;
            }
            i = w + 1;
        }
        return -1;
    }

    /** Largest element &lt;= i, or −1. */
    int predecessor(int i) {
        if (i < 0) {
            return -1;
        }
        for (int l = 0; l < levels.length; l++) {
            int w = i >>> 6;
            long bits = levels[l][w] & (-1L >>> (63 - (i & 63)));
            if (bits != 0) {
                i = (w << 6) + 63 - Long.numberOfLeadingZeros(bits);
                while (l > 0) {
                    l--;
                    i = (i << 6) + 63 - Long.numberOfLeadingZeros(levels[l][i]);
                }
                return i;
            }
            if (w == 0) {
                return -1;
            }
            i = w - 1;
        }
        return -1;
    }
}
