package org.mto4j.pareto;

import java.util.Arrays;

/**
 * The non-dominated part of a point's limit set, for exclusive hypervolume contributions (WFG: L. While,
 * L. Bradstreet, L. Barone, "A fast way of calculating exact hypervolumes", IEEE TEVC 16(1), 2012):
 * <pre>
 *   limit(q, S) = nd{ max(q, u) : u ∈ S }          (coordinate-wise max, first dd coordinates)
 *   exclusive(q, S) = Π_j (−q_j) − HV(limit(q, S))   (reference at the origin, every value &lt; 0)
 *                   = Π_j (c_j − q_j) − HV_c(rest)    (c_j = s_j below, or 0 where there is none)
 * </pre>
 * Each limit point l is tagged with the set W(l) = { j : l_j &gt; q_j } of coordinates where it is worse than
 * q, as a bit mask. A limit point r can weakly dominate l only if W(r) ⊆ W(l), and then only r_j ≤ l_j for
 * j ∈ W(r) is left to check.
 * <ul>
 *   <li>The limit points worse in a single coordinate j reduce to the smallest such value s_j per j, and they
 *       dominate every other limit point l with l_j ≥ s_j for some j ∈ W(l). What they leave of q's box is
 *       the box [q, c]; the other limit points lie strictly inside it, so the set is returned relative to c
 *       (the rest, each row minus c) with {@link #box} = Π_j (c_j − q_j), and the single-coordinate points
 *       are not in it.</li>
 *   <li>dd = 4 (the five-dimensional sweep): the masks of all rows of S come from one loop over bit columns
 *       ({@link ActiveRows}) that the JIT vectorises, the s_j from the short list of rows worse in one
 *       coordinate, and the rows the s_j leave from a second such loop. Other dd: one pass over S computes
 *       the masks and the s_j (behind the one branch, rarely taken) and drops what the s_j found so far
 *       dominate (they only decrease, so nothing the final ones keep is lost); the few rows left are tested
 *       again against the final s_j. Both list the rows worse than q in every coordinate, which the sweep
 *       drops for good.</li>
 *   <li>Those left are sorted by |W|, then by W, and kept (block nested loops) in blocks of one mask each: a
 *       new limit point is tested only against the kept rows of its own block and of the earlier blocks
 *       whose masks are subsets of its own (about a third of all kept rows in the five-dimensional
 *       benchmarks), and can only evict rows of its own block. Each test runs over a block's rows without a
 *       branch: there are few of them, and the outcome of each test is unpredictable.</li>
 * </ul>
 * No allocation per point. Not thread-safe; buffers are reused from one {@link #build} to the next. Masks
 * need dd ≤ 32.
 */
final class LimitSet {
    final int dd;
    /** The kept rows minus the corner c, {@code count} × dd, packed: every value &lt; 0. */
    final double[] rows;
    int count;
    /** Π_j (c_j − q_j) of the last point built for: the part of q's box the rows are measured in. */
    double box;
    private final int[] maskOf;
    /** See {@link #worseEverywhereCount}. */
    final int[] worseEverywhere;
    private int worseCount;
    private final int[] candidates;
    /** {@link #filter4}: the rows worse than q in a single coordinate, and every row's mask. */
    private final int[] singleRows;
    private final long[] masks;
    /** The most coordinates for which the candidates are ordered by a counting sort over all masks. */
    private static final int COUNTING_MAX_DD = 8;
    /** dd ≤ {@value #COUNTING_MAX_DD}: each mask's position in (|W|, W) order, and one counter per mask. */
    private final int[] maskRank;
    private final int[] perMask;
    /** The candidates in (|W|, W) order; otherwise (dd &gt; {@value #COUNTING_MAX_DD}), their sort keys. */
    private final int[] ordered;
    private final long[] keys;
    private final double[] single;
    /** The far corner of the part of q's box the single-coordinate limit points leave. */
    private final double[] corner;
    /** The blocks of kept rows, one per mask: mask, first row, end; and those one candidate is tested against. */
    private final int[] blockMask;
    private final int[] blockFrom;
    private final int[] blockTo;
    private final int[] rangeMask;
    private final int[] rangeFrom;
    private final int[] rangeTo;

