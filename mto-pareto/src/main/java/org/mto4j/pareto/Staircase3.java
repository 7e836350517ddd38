package org.mto4j.pareto;

import java.util.Arrays;

/**
 * Four-dimensional volume by the dimension sweep of HV4D⁺ (A. P. Guerreiro, C. M. Fonseca, "Computing and
 * updating hypervolume contributions in up to four dimensions", IEEE TEVC 22(3), 2018): sweep along the
 * fourth coordinate while keeping the three-dimensional volume of the points seen so far, which grows by each
 * new point's exclusive three-dimensional contribution, computed in O(n) without searching or sorting per
 * point. O(n²) time, O(n) memory.
 *
 * <p>The kept points of the sweep: rows of a four-column array in
 * minimization form shifted so that the reference is the origin (every value &lt; 0), none weakly
 * dominating another in (x, y, z); and the exclusive three-dimensional contribution of a new point q against
 * them (HV4D⁺, Guerreiro and Fonseca 2018).
 *
 * <p>Every point of the sweep gets its rank in x, y and z once; the kept points are bit sets over those
 * ranks, so they are walked in x or in z order, inserted and removed without moving anything. The
 * contribution sweeps q's box along z, starting from the two-dimensional staircase of what the points with
 * z ≤ q_z cover inside the box:
 * <ul>
 *   <li>its left step, at q_x, is as high as the lowest point with x ≤ q_x and z ≤ q_z. A point the sweep
 *       removed is weakly dominated by a kept one, which lies in the same quadrant and is no higher, so the
 *       lowest of every point ever kept is the same: that is the first set bit, in y order, of the points
 *       ever kept AND those with x ≤ q_x AND those with z ≤ q_z. The last two sets are rows of two prefix
 *       tables over the y ranks (row c: the points of x, or z, rank below c·s), kept every s ranks
 *       (s = ⌈n / 256⌉, at most 257 rows); the row at or above the bound is a superset, so each candidate is
 *       checked against q. When that lowest point is no higher than q_y, q is weakly dominated;</li>
 *   <li>right of q_x, in x order, a point is a step iff its clipped y is below every step before it; the
 *       first step at the box's lower edge covers everything further right.</li>
 * </ul>
 * The kept points above q_z then follow in z order, each shrinking the uncovered area from its own z
 * upwards, until one covers the box. A point left of the box (below it) is covered iff the left (bottom)
 * step is no higher (no further right), which is kept at hand; the other steps live on the x ranks in a
 * {@link RankSet} with each step's height in {@code stepY}, so a step's neighbours are found and covered steps
 * removed in O(1) word operations. O(n) per point. Sweeps of at most 64 points (the limit sets of the
 * five-dimensional sweep) have their own class, {@link SmallStaircase3}. Not thread-safe; one instance is
 * reused by the sweeps of one computation.
 */
final class Staircase3 {
    /** The most rows of a prefix table: s is chosen so that ⌈n / s⌉ + 1 stays within it. */
    private static final int MAX_ROWS = 257;

    /**
     * The points' x, y, z, three consecutive values per point, in x order, in y order and in z order (the
     * walks in one order read one cache line per point).
     */
    private final double[] byXOrder;
    private final double[] byYOrder;
    private final double[] byZOrder;
    /** {@code xAfter[r]}: the first x rank with a larger x. */
    private final int[] xAfter;
    /** By z rank: the point's x rank; the first z rank with the same z, and with a larger z. */
    private final int[] xRankByZ;
    private final int[] zStart;
    private final int[] zAfter;
    /** Per row of the input: its x, y and z ranks. */
    private final int[] xRank;
    private final int[] yRank;
    private final int[] zRank;
    private final long[] keptByX;
    private final long[] keptByZ;
    /** By y rank: every point kept at some time. */
    private final long[] everByY;
    /** Prefix tables over the y ranks: row c holds the points of x (z) rank below c · stride. */
    private final long[] xBelow;
    private final long[] zBelow;
    /** The same over the x ranks: row c holds the points of z rank below c · stride. */
    private final long[] zBelowByX;
    /** The steps, on the x ranks. */
    private final RankSet steps;
    /** Sort buffers: the row indices in w, x, y and z order, and the keys of one sort. */
    private final int[] byW;
    private final int[] byX;
    private final int[] byY;
    private final int[] byZ;
    private final long[] keys;
    private final double[] stepY;
    private final int[] firstRanks;
    private final double[] firstY;

