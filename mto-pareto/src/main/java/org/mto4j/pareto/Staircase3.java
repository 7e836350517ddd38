package org.mto4j.pareto;

/**
 * The kept points of the four-dimensional sweep ({@link Hypervolume}): points in minimization form shifted
 * so that the reference is the origin (every value &lt; 0), none weakly dominating another in (x, y, z),
 * held in z order in parallel arrays; and the exclusive three-dimensional contribution of a new point
 * against them (HV4D⁺, Guerreiro and Fonseca 2018).
 *
 * <p>The contribution sweeps the new point's box along z. Its two-dimensional staircase of covered area is
 * kept on the x ranks of all points of the sweep (fixed in advance), in a {@link RankSet} with the height of
 * each step in {@code stepY}: a kept point left of the box is clipped to the box's own rank, so every step
 * and its neighbours are found in O(1) word operations, and every kept point is visited at most once per
 * contribution. Not thread-safe; one instance per sweep.
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
    }

    /**
     * Exclusive (x, y, z) volume of the box [q, 0] against the kept points; 0 when one of them weakly
     * dominates q. {@code qr} is q's x rank.
     */
    double contribution(double qx, double qy, double qz, int qr) {
        steps.clear();
        double free = qx * qy;
        double z = qz;
        double result = 0;
        for (int a = 0; a < count; a++) {
            double uz = az[a];
            if (uz > z) {
                result += free * (uz - z);
                z = uz;
            }
            double uy = ay[a];
            if (ax[a] <= qx && uy <= qy) {
                // u covers the whole box from uz on (and all of it when uz ≤ qz: q is weakly dominated)
                return uz <= qz ? 0.0 : result;
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
    }
}