    LimitSet(int capacity, int dd) {
        if (dd > Hypervolume.MAX_OBJECTIVES) {
            throw new IllegalArgumentException("dd must be at most " + Hypervolume.MAX_OBJECTIVES + ", got " + dd);
        }
        int cap = Math.max(1, capacity);
        this.dd = dd;
        this.rows = new double[cap * dd];
        this.maskOf = new int[cap];
        this.worseEverywhere = new int[cap];
        this.candidates = new int[cap];
        this.singleRows = new int[cap];
        this.masks = dd == 4 ? new long[cap] : null;
        if (dd <= COUNTING_MAX_DD) {
            int masks = 1 << dd;
            long[] byWeight = new long[masks];
            for (int mask = 0; mask < masks; mask++) {
                byWeight[mask] = (long) Integer.bitCount(mask) << 32 | mask;
            }
            Arrays.sort(byWeight);
            this.maskRank = new int[masks];
            for (int r = 0; r < masks; r++) {
                maskRank[(int) byWeight[r]] = r;
            }
            this.perMask = new int[masks + 1];
            this.ordered = new int[cap];
            this.keys = null;
        } else {
            this.maskRank = null;
            this.perMask = null;
            this.ordered = null;
            this.keys = new long[cap];
        }
        this.single = new double[dd];
        this.corner = new double[dd];
        this.blockMask = new int[cap];
        this.blockFrom = new int[cap];
        this.blockTo = new int[cap];
        this.rangeMask = new int[cap];
        this.rangeFrom = new int[cap];
        this.rangeTo = new int[cap];
    }

    /** Whether bit 63 of v is set, as 0 or 1: for the finite, never −0.0 differences below, v &lt; 0. */
    private static int negative(double v) {
        return (int) (Double.doubleToRawLongBits(v) >>> 63);
    }

    /**
     * Builds the limit set of q, the dd values {@code p[oq..oq+dd)}, against the rows of {@code active}
     * (relative to the corner c, see the class comment). The values are finite and never −0.0
     * ({@link Hypervolume} handles −∞ before and folds −0.0 to 0.0), so the sign bits of u − v and v − u say
     * u &lt; v and u &gt; v without a branch.
     *
     * @return false when some active row weakly dominates q (q then contributes nothing, and {@link #count} is
     *         meaningless)
     */
    boolean build(double[] p, int oq, ActiveRows active) {
        int d = dd;
        double[] s = active.rows;
        int left = d == 4 ? filter4(p, oq, active) : filter(p, oq, s, active.count);
        if (left < 0) {
            return false;
        }
        // the single-coordinate limit points leave q only the box [q, c] (c_j = s_j, or 0 without one), and
        // the others are clipped to it: the set is kept relative to c
        double b = 1.0;
        for (int j = 0; j < d; j++) {
            double c = single[j] == Double.POSITIVE_INFINITY ? 0.0 : single[j];
            corner[j] = c;
            b *= c - p[oq + j];
        }
        box = b;
        // by |W|, then by W: the candidates with one mask form one block, and a row can only be weakly
        // dominated by a row of its own block or of an earlier block whose mask is a subset of its mask
        int[] order = orderCandidates(left);
        int k = 0;
        int blocks = 0;
        for (int c = 0; c < left; ) {
            int mask = maskOf[order[c]];
            int start = k;
            // the earlier blocks whose masks are subsets of this one, then this block itself
            int ranges = 0;
            for (int e = 0; e < blocks; e++) {
                if ((blockMask[e] & ~mask) == 0) {
                    rangeMask[ranges] = blockMask[e];
                    rangeFrom[ranges] = blockFrom[e];
                    rangeTo[ranges++] = blockTo[e];
                }
            }
            for (; c < left && maskOf[order[c]] == mask; c++) {
                int ou = order[c] * d;
                // r (mask S ⊆ W) weakly dominates max(q, u) iff r_j ≤ u_j for j ∈ S: r equals q outside S.
                // Each test runs over every row of a range without a branch (few rows, unpredictable
                // outcomes); the ranges stop at the first that dominates
                boolean dominated = false;
                for (int g = 0; g <= ranges && !dominated; g++) {
                    int sub = g < ranges ? rangeMask[g] : mask;
                    int from = g < ranges ? rangeFrom[g] : start;
                    int to = g < ranges ? rangeTo[g] : k;
                    dominated = d == 4 ? dominated4(s, ou, sub, from, to) : dominated(s, ou, sub, from, to);
                }
                if (dominated) {
                    continue;
                }
                int o = k * d;
                for (int j = 0; j < d; j++) {
                    double u = s[ou + j];
                    double v = p[oq + j];
                    rows[o + j] = u > v ? u : v;
                }
                // the new row evicts the rows of its block it weakly dominates (no other: it is worse than
                // q, which they equal, in the coordinates of W outside their masks); the block's last row takes
                // an evicted row's place, and the new row moves down with the end of the block
                for (int r = start; r < k; ) {
                    int or = r * d;
                    int above = 0;
                    for (int j = 0; j < d; j++) {
                        above |= negative(rows[or + j] - rows[o + j]) << j;
                    }
                    // above: the coordinates where r_j < the new row's
                    if ((mask & above) == 0) {
                        k--;
                        System.arraycopy(rows, k * d, rows, or, d);
                        System.arraycopy(rows, o, rows, k * d, d);
                        o = k * d;
                    } else {
                        r++;
                    }
                }
                k++;
            }
            blockMask[blocks] = mask;
            blockFrom[blocks] = start;
            blockTo[blocks++] = k;
        }
        for (int r = 0, o = 0; r < k; r++) {
            for (int j = 0; j < d; j++, o++) {
                rows[o] -= corner[j];
            }
        }
        count = k;
        return true;
    }