    /** The number of words of the bit sets in use (for the current sweep's n). */
    private int words;
    /** The rank distance between two rows of the prefix tables. */
    private int stride;

    /** Space for sweeps of up to {@code capacity} points. */
    Staircase3(int capacity) {
        int n = Math.max(1, capacity);
        byXOrder = new double[3 * n];
        byYOrder = new double[3 * n];
        byZOrder = new double[3 * n];
        xAfter = new int[n];
        xRankByZ = new int[n];
        zStart = new int[n];
        zAfter = new int[n];
        xRank = new int[n];
        yRank = new int[n];
        zRank = new int[n];
        int w = (n + 63) >>> 6;
        keptByX = new long[w];
        keptByZ = new long[w];
        everByY = new long[w];
        xBelow = new long[MAX_ROWS * w];
        zBelow = new long[MAX_ROWS * w];
        zBelowByX = new long[MAX_ROWS * w];
        steps = new RankSet(n);
        byW = new int[n];
        byX = new int[n];
        byY = new int[n];
        byZ = new int[n];
        keys = new long[n];
        stepY = new double[n];
        firstRanks = new int[n + 1];
        firstY = new double[n + 1];
    }

    /**
     * Volume of the union of the boxes [p, 0] for the n rows of {@code p} (four values each, all &lt; 0, at
     * most the capacity): the sweep along the fourth coordinate.
     */
    double volume(double[] p, int n) {
        order(p, n, 3, byW);
        reset(p, n);
        double lower = 0;
        double volume = 0;
        for (int t = 0; t < n; t++) {
            int q = byW[t];
            // a point whose box the kept points already cover changes no later volume: it is not kept
            double contribution = addIfContributes(q);
            if (contribution > 0) {
                lower += contribution;
            }
            double next = t + 1 < n ? p[4 * byW[t + 1] + 3] : 0.0;
            volume += lower * (next - p[4 * q + 3]);
        }
        return volume;
    }

    /** The indices of the n rows into {@code ids} in ascending coordinate j. */
    private void order(double[] p, int n, int j, int[] ids) {
        for (int t = 0; t < n; t++) {
            ids[t] = t;
            keys[t] = Sorting.key(p[4 * t + j]);
        }
        Sorting.sortByKeys(keys, ids, n);
    }

    /**
     * Starts a sweep over n rows (at most the capacity), none kept yet.
     *
     * @param p n rows × 4 (only x, y, z are used)
     */
    void reset(double[] p, int n) {
        order(p, n, 0, byX);
        order(p, n, 1, byY);
        order(p, n, 2, byZ);
        pack(p, byX, xRank, byXOrder, n);
        pack(p, byY, yRank, byYOrder, n);
        pack(p, byZ, zRank, byZOrder, n);
        for (int r = n - 1; r >= 0; r--) {
            xAfter[r] = r + 1 < n && byXOrder[3 * r + 3] == byXOrder[3 * r] ? xAfter[r + 1] : r + 1;
            zAfter[r] = r + 1 < n && byZOrder[3 * r + 5] == byZOrder[3 * r + 2] ? zAfter[r + 1] : r + 1;
        }
        for (int r = 0; r < n; r++) {
            xRankByZ[r] = xRank[byZ[r]];
            zStart[r] = r > 0 && byZOrder[3 * r - 1] == byZOrder[3 * r + 2] ? zStart[r - 1] : r;
        }
        words = (n + 63) >>> 6;
        stride = n + 1 <= MAX_ROWS ? 1 : (n + MAX_ROWS - 2) / (MAX_ROWS - 1);
        prefixRows(xBelow, byX, yRank, n);
        prefixRows(zBelow, byZ, yRank, n);
        prefixRows(zBelowByX, byZ, xRank, n);
        Arrays.fill(keptByX, 0, words, 0L);
        Arrays.fill(keptByZ, 0, words, 0L);
        Arrays.fill(everByY, 0, words, 0L);
    }

