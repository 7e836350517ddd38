package org.mto4j.pareto;

/**
 * The four-dimensional sweep of {@link Staircase3} (HV4D⁺, A. P. Guerreiro, C. M. Fonseca, "Computing and
 * updating hypervolume contributions in up to four dimensions", IEEE TEVC 22(3), 2018) for at most
 * {@value #CAPACITY} points: the limit sets of the five-dimensional sweep, typically 10–30 points. The same
 * algorithm with every set of ranks (the kept points in x and in z order, the steps) in one 64-bit word, so a
 * step's neighbours are one masked bit count away, and without prefix tables: the left step of q's box is a
 * pass over the kept points left of it.
 *
 * <p>A class of its own rather than a mode of {@link Staircase3}: the JIT profiles the two separately. With one
 * class for both, the five-dimensional volumes of the benchmarks took about twice as long in a JVM that had
 * computed a four-dimensional volume of 1,000 points before (measured). Not thread-safe; one instance is reused
 * by the sweeps of one computation.
 */
final class SmallStaircase3 {
    static final int CAPACITY = 64;
    /** The most rows ordered by counting ({@link #orderByCounting}) rather than sorted. */
    static final int COUNTING_LIMIT = 24;

    /** The points' x, y, z, three consecutive values per point, in x order and in z order. */
    private final double[] byXOrder = new double[3 * CAPACITY];
    private final double[] byZOrder = new double[3 * CAPACITY];
    /** {@code xAfter[r]}: the first x rank with a larger x. */
    private final int[] xAfter = new int[CAPACITY];
    /** By z rank: the point's x rank, and the first z rank with the same z. */
    private final int[] xRankByZ = new int[CAPACITY];
    private final int[] zStart = new int[CAPACITY];
    /** Per row of the input: its x and z ranks. */
    private final int[] xRank = new int[CAPACITY];
    private final int[] zRank = new int[CAPACITY];
    /** Sort buffers: the row indices in w, x and z order, and the keys of one sort. */
    private final int[] byW = new int[CAPACITY];
    private final int[] byX = new int[CAPACITY];
    private final int[] byZ = new int[CAPACITY];
    private final long[] keys = new long[CAPACITY];
    /** The height of each step, by x rank. */
    private final double[] stepY = new double[CAPACITY];
    private final int[] firstRanks = new int[CAPACITY + 1];
    private final double[] firstY = new double[CAPACITY + 1];
    /** The kept points, by x rank and by z rank. */
    private long keptByX;
    private long keptByZ;

