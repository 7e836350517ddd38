package org.mto4j.pareto;

import java.util.Arrays;

/**
 * Non-dominated sorting of distinct points by divide and conquer on the objectives, after Jensen (2003)
 * with the handling of equal values by Fortin, Grenier and Parizeau (2013) and the median split into
 * "less", "equal" and "greater" parts of Buzdalov and Shalyto (2014).
 *
 * <p>The points are distinct and given in lexicographic order; their position in that order is their id,
 * so a point can only be dominated by points of smaller id, and objective 0 never needs comparing again.
 * With {@code rank(q) = max{rank(p) + 1 : p ≺ q} ∪ {0}}:
 * <pre>
 *   sortA(S, k): ranks of S, knowing that objectives k+1..m−1 never contradict the id order inside S
 *     k = 1: sweep S by id with a Fenwick tree of prefix maxima over objective 1
 *     else:  split S at the median v of objective k into L (&lt; v), M (= v), H (&gt; v);
 *            sortA(L, k); sortB(L, M, k−1); sortA(M, k−1); sortB(L ∪ M, H, k−1); sortA(H, k)
 *   sortB(L, H, k): raise the ranks of H by those of L (final), knowing every l is no worse than every h
 *     in objectives k+1..m−1
 *     k = 1: merge L and H by id, sweeping with the Fenwick tree
 *     else:  split L ∪ H at the median of objective k and recurse on (L≤, H≤, k), (L≤, H&gt;, k−1), (L&gt;, H&gt;, k)
 * </pre>
 * Time O(n log^(m−1) n), memory O(m·n). Small parts fall back to pairwise comparison. An optional cap
 * saturates the ranks (cap 1 gives the first front), which lets {@code sortB} drop points already at the cap.
 */
final class DivideAndConquerRanker {
    private static final int BRUTE_FORCE_SIZE = 32;
    private static final int BRUTE_FORCE_PRODUCT = 1024;

    private final int[][] obj;
    private final int[] rank;
    private final int cap;
    private final int[] tree;

    private DivideAndConquerRanker(int[][] obj, int count, int bound1, int cap) {
        this.obj = obj;
        this.rank = new int[count];
        this.cap = cap;
        this.tree = new int[bound1 + 1];
        Arrays.fill(tree, -1);
    }

    /**
     * Ranks distinct points given in lexicographic order.
     *
     * @param obj   {@code obj[j][id]}: dense rank of objective j of point id; needs {@code obj.length >= 2}
     * @param count number of points
     * @param cap   ranks are reported as {@code min(rank, cap)}
     * @return rank per point id
     */
    static int[] rank(int[][] obj, int count, int bound1, int cap) {
        DivideAndConquerRanker r = new DivideAndConquerRanker(obj, count, bound1, cap);
        r.sortA(Sorting.identity(count), count, obj.length - 1);
        return r.rank;
    }

    private void raise(int q, int dominatorRank) {
        int candidate = Math.min(cap, dominatorRank + 1);
        if (candidate > rank[q]) {
            rank[q] = candidate;
        }
    }

    private boolean noWorse(int p, int q, int k) {
        for (int j = 1; j <= k; j++) {
            if (obj[j][p] > obj[j][q]) {
                return false;
            }
        }
        return true;
    }