    /** The x, y, z of the rows in the given order into {@code out}, and each row's rank in that order. */
    private static void pack(double[] p, int[] order, int[] rank, double[] out, int n) {
        for (int r = 0; r < n; r++) {
            int i = order[r];
            rank[i] = r;
            out[3 * r] = p[4 * i];
            out[3 * r + 1] = p[4 * i + 1];
            out[3 * r + 2] = p[4 * i + 2];
        }
    }

    /** Row c of {@code table}: the y ranks of {@code order[0..min(c·stride, n))}, for c = 0..⌈n / stride⌉. */
    private void prefixRows(long[] table, int[] order, int[] rank, int n) {
        int rows = (n + stride - 1) / stride + 1;
        Arrays.fill(table, 0, words, 0L);
        for (int c = 1; c < rows; c++) {
            int row = c * words;
            for (int w = 0; w < words; w++) {
                table[row + w] = table[row - words + w];
            }
            for (int r = (c - 1) * stride, end = Math.min(c * stride, n); r < end; r++) {
                int k = rank[order[r]];
                table[row + (k >>> 6)] |= 1L << k;
            }
        }
    }

    /**
     * Returns the exclusive (x, y, z) volume of row q's box [q, 0] against the kept points (0 when one of them
     * weakly dominates q) and, when it is positive, keeps q. The kept points q weakly dominates leave in the
     * same pass (when q is itself weakly dominated there are none): they lie at or above q_z and below the
     * point that covers q's box, since the kept points never dominate one another.
     */
    double addIfContributes(int q) {
        int qr = xRank[q];
        double qx = byXOrder[3 * qr];
        double qy = byXOrder[3 * qr + 1];
        double qz = byXOrder[3 * qr + 2];
        double leftY = lowestLeft(qx, qz, xAfter[qr], zAfter[zRank[q]]);
        if (leftY <= qy) {
            return 0.0;
        }
        int first = firstStaircase(qy, qz, qr, zAfter[zRank[q]], leftY);
        steps.clear();
        double initial = 0;
        for (int i = 0; i < first; i++) {
            int r = firstRanks[i];
            steps.add(r);
            stepY[r] = firstY[i];
            double next = i + 1 < first ? byXOrder[3 * firstRanks[i + 1]] : 0.0;
            initial += (next - byXOrder[3 * r]) * (0.0 - firstY[i]);
        }
        // the left step's height and the bottom step's x (0, the box's far edges, when there is none)
        double leftH = leftY == Double.POSITIVE_INFINITY ? 0.0 : leftY;
        double bottomX = first > 0 && firstY[first - 1] == qy ? byXOrder[3 * firstRanks[first - 1]] : 0.0;
        double free = qx * qy - initial;
        double z = qz;
        double result = 0;
        boolean boxCovered = false;
        // the kept points from q_z up, in z order (those at q_z, already in the staircase, change nothing)
        int from = zStart[zRank[q]];
        scan:
        for (int w = from >>> 6; w < words; w++) {
            long bits = keptByZ[w] & (w == from >>> 6 ? -1L << from : -1L);
            for (; bits != 0; bits &= bits - 1) {
                int zr = (w << 6) + Long.numberOfTrailingZeros(bits);
                double ux = byZOrder[3 * zr];
                double uy = byZOrder[3 * zr + 1];
                double uz = byZOrder[3 * zr + 2];
                if (qx <= ux && qy <= uy) {
                    keptByZ[w] &= ~(1L << zr);
                    int xr = xRankByZ[zr];
                    keptByX[xr >>> 6] &= ~(1L << xr);
                }
                if (uz > z) {
                    result += free * (uz - z);
                    z = uz;
                }
                boolean left = ux <= qx;
                if (left ? uy >= leftH : uy <= qy && ux >= bottomX) {
                    // clipped to the box, u lies under the left (bottom) step
                    continue;
                }
                if (left && uy <= qy) {
                    // u covers the whole box from uz on. Nothing further up is dominated by q: it would be
                    // dominated by u too, and the kept points never dominate one another
                    boxCovered = true;
                    break scan;
                }
                // u clipped to the box: a point left of it sits at the box's own rank
                int r = left ? qr : xRankByZ[zr];
                double cy = uy > qy ? uy : qy;
                int before = steps.predecessor(r);
                double prevY = before < 0 ? 0.0 : stepY[before];
                if (prevY <= cy) {
                    continue;
                }
                // the steps at or right of r no lower than cy are covered by the clipped point (xs[r], cy)
                double prevX = byXOrder[3 * r];
                double covered = 0;
                int s = steps.successor(r);
                while (s >= 0) {
                    double ys = stepY[s];
                    if (ys < cy) {
                        break;
                    }
                    double xs = byXOrder[3 * s];
                    covered += (xs - prevX) * (prevY - cy);
                    prevX = xs;
                    prevY = ys;
                    steps.remove(s);
                    s = steps.successor(s + 1);
                }
                double xEnd = s >= 0 ? byXOrder[3 * s] : 0.0;
                covered += (xEnd - prevX) * (prevY - cy);
                free -= covered;
                stepY[r] = cy;
                steps.add(r);
                if (left) {
                    leftH = cy;
                }
                if (cy == qy) {
                    bottomX = byXOrder[3 * r];
                }
            }
        }
        if (!boxCovered) {
            result += free * (0.0 - z);
        }
        if (result > 0) {
            int qzr = zRank[q];
            keptByZ[qzr >>> 6] |= 1L << qzr;
            keptByX[qr >>> 6] |= 1L << qr;
            int qyr = yRank[q];
            everByY[qyr >>> 6] |= 1L << qyr;
        }
        return result;
    }