    /**
     * Whether a kept row {@code from..to} (mask {@code sub}) weakly dominates the limit point of row u of s:
     * r_j ≤ u_j for every j ∈ sub (r equals q outside sub).
     */
    private boolean dominated(double[] s, int ou, int sub, int from, int to) {
        int d = dd;
        boolean dominated = false;
        for (int r = from, o = from * d; r < to; r++, o += d) {
            int below = 0;
            for (int j = 0; j < d; j++) {
                below |= negative(s[ou + j] - rows[o + j]) << j;
            }
            // below: the coordinates where u_j < r_j
            dominated |= (sub & below) == 0;
        }
        return dominated;
    }

    /** {@link #dominated} for dd = 4, unrolled. */
    private boolean dominated4(double[] s, int ou, int sub, int from, int to) {
        double u0 = s[ou];
        double u1 = s[ou + 1];
        double u2 = s[ou + 2];
        double u3 = s[ou + 3];
        int found = 0;
        for (int o = 4 * from, end = 4 * to; o < end; o += 4) {
            int below = negative(u0 - rows[o]) | negative(u1 - rows[o + 1]) << 1 | negative(u2 - rows[o + 2]) << 2
                    | negative(u3 - rows[o + 3]) << 3;
            found |= (sub & below) == 0 ? 1 : 0;
        }
        return found != 0;
    }

    /** The candidates in (|W|, W) order: a counting sort over the masks, or a sort of keys for large dd. */
    private int[] orderCandidates(int left) {
        if (maskRank == null) {
            for (int c = 0; c < left; c++) {
                int mask = maskOf[candidates[c]];
                keys[c] = (long) Integer.bitCount(mask) << 32 | (mask & 0xFFFFFFFFL);
            }
            Sorting.sortByKeys(keys, candidates, left);
            return candidates;
        }
        int[] count = perMask;
        Arrays.fill(count, 0);
        for (int c = 0; c < left; c++) {
            count[maskRank[maskOf[candidates[c]]] + 1]++;
        }
        for (int r = 1; r < count.length; r++) {
            count[r] += count[r - 1];
        }
        for (int c = 0; c < left; c++) {
            int t = candidates[c];
            ordered[count[maskRank[maskOf[t]]]++] = t;
        }
        return ordered;
    }

    /**
     * The masks into {@code maskOf}, the rows worse than q everywhere into {@code worseEverywhere}, the
     * smallest single-coordinate values into {@code single}, and the rows worse in several coordinates that
     * those leave into {@code candidates}; returns their number, or −1 when a row weakly dominates q.
     */
    private int filter(double[] p, int oq, double[] s, int n) {
        int d = dd;
        Arrays.fill(single, Double.POSITIVE_INFINITY);
        int full = -1 >>> (32 - d);
        int worse = 0;
        int left = 0;
        for (int t = 0, ou = 0; t < n; t++, ou += d) {
            int mask = 0;
            int below = 0;
            for (int j = 0; j < d; j++) {
                double u = s[ou + j];
                double v = p[oq + j];
                mask |= negative(v - u) << j;
                below |= negative(u - single[j]) << j;
            }
            if (mask == 0) {
                return -1;
            }
            maskOf[t] = mask;
            candidates[left] = t;
            worseEverywhere[worse] = t;
            worse += mask == full ? 1 : 0;
            left += ((mask & (mask - 1)) != 0) & ((mask & ~below) == 0) ? 1 : 0;
            if ((mask & (mask - 1)) == 0) {
                int j = Integer.numberOfTrailingZeros(mask);
                single[j] = Math.min(single[j], s[ou + j]);
            }
        }
        worseCount = worse;
        return refilter(s, left);
    }

