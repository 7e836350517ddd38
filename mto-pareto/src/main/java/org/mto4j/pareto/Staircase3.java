package org.mto4j.pareto;

/**
 * The kept points of the four-dimensional sweep ({@link Hypervolume}): points in minimization form shifted
 * so that the reference is the origin (every value &lt; 0), none weakly dominating another in (x, y, z),
 * held in z order in parallel arrays and as a bit set over their x ranks; and the exclusive
 * three-dimensional contribution of a new point q against them (HV4D⁺, Guerreiro and Fonseca 2018).
 *
 * <p>The contribution sweeps q's box along z. The two-dimensional staircase of what the kept points with
 * z ≤ q_z cover inside the box is built first in one pass over them in x order (the bit set), which needs no
 * search: in x order a point is a step iff its clipped y is below every step before it, and the pass stops at
 * the first step that reaches the box's lower edge. The kept points above q_z then follow in z order, each
 * shrinking the uncovered area from its own z upwards, until the box is covered; their staircase steps live on
 * the x ranks (a point left of the box takes the box's own rank) in a {@link RankSet} with each step's height
 * in {@code stepY}, so a step's neighbours are found and covered steps removed in O(1) word operations.
 * Not thread-safe; one instance per sweep.
 */
final class Staircase3 {
    private final double[] xs;
    private final RankSet steps;
    private final double[] stepY;
    private final double[] ax;
    private final double[] ay;
    private final double[] az;
    private final int[] ar;
    private int count;
    /** The kept points' x ranks, and their y and z by x rank. */
    private final long[] members;
    private final double[] yOf;
    private final double[] zOf;
    private final int[] firstRanks;
    private final double[] firstY;

    /**
     * @param capacity the number of points of the sweep
     * @param xs       their x values in ascending order: {@code xs[r]} is the x of x rank r
     */
    Staircase3(int capacity, double[] xs) {
        this.xs = xs;
        this.steps = new RankSet(Math.max(1, capacity));
        this.stepY = new double[capacity];
        ax = new double[capacity];
        ay = new double[capacity];
        az = new double[capacity];
        ar = new int[capacity];
        members = new long[(capacity + 63) >>> 6];
        yOf = new double[capacity];
        zOf = new double[capacity];
        firstRanks = new int[capacity + 1];
        firstY = new double[capacity + 1];
    }

    /**
     * Exclusive (x, y, z) volume of the box [q, 0] against the kept points; 0 when one of them weakly
     * dominates q. {@code qr} is q's x rank.
     */
    double contribution(double qx, double qy, double qz, int qr) {
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
        // the kept points above q_z, in z order
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (az[mid] <= qz) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        double z = qz;
        double result = 0;
        for (int a = lo; a < count; a++) {
            double uz = az[a];
            if (uz > z) {
                result += free * (uz - z);
                z = uz;
            }
            double uy = ay[a];
            if (ax[a] <= qx && uy <= qy) {
                // u covers the whole box from uz on
                return result;
            }
            // u clipped to the box: a point left of it (smaller rank) sits at the box's own rank; at equal x
            // either rank has the same x value
            int r = Math.max(ar[a], qr);
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
        return result + free * (0.0 - z);
    }

    /**
     * Builds in {@code firstRanks} / {@code firstY} the staircase, in x order, of what the kept points with
     * z ≤ q_z cover inside q's box, and returns its number of steps; −1 when one of them weakly dominates q.
     */
    private int firstStaircase(double qx, double qy, double qz, int qr) {
        double leftY = Double.POSITIVE_INFINITY;
        boolean leftDone = false;
        double lowest = 0.0;
        int size = 0;
        scan:
        for (int w = 0; w < members.length; w++) {
            for (long bits = members[w]; bits != 0; bits &= bits - 1) {
                int r = (w << 6) + Long.numberOfTrailingZeros(bits);
                if (zOf[r] > qz) {
                    continue;
                }
                double uy = yOf[r];
                if (xs[r] <= qx) {
                    leftY = Math.min(leftY, uy);
                    continue;
                }
                if (!leftDone) {
                    leftDone = true;
                    if (leftY != Double.POSITIVE_INFINITY) {
                        if (leftY <= qy) {
                            return -1;
                        }
                        firstRanks[0] = qr;
                        firstY[0] = leftY;
                        size = 1;
                        lowest = leftY;
                    }
                }
                double cy = Math.max(uy, qy);
                if (cy < lowest) {
                    if (size > 0 && xs[firstRanks[size - 1]] == xs[r]) {
                        size--;
                    }
                    firstRanks[size] = r;
                    firstY[size] = cy;
                    size++;
                    lowest = cy;
                    if (cy == qy) {
                        // every point further right is covered by this step
                        break scan;
                    }
                }
            }
        }
        if (!leftDone && leftY != Double.POSITIVE_INFINITY) {
            if (leftY <= qy) {
                return -1;
            }
            firstRanks[0] = qr;
            firstY[0] = leftY;
            size = 1;
        }
        return size;
    }

    /** Inserts q at its z position, dropping the kept points it weakly dominates in (x, y, z). */
    void insert(double qx, double qy, double qz, int qr) {
        // only points with z ≥ q_z can be dominated by q: the prefix below stays in place
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (az[mid] < qz) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int write = lo;
        int at = -1;
        for (int a = lo; a < count; a++) {
            double ux = ax[a];
            double uy = ay[a];
            double uz = az[a];
            if (qx <= ux && qy <= uy) {
                members[ar[a] >>> 6] &= ~(1L << ar[a]);
                continue;
            }
            if (at < 0 && uz > qz) {
                at = write;
            }
            ax[write] = ux;
            ay[write] = uy;
            az[write] = uz;
            ar[write] = ar[a];
            write++;
        }
        if (at < 0) {
            at = write;
        } else {
            System.arraycopy(ax, at, ax, at + 1, write - at);
            System.arraycopy(ay, at, ay, at + 1, write - at);
            System.arraycopy(az, at, az, at + 1, write - at);
            System.arraycopy(ar, at, ar, at + 1, write - at);
        }
        ax[at] = qx;
        ay[at] = qy;
        az[at] = qz;
        ar[at] = qr;
        count = write + 1;
        members[qr >>> 6] |= 1L << qr;
        yOf[qr] = qy;
        zOf[qr] = qz;
    }
}