    /**
     * The lowest y of the points ever kept with x ≤ q_x and z ≤ q_z (+∞ when there is none): the first, in y
     * order, of the points ever kept within the prefix rows at or above {@code xEnd} and {@code zEnd} (the
     * numbers of ranks with x ≤ q_x, z ≤ q_z) that passes the exact test.
     */
    private double lowestLeft(double qx, double qz, int xEnd, int zEnd) {
        int ox = (xEnd + stride - 1) / stride * words;
        int oz = (zEnd + stride - 1) / stride * words;
        for (int w = 0; w < words; w++) {
            long bits = everByY[w] & xBelow[ox + w] & zBelow[oz + w];
            for (; bits != 0; bits &= bits - 1) {
                int yr = (w << 6) + Long.numberOfTrailingZeros(bits);
                if (byYOrder[3 * yr] <= qx && byYOrder[3 * yr + 2] <= qz) {
                    return byYOrder[3 * yr + 1];
                }
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Builds in {@code firstRanks} / {@code firstY} the staircase, in x order, of what the kept points with
     * z ≤ q_z cover inside q's box, given its left step's height, and returns its number of steps. Right of
     * q_x, in x order, a point is a step iff its clipped y is below every step before it, and the first step
     * at the box's lower edge covers everything further right.
     */
    private int firstStaircase(double qy, double qz, int qr, int zEnd, double leftY) {
        int size = 0;
        double lowest = 0.0;
        if (leftY != Double.POSITIVE_INFINITY) {
            firstRanks[0] = qr;
            firstY[0] = leftY;
            size = 1;
            lowest = leftY;
        }
        int from = xAfter[qr];
        int oz = (zEnd + stride - 1) / stride * words;
        for (int w = from >>> 6; w < words; w++) {
            long bits = keptByX[w] & zBelowByX[oz + w] & (w == from >>> 6 ? -1L << from : -1L);
            for (; bits != 0; bits &= bits - 1) {
                int r = (w << 6) + Long.numberOfTrailingZeros(bits);
                // a point above q_z counts as infinitely high here: it never becomes a step
                double y = byXOrder[3 * r + 1];
                double cy = byXOrder[3 * r + 2] > qz ? Double.POSITIVE_INFINITY : y > qy ? y : qy;
                if (cy < lowest) {
                    if (size > 0 && byXOrder[3 * firstRanks[size - 1]] == byXOrder[3 * r]) {
                        size--;
                    }
                    firstRanks[size] = r;
                    firstY[size] = cy;
                    size++;
                    lowest = cy;
                    if (cy == qy) {
                        return size;
                    }
                }
            }
        }
        return size;
    }
}