    /**
     * {@link #filter} for dd = 4: the masks of all rows in one loop over the bit columns of
     * {@link ActiveRows} that the JIT vectorises; one pass over the masks, without a branch, that lists the
     * rows worse than q in one coordinate (about one in six, too often for a branch per row to be predicted)
     * and in every coordinate; the smallest single-coordinate values from the first list; the rows those
     * leave from a second vectorised loop, listed without a branch.
     */
    private int filter4(double[] p, int oq, ActiveRows active) {
        int n = active.count;
        double[] s = active.rows;
        long v0 = Double.doubleToRawLongBits(p[oq]);
        long v1 = Double.doubleToRawLongBits(p[oq + 1]);
        long v2 = Double.doubleToRawLongBits(p[oq + 2]);
        long v3 = Double.doubleToRawLongBits(p[oq + 3]);
        long[] u0 = active.bits0;
        long[] u1 = active.bits1;
        long[] u2 = active.bits2;
        long[] u3 = active.bits3;
        long[] m = masks;
        for (int t = 0; t < n; t++) {
            // bit j: u_j > v_j, that is bits(u_j) < bits(v_j)
            m[t] = (u0[t] - v0) >>> 63 | (u1[t] - v1) >>> 63 << 1 | (u2[t] - v2) >>> 63 << 2 | (u3[t] - v3) >>> 63 << 3;
        }
        int full = 15;
        int worse = 0;
        int singles = 0;
        int none = 0;
        for (int t = 0; t < n; t++) {
            int mask = (int) m[t];
            none |= mask == 0 ? 1 : 0;
            maskOf[t] = mask;
            singleRows[singles] = t;
            worseEverywhere[worse] = t;
            worse += mask == full ? 1 : 0;
            singles += (mask & (mask - 1)) == 0 ? 1 : 0;
        }
        if (none != 0) {
            return -1;
        }
        double s0 = Double.POSITIVE_INFINITY;
        double s1 = Double.POSITIVE_INFINITY;
        double s2 = Double.POSITIVE_INFINITY;
        double s3 = Double.POSITIVE_INFINITY;
        for (int c = 0; c < singles; c++) {
            int ou = 4 * singleRows[c];
            switch (maskOf[singleRows[c]]) {
                case 1 -> s0 = Math.min(s0, s[ou]);
                case 2 -> s1 = Math.min(s1, s[ou + 1]);
                case 4 -> s2 = Math.min(s2, s[ou + 2]);
                default -> s3 = Math.min(s3, s[ou + 3]);
            }
        }
        single[0] = s0;
        single[1] = s1;
        single[2] = s2;
        single[3] = s3;
        worseCount = worse;
        // the refilter, vectorised like the masks: a row u is kept iff it is worse than q in several
        // coordinates and u_j < s_j for every j ∈ W(u); outside W(u), u_j ≤ q_j < s_j holds anyway, so iff
        // u < s in every coordinate (+∞, no single-coordinate row, has the bits of Long.MIN_VALUE here)
        long b0 = singleBits(s0);
        long b1 = singleBits(s1);
        long b2 = singleBits(s2);
        long b3 = singleBits(s3);
        for (int t = 0; t < n; t++) {
            long several = m[t] & (m[t] - 1);
            m[t] = (several | -several) >>> 63 & (b0 - u0[t]) >>> 63 & (b1 - u1[t]) >>> 63 & (b2 - u2[t]) >>> 63
                    & (b3 - u3[t]) >>> 63;
        }
        int kept = 0;
        for (int t = 0; t < n; t++) {
            candidates[kept] = t;
            kept += (int) m[t];
        }
        return kept;
    }

    /** The bits of a smallest single-coordinate value, {@code Long.MIN_VALUE} for +∞ (none). */
    private static long singleBits(double v) {
        return v == Double.POSITIVE_INFINITY ? Long.MIN_VALUE : Double.doubleToRawLongBits(v);
    }

    /** Keeps the candidates the final single-coordinate values leave. */
    private int refilter(double[] s, int left) {
        int d = dd;
        int kept = 0;
        for (int c = 0; c < left; c++) {
            int t = candidates[c];
            int ou = t * d;
            int below = 0;
            for (int j = 0; j < d; j++) {
                below |= negative(s[ou + j] - single[j]) << j;
            }
            int mask = maskOf[t];
            boolean keep = (mask & ~below) == 0;
            candidates[kept] = t;
            kept += keep ? 1 : 0;
        }
        return kept;
    }

    /**
     * The rows of s worse than q in every coordinate, in ascending order, in {@code worseEverywhere[0..count)}
     * after a {@link #build} that returned true. (A row q weakly dominates with a tie is not listed: it may stay
     * in s, where its limit points are weakly dominated by q's and change no volume.)
     */
    int worseEverywhereCount() {
        return worseCount;
    }
}
