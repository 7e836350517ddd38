package org.mto4j.pareto;

/**
 * The kept points of the four-dimensional sweep ({@link Hypervolume}): rows of a four-column array in
 * minimization form shifted so that the reference is the origin (every value &lt; 0), none weakly
 * dominating another in (x, y, z); and the exclusive three-dimensional contribution of a new point q against
 * them (HV4D⁺, Guerreiro and Fonseca 2018).
 *
 * <p>Every point of the sweep gets its rank in x and in z once; the kept points are two bit sets over those
 * ranks, so they are walked in x or in z order, inserted and removed without moving anything. The
 * contribution sweeps q's box along z. The two-dimensional staircase of what the kept points with z ≤ q_z
 * cover inside the box is built first in one pass in x order, which needs no search: in x order a point is a
 * step iff its clipped y is below every step before it, and the pass stops at the first step that reaches the
 * box's lower edge. The kept points above q_z then follow in z order, each shrinking the uncovered area from
 * its own z upwards, until the box is covered; their steps live on the x ranks (a point left of the box takes
 * the box's own rank) in a {@link RankSet} with each step's height in {@code stepY}, so a step's neighbours
 * are found and covered steps removed in O(1) word operations. O(n) per point.
 * Not thread-safe; one instance is reused by the sweeps of one computation.
 */
final class Staircase3 {
    /** By x rank: x, y, z values of the point of that rank. */
    private final double[] xs;
    private final double[] yByX;
    private final double[] zByX;
    /** By z rank: the point's z, x, y and x rank; {@code zStart[r]}: the first z rank with the same z. */
    private final double[] zs;
    private final double[] xByZ;
    private final double[] yByZ;
    private final int[] xRankByZ;
    private final int[] zStart;
    /** {@code xAfter[r]}: the first x rank whose x is larger than that of rank r. */
    private final int[] xAfter;
    /** Per row of the input: its x and z ranks. */
    private final int[] xRank;
    private final int[] zRank;
    private final long[] keptByX;
    private final long[] keptByZ;
    private final RankSet steps;
    private final double[] stepY;
    private final int[] firstRanks;
    private final double[] firstY;

    /** The number of words of the bit sets in use (for the current sweep's n). */
    private int words;

    /** Space for sweeps of up to {@code capacity} points; {@link #reset} starts each sweep. */
    Staircase3(int capacity) {
        int n = Math.max(1, capacity);
        xs = new double[n];
        yByX = new double[n];
        zByX = new double[n];
        zs = new double[n];
        xByZ = new double[n];
        yByZ = new double[n];
        xRankByZ = new int[n];
        zStart = new int[n];
        xAfter = new int[n];
        xRank = new int[n];
        zRank = new int[n];
        keptByX = new long[(n + 63) >>> 6];
        keptByZ = new long[(n + 63) >>> 6];
        steps = new RankSet(n);
        stepY = new double[n];
        firstRanks = new int[n + 1];
        firstY = new double[n + 1];
    }

    /**
     * Starts a sweep over n rows, none kept yet.
     *
     * @param p   n rows × 4 (only x, y, z are used)
     * @param byX the row indices in ascending x
     * @param byZ the row indices in ascending z
     */
    void reset(double[] p, int[] byX, int[] byZ, int n) {
        for (int r = 0; r < n; r++) {
            int i = byX[r];
            xRank[i] = r;
            xs[r] = p[4 * i];
            yByX[r] = p[4 * i + 1];
            zByX[r] = p[4 * i + 2];
        }
        for (int r = n - 1; r >= 0; r--) {
            xAfter[r] = r + 1 < n && xs[r + 1] == xs[r] ? xAfter[r + 1] : r + 1;
        }
        for (int r = 0; r < n; r++) {
            int i = byZ[r];
            zRank[i] = r;
            zs[r] = p[4 * i + 2];
            xByZ[r] = p[4 * i];
            yByZ[r] = p[4 * i + 1];
            xRankByZ[r] = xRank[i];
            zStart[r] = r > 0 && zs[r - 1] == zs[r] ? zStart[r - 1] : r;
        }
        words = (n + 63) >>> 6;
        java.util.Arrays.fill(keptByX, 0, words, 0L);
        java.util.Arrays.fill(keptByZ, 0, words, 0L);
    }