    private void sortA(int[] s, int len, int k) {
        if (len <= 1) {
            return;
        }
        if (len <= BRUTE_FORCE_SIZE) {
            for (int b = 1; b < len; b++) {
                int q = s[b];
                for (int a = 0; a < b && rank[q] < cap; a++) {
                    if (noWorse(s[a], q, k)) {
                        raise(q, rank[s[a]]);
                    }
                }
            }
            return;
        }
        if (k == 1) {
            sweep(s, len, s, len, true);
            return;
        }
        int[] v = obj[k];
        int[] values = gather(v, s, len);
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int x : values) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        if (lo == hi) {
            sortA(s, len, k - 1);
            return;
        }
        int med = median(values.clone(), len);
        int lowCount = 0;
        int equalCount = 0;
        for (int x : values) {
            if (x < med) {
                lowCount++;
            } else if (x == med) {
                equalCount++;
            }
        }
        int[] low = new int[lowCount];
        int[] equal = new int[equalCount];
        int[] lowOrEqual = new int[lowCount + equalCount];
        int[] high = new int[len - lowCount - equalCount];
        for (int t = 0, a = 0, e = 0, le = 0, h = 0; t < len; t++) {
            int x = values[t];
            if (x > med) {
                high[h++] = s[t];
            } else {
                lowOrEqual[le++] = s[t];
                if (x < med) {
                    low[a++] = s[t];
                } else {
                    equal[e++] = s[t];
                }
            }
        }
        sortA(low, low.length, k);
        sortB(low, low.length, equal, equal.length, k - 1);
        sortA(equal, equal.length, k - 1);
        sortB(lowOrEqual, lowOrEqual.length, high, high.length, k - 1);
        sortA(high, high.length, k);
    }

    private void sortB(int[] l, int ln, int[] h, int hn, int k) {
        if (ln == 0 || hn == 0) {
            return;
        }
        if (cap != Integer.MAX_VALUE) {
            int kept = 0;
            int[] open = new int[hn];
            for (int t = 0; t < hn; t++) {
                if (rank[h[t]] < cap) {
                    open[kept++] = h[t];
                }
            }
            if (kept == 0) {
                return;
            }
            h = open;
            hn = kept;
        }
        if ((long) ln * hn <= BRUTE_FORCE_PRODUCT) {
            for (int t = 0; t < hn; t++) {
                int q = h[t];
                for (int a = 0; a < ln && l[a] < q; a++) {
                    if (noWorse(l[a], q, k)) {
                        raise(q, rank[l[a]]);
                    }
                }
            }
            return;
        }
        if (k == 1) {
            sweep(l, ln, h, hn, false);
            return;
        }
        int[] v = obj[k];
        int[] values = new int[ln + hn];
        int lMin = Integer.MAX_VALUE;
        int lMax = Integer.MIN_VALUE;
        int hMin = Integer.MAX_VALUE;
        int hMax = Integer.MIN_VALUE;
        for (int t = 0; t < ln; t++) {
            int x = v[l[t]];
            values[t] = x;
            lMin = Math.min(lMin, x);
            lMax = Math.max(lMax, x);
        }
        for (int t = 0; t < hn; t++) {
            int x = v[h[t]];
            values[ln + t] = x;
            hMin = Math.min(hMin, x);
            hMax = Math.max(hMax, x);
        }
        if (lMin > hMax) {
            return;
        }
        if (lMax <= hMin) {
            sortB(l, ln, h, hn, k - 1);
            return;
        }
        int med = median(values.clone(), ln + hn);
        // split at "<= med | > med", or at "< med | >= med" when med is the maximum, so both sides shrink
        int split = Math.max(lMax, hMax) > med ? med : med - 1;
        int[][] lParts = split(l, ln, values, 0, split);
        int[][] hParts = split(h, hn, values, ln, split);
        sortB(lParts[0], lParts[0].length, hParts[0], hParts[0].length, k);
        sortB(lParts[0], lParts[0].length, hParts[1], hParts[1].length, k - 1);
        sortB(lParts[1], lParts[1].length, hParts[1], hParts[1].length, k);
    }

    /** Splits ids[0..len) into those whose value (at values[offset + t]) is &lt;= split and the rest, keeping order. */
    private static int[][] split(int[] ids, int len, int[] values, int offset, int split) {
        int below = 0;
        for (int t = 0; t < len; t++) {
            if (values[offset + t] <= split) {
                below++;
            }
        }
        int[] le = new int[below];
        int[] gt = new int[len - below];
        for (int t = 0, a = 0, b = 0; t < len; t++) {
            if (values[offset + t] <= split) {
                le[a++] = ids[t];
            } else {
                gt[b++] = ids[t];
            }
        }
        return new int[][] {le, gt};
    }

    private static int[] gather(int[] v, int[] ids, int len) {
        int[] out = new int[len];
        for (int t = 0; t < len; t++) {
            out[t] = v[ids[t]];
        }
        return out;
    }

    /**
     * Two-objective step: walks L and H merged by id; each l enters the Fenwick tree at its objective-1
     * rank, each h takes the best rank among entries at or below its own. With {@code same}, L and H are
     * one list and every point is queried before it enters.
     */
    private void sweep(int[] l, int ln, int[] h, int hn, boolean same) {
        int[] y = obj[1];
        if (same) {
            for (int t = 0; t < ln; t++) {
                int q = l[t];
                raise(q, query(y[q]));
                update(y[q], rank[q]);
            }
        } else {
            int a = 0;
            for (int t = 0; t < hn; t++) {
                int q = h[t];
                while (a < ln && l[a] < q) {
                    update(y[l[a]], rank[l[a]]);
                    a++;
                }
                raise(q, query(y[q]));
            }
            ln = a;
        }
        for (int t = 0; t < ln; t++) {
            clear(y[l[t]]);
        }
    }

    private void update(int i, int value) {
        for (i++; i < tree.length; i += i & -i) {
            if (tree[i] < value) {
                tree[i] = value;
            }
        }
    }

    /** Largest rank entered at an objective-1 rank &lt;= i, or −1; raise(q, −1) is then a no-op. */
    private int query(int i) {
        int best = -1;
        for (i++; i > 0; i -= i & -i) {
            best = Math.max(best, tree[i]);
        }
        return best;
    }

    private void clear(int i) {
        for (i++; i < tree.length && tree[i] != -1; i += i & -i) {
            tree[i] = -1;
        }
    }

    /** Lower median of x[0..n), by quickselect; x is permuted. */
    private static int median(int[] x, int n) {
        int target = (n - 1) / 2;
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int pivot = x[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (x[i] < pivot) {
                    i++;
                }
                while (x[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int tmp = x[i];
                    x[i] = x[j];
                    x[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return x[target];
            }
        }
        return x[target];
    }
}