    /**
     * Volume of the union of the boxes [p, 0] for the n rows of {@code p} (four values each, all &lt; 0,
     * n ≤ {@value #CAPACITY}): the sweep along the fourth coordinate.
     */
    double volume(double[] p, int n) {
        if (n <= COUNTING_LIMIT) {
            orderByCounting(p, n);
        } else {
            order(p, n, 3, byW);
            order(p, n, 0, byX);
            order(p, n, 2, byZ);
        }
        index(p, n);
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

    /** The indices of the n rows into {@code ids} in ascending coordinate j, ties by index. */
    private void order(double[] p, int n, int j, int[] ids) {
        for (int t = 0; t < n; t++) {
            ids[t] = t;
            keys[t] = Sorting.key(p[4 * t + j]);
        }
        Sorting.sortByKeys(keys, ids, n);
    }

    /** Starts a sweep over n ≤ {@value #CAPACITY} rows × 4 (only x, y, z are used), none kept yet. */
    void reset(double[] p, int n) {
        if (n <= COUNTING_LIMIT) {
            orderByCounting(p, n);
        } else {
            order(p, n, 0, byX);
            order(p, n, 2, byZ);
        }
        index(p, n);
    }

    /**
     * The indices of the n ≤ {@value #COUNTING_LIMIT} rows in ascending x, z and w (ties by index) into
     * {@code byX}, {@code byZ}, {@code byW}: each row's position is the number of rows before it with a value
     * no larger and after it with a smaller one, n² comparisons per coordinate and no branch. For the limit
     * sets of the five-dimensional sweep (about 10 rows) this costs less than three sorts, whose comparisons
     * mispredict half the time.
     */
    private void orderByCounting(double[] p, int n) {
        for (int a = 0; a < n; a++) {
            double xa = p[4 * a];
            double za = p[4 * a + 2];
            double wa = p[4 * a + 3];
            int ax = 0;
            int az = 0;
            int aw = 0;
            for (int b = 0; b < a; b++) {
                ax += p[4 * b] <= xa ? 1 : 0;
                az += p[4 * b + 2] <= za ? 1 : 0;
                aw += p[4 * b + 3] <= wa ? 1 : 0;
            }
            for (int b = a + 1; b < n; b++) {
                ax += p[4 * b] < xa ? 1 : 0;
                az += p[4 * b + 2] < za ? 1 : 0;
                aw += p[4 * b + 3] < wa ? 1 : 0;
            }
            byX[ax] = a;
            byZ[az] = a;
            byW[aw] = a;
        }
    }

    /** The tables of {@link #reset} from {@code byX} and {@code byZ}, none kept yet. */
    private void index(double[] p, int n) {
        for (int r = 0; r < n; r++) {
            int i = byX[r];
            xRank[i] = r;
            byXOrder[3 * r] = p[4 * i];
            byXOrder[3 * r + 1] = p[4 * i + 1];
            byXOrder[3 * r + 2] = p[4 * i + 2];
            i = byZ[r];
            zRank[i] = r;
            byZOrder[3 * r] = p[4 * i];
            byZOrder[3 * r + 1] = p[4 * i + 1];
            byZOrder[3 * r + 2] = p[4 * i + 2];
        }
        for (int r = n - 1; r >= 0; r--) {
            xAfter[r] = r + 1 < n && byXOrder[3 * r + 3] == byXOrder[3 * r] ? xAfter[r + 1] : r + 1;
        }
        for (int r = 0; r < n; r++) {
            xRankByZ[r] = xRank[byZ[r]];
            zStart[r] = r > 0 && byZOrder[3 * r - 1] == byZOrder[3 * r + 2] ? zStart[r - 1] : r;
        }
        keptByX = 0;
        keptByZ = 0;
    }

    /**
     * {@link Staircase3#addIfContributes}: the exclusive (x, y, z) volume of row q's box against the kept
     * points (0 when one of them weakly dominates q), keeping q when it is positive; the kept points q weakly
     * dominates leave in the same pass.
     */
    double addIfContributes(int q) {
        int qr = xRank[q];
        double qx = byXOrder[3 * qr];
        double qy = byXOrder[3 * qr + 1];
        double qz = byXOrder[3 * qr + 2];
        double leftY = lowestLeft(qz, xAfter[qr]);
        if (leftY <= qy) {
            return 0.0;
        }
        int first = firstStaircase(qy, qz, qr, leftY);
        long steps = 0;
        double initial = 0;
        for (int i = 0; i < first; i++) {
            int r = firstRanks[i];
            steps |= 1L << r;
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
        for (long bits = keptByZ & -1L << zStart[zRank[q]]; bits != 0; bits &= bits - 1) {
            int zr = Long.numberOfTrailingZeros(bits);
            double ux = byZOrder[3 * zr];
            double uy = byZOrder[3 * zr + 1];
            double uz = byZOrder[3 * zr + 2];
            if (qx <= ux && qy <= uy) {
                keptByZ &= ~(1L << zr);
                keptByX &= ~(1L << xRankByZ[zr]);
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
                // u covers the whole box from uz on; nothing further up is dominated by q
                boxCovered = true;
                break;
            }
            // u clipped to the box: a point left of it sits at the box's own rank
            int r = left ? qr : xRankByZ[zr];
            double cy = uy > qy ? uy : qy;
            // the step at or before r
            long upTo = steps & -1L >>> (63 - r);
            double prevY = upTo == 0 ? 0.0 : stepY[63 - Long.numberOfLeadingZeros(upTo)];
            if (prevY <= cy) {
                continue;
            }
            // the steps at or right of r no lower than cy are covered by the clipped point (xs[r], cy)
            double prevX = byXOrder[3 * r];
            double covered = 0;
            long from = steps & -1L << r;
            for (; from != 0; from &= from - 1) {
                int s = Long.numberOfTrailingZeros(from);
                double ys = stepY[s];
                if (ys < cy) {
                    break;
                }
                double xs = byXOrder[3 * s];
                covered += (xs - prevX) * (prevY - cy);
                prevX = xs;
                prevY = ys;
                steps &= ~(1L << s);
            }
            double xEnd = from != 0 ? byXOrder[3 * Long.numberOfTrailingZeros(from)] : 0.0;
            covered += (xEnd - prevX) * (prevY - cy);
            free -= covered;
            stepY[r] = cy;
            steps |= 1L << r;
            if (left) {
                leftH = cy;
            }
            if (cy == qy) {
                bottomX = byXOrder[3 * r];
            }
        }
        if (!boxCovered) {
            result += free * (0.0 - z);
        }
        if (result > 0) {
            keptByZ |= 1L << zRank[q];
            keptByX |= 1L << qr;
        }
        return result;
    }

    /** The lowest y of the kept points with x rank below {@code xEnd} (≥ 1) and z ≤ q_z, +∞ when none. */
    private double lowestLeft(double qz, int xEnd) {
        double lowest = Double.POSITIVE_INFINITY;
        for (long bits = keptByX & -1L >>> (64 - xEnd); bits != 0; bits &= bits - 1) {
            int r = Long.numberOfTrailingZeros(bits);
            double y = byXOrder[3 * r + 1];
            lowest = byXOrder[3 * r + 2] <= qz && y < lowest ? y : lowest;
        }
        return lowest;
    }

    /**
     * {@link Staircase3}'s first staircase: in {@code firstRanks} / {@code firstY}, in x order, what the kept
     * points with z ≤ q_z cover inside q's box, given its left step's height; returns the number of steps.
     */
    private int firstStaircase(double qy, double qz, int qr, double leftY) {
        int size = 0;
        double lowest = 0.0;
        if (leftY != Double.POSITIVE_INFINITY) {
            firstRanks[0] = qr;
            firstY[0] = leftY;
            size = 1;
            lowest = leftY;
        }
        int from = xAfter[qr];
        for (long bits = from == CAPACITY ? 0L : keptByX & -1L << from; bits != 0; bits &= bits - 1) {
            int r = Long.numberOfTrailingZeros(bits);
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
        return size;
    }
}