    /**
     * Returns the exclusive (x, y, z) volume of row q's box [q, 0] against the kept points (0 when one of them
     * weakly dominates q) and, when it is positive, keeps q. The kept points q weakly dominates leave in the
     * same pass (when q is itself weakly dominated there are none): they lie at or above q_z and below the
     * point that covers q's box, since the kept points never dominate one another.
     */
    double addIfContributes(int q) {
        int qr = xRank[q];
        double qx = xs[qr];
        double qy = yByX[qr];
        double qz = zByX[qr];
        int first = firstStaircase(qx, qy, qz, qr);
        if (first < 0) {
            return 0.0;
        }
        steps.clear();
        double initial = 0;
        for (int i = 0; i < first; i++) {
            int r = firstRanks[i];
            steps.add(r);
            stepY[r] = firstY[i];
            double next = i + 1 < first ? xs[firstRanks[i + 1]] : 0.0;
            initial += (next - xs[r]) * (0.0 - firstY[i]);
        }
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
                double ux = xByZ[zr];
                double uy = yByZ[zr];
                if (qx <= ux && qy <= uy) {
                    keptByZ[w] &= ~(1L << zr);
                    int xr = xRankByZ[zr];
                    keptByX[xr >>> 6] &= ~(1L << xr);
                }
                double uz = zs[zr];
                if (uz > z) {
                    result += free * (uz - z);
                    z = uz;
                }
                if (ux <= qx && uy <= qy) {
                    // u covers the whole box from uz on. Nothing further up is dominated by q: it would be
                    // dominated by u too, and the kept points never dominate one another
                    boxCovered = true;
                    break scan;
                }
                // u clipped to the box: a point left of it (smaller rank) sits at the box's own rank; at equal
                // x either rank has the same x value
                int r = Math.max(xRankByZ[zr], qr);
                double cy = Math.max(uy, qy);
                int before = steps.predecessor(r);
                double prevY = before < 0 ? 0.0 : stepY[before];
                if (prevY <= cy) {
                    continue;
                }
                // the steps at or right of r no lower than cy are covered by the clipped point (xs[r], cy)
                double prevX = xs[r];
                double covered = 0;
                int s = steps.successor(r);
                while (s >= 0) {
                    double ys = stepY[s];
                    if (ys < cy) {
                        break;
                    }
                    covered += (xs[s] - prevX) * (prevY - cy);
                    prevX = xs[s];
                    prevY = ys;
                    steps.remove(s);
                    s = steps.successor(s + 1);
                }
                double xEnd = s >= 0 ? xs[s] : 0.0;
                covered += (xEnd - prevX) * (prevY - cy);
                free -= covered;
                stepY[r] = cy;
                steps.add(r);
            }
        }
        if (!boxCovered) {
            result += free * (0.0 - z);
        }
        if (result > 0) {
            int qzr = zRank[q];
            keptByZ[qzr >>> 6] |= 1L << qzr;
            keptByX[qr >>> 6] |= 1L << qr;
        }
        return result;
    }

    /**
     * Builds in {@code firstRanks} / {@code firstY} the staircase, in x order, of what the kept points with
     * z ≤ q_z cover inside q's box, and returns its number of steps; −1 when one of them weakly dominates q.
     * The points at or left of q_x all clip to one step at q_x, as high as the lowest of them. Right of q_x, in
     * x order, a point is a step iff its clipped y is below every step before it, and the first step at the
     * box's lower edge covers everything further right.
     */
    private int firstStaircase(double qx, double qy, double qz, int qr) {
        int size = 0;
        double lowest = 0.0;
        double leftY = Double.POSITIVE_INFINITY;
        int end = xAfter[qr];
        for (int w = 0; w <= (end - 1) >>> 6 && end > 0; w++) {
            long bits = keptByX[w] & (w == (end - 1) >>> 6 ? -1L >>> (63 - ((end - 1) & 63)) : -1L);
            for (; bits != 0; bits &= bits - 1) {
                int r = (w << 6) + Long.numberOfTrailingZeros(bits);
                leftY = Math.min(leftY, zByX[r] > qz ? Double.POSITIVE_INFINITY : yByX[r]);
            }
        }
        if (leftY != Double.POSITIVE_INFINITY) {
            if (leftY <= qy) {
                return -1;
            }
            firstRanks[0] = qr;
            firstY[0] = leftY;
            size = 1;
            lowest = leftY;
        }
        int from = xAfter[qr];
        for (int w = from >>> 6; w < words; w++) {
            long bits = keptByX[w] & (w == from >>> 6 ? -1L << from : -1L);
            for (; bits != 0; bits &= bits - 1) {
                int r = (w << 6) + Long.numberOfTrailingZeros(bits);
                // a point above q_z counts as infinitely high here: it never becomes a step
                double cy = zByX[r] > qz ? Double.POSITIVE_INFINITY : Math.max(yByX[r], qy);
                if (cy < lowest) {
                    if (size > 0 && xs[firstRanks[size - 1]] == xs[r]) {
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
