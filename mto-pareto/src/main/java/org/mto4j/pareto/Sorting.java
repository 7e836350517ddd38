package org.mto4j.pareto;

/**
 * Stable LSD radix sorts of point indices by double and by small-int keys. A double is mapped to a
 * 64-bit key whose unsigned order is the numeric order, and sorted one byte at a time; bytes on which
 * every key agrees are skipped, so values of a narrow range cost few passes.
 */
final class Sorting {
    private static final int INSERTION_LIMIT = 96;

    private Sorting() {
    }

    /** Maps a non-NaN double (−0.0 already folded to 0.0) to a key whose unsigned order is its numeric order. */
    static long key(double v) {
        long bits = Double.doubleToRawLongBits(v);
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    /**
     * Stably sorts {@code ids[0..n)} by {@code flat[id * m + j]} ascending.
     *
     * @param ids the point indices, permuted in place
     */
    static void sortByObjective(int[] ids, int n, double[] flat, int m, int j) {
        long[] keys = new long[n];
        for (int t = 0; t < n; t++) {
            keys[t] = key(flat[ids[t] * m + j]);
        }
        sortByKeys(keys, ids, n);
    }

    /** Stably sorts the pairs (keys[t], ids[t]) for t &lt; n by key, unsigned ascending. Both arrays are permuted. */
    static void sortByKeys(long[] keys, int[] ids, int n) {
        if (n <= INSERTION_LIMIT) {
            insertionSort(keys, ids, n);
            return;
        }
        int[][] counts = new int[8][256];
        for (int t = 0; t < n; t++) {
            long k = keys[t];
            for (int b = 0; b < 8; b++) {
                counts[b][(int) (k >>> (b << 3)) & 0xFF]++;
            }
        }
        long[] k1 = keys;
        int[] i1 = ids;
        long[] k2 = new long[n];
        int[] i2 = new int[n];
        for (int b = 0; b < 8; b++) {
            int[] c = counts[b];
            int shift = b << 3;
            if (c[(int) (k1[0] >>> shift) & 0xFF] == n) {
                continue;
            }
            int sum = 0;
            for (int d = 0; d < 256; d++) {
                int x = c[d];
                c[d] = sum;
                sum += x;
            }
            for (int t = 0; t < n; t++) {
                long k = k1[t];
                int pos = c[(int) (k >>> shift) & 0xFF]++;
                k2[pos] = k;
                i2[pos] = i1[t];
            }
            long[] tk = k1;
            k1 = k2;
            k2 = tk;
            int[] ti = i1;
            i1 = i2;
            i2 = ti;
        }
        if (k1 != keys) {
            System.arraycopy(k1, 0, keys, 0, n);
            System.arraycopy(i1, 0, ids, 0, n);
        }
    }

    private static void insertionSort(long[] keys, int[] ids, int n) {
        for (int t = 1; t < n; t++) {
            long k = keys[t];
            int id = ids[t];
            int s = t - 1;
            while (s >= 0 && Long.compareUnsigned(keys[s], k) > 0) {
                keys[s + 1] = keys[s];
                ids[s + 1] = ids[s];
                s--;
            }
            keys[s + 1] = k;
            ids[s + 1] = id;
        }
    }

    /** Stably sorts {@code ids} by {@code rank[id]}, where every rank is in [0, bound): one counting pass. */
    static void sortByRank(int[] ids, int n, int[] rank, int bound) {
        int[] count = new int[bound + 1];
        for (int t = 0; t < n; t++) {
            count[rank[ids[t]] + 1]++;
        }
        for (int r = 0; r < bound; r++) {
            count[r + 1] += count[r];
        }
        int[] out = new int[n];
        for (int t = 0; t < n; t++) {
            int id = ids[t];
            out[count[rank[id]]++] = id;
        }
        System.arraycopy(out, 0, ids, 0, n);
    }

    /**
     * Returns the dense rank of every point's objective {@code j}: 0 for the smallest value, equal values
     * share a rank. Also returns the number of distinct values in {@code distinct[0]} if non-null.
     */
    static int[] denseRanks(double[] flat, int n, int m, int j, int[] distinct) {
        int[] ids = identity(n);
        sortByObjective(ids, n, flat, m, j);
        int[] rank = new int[n];
        int r = -1;
        double prev = Double.NaN;
        for (int t = 0; t < n; t++) {
            double v = flat[ids[t] * m + j];
            if (t == 0 || v != prev) {
                r++;
                prev = v;
            }
            rank[ids[t]] = r;
        }
        if (distinct != null) {
            distinct[0] = r + 1;
        }
        return rank;
    }

    /** Returns the point indices 0..n−1 sorted lexicographically (objective 0 first); stable for ties. */
    static int[] lexicographicOrder(int[][] ranks, int n, int[] bounds) {
        int[] ids = identity(n);
        for (int j = ranks.length - 1; j >= 0; j--) {
            sortByRank(ids, n, ranks[j], bounds[j]);
        }
        return ids;
    }

    static int[] identity(int n) {
        int[] ids = new int[n];
        for (int t = 0; t < n; t++) {
            ids[t] = t;
        }
        return ids;
    }
}
