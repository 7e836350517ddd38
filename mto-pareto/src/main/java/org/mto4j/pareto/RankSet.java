package org.mto4j.pareto;

import java.util.Arrays;

/**
 * A set of integers in [0, universe) as a tree of 64-bit words: bit i of level l+1 says whether word i of
 * level l is non-zero. Insert, remove, predecessor and successor cost O(log₆₄ universe) word operations,
 * which makes it a constant-time ordered set for the sizes this package handles. Universes of at most 4,096
 * (two levels: the words and one summary word) take a loop-free path.
 */
final class RankSet {
    private final long[][] levels;
    /** Level 0. */
    private final long[] words;
    /** Whether the set has exactly two levels, the second a single summary word. */
    private final boolean twoLevels;
    /** With two levels, the second level's single word (kept in a field, not in {@code levels}). */
    private long summary;

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
        words = levels[0];
        twoLevels = count == 2;
    }

    /** Removes every element. */
    void clear() {
        if (twoLevels) {
            for (long bits = summary; bits != 0; bits &= bits - 1) {
                words[Long.numberOfTrailingZeros(bits)] = 0;
            }
            summary = 0;
            return;
        }
        for (long[] level : levels) {
            Arrays.fill(level, 0L);
        }
    }

    void add(int i) {
        if (twoLevels) {
            words[i >>> 6] |= 1L << i;
            summary |= 1L << (i >>> 6);
            return;
        }
        for (long[] level : levels) {
            level[i >>> 6] |= 1L << i;
            i >>>= 6;
        }
    }

    void remove(int i) {
        if (twoLevels) {
            long word = words[i >>> 6] & ~(1L << i);
            words[i >>> 6] = word;
            if (word == 0) {
                summary &= ~(1L << (i >>> 6));
            }
            return;
        }
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
        if (twoLevels) {
            int w = i >>> 6;
            if (w >= words.length) {
                return -1;
            }
            long bits = words[w] & (-1L << i);
            if (bits != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(bits);
            }
            long above = summary & (-2L << w);
            if (above == 0) {
                return -1;
            }
            int v = Long.numberOfTrailingZeros(above);
            return (v << 6) + Long.numberOfTrailingZeros(words[v]);
        }
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
        if (twoLevels) {
            int w = i >>> 6;
            long bits = words[w] & (-1L >>> (63 - (i & 63)));
            if (bits != 0) {
                return (w << 6) + 63 - Long.numberOfLeadingZeros(bits);
            }
            long below = summary & ((1L << w) - 1);
            if (below == 0) {
                return -1;
            }
            int v = 63 - Long.numberOfLeadingZeros(below);
            return (v << 6) + 63 - Long.numberOfLeadingZeros(words[v]);
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
