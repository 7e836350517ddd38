package org.mto4j.pareto;

/**
 * Supported points: the non-dominated points that minimize some weighted sum, i.e. lie on the lower
 * convex hull of the set. Points in the non-convex dents of a front are non-dominated but unsupported: no
 * scalarization weight reaches them.
 *
 * <pre>
 *   p supported  ⇔  p ∈ F(P)  ∧  ∃ w ≥ 0, Σ w_j = 1 :  w·p ≤ w·q  ∀ q ∈ P      (minimization form)
 * </pre>
 * The set W(p) of such w is a polytope in the simplex; it is non-empty iff it has a vertex, and every
 * vertex solves Σ w_j = 1 together with m − 1 of the constraints w·(q − p) = 0, w_j = 0 taken as
 * equalities. The test enumerates those (m − 1)-subsets, stopping at the first feasible one: exact, and
 * O(n^m) per point, which suits scalarization fronts (tens of points, a few tasks); O(m·n) memory.
 * Differences are divided by the spread of the front, and feasibility is checked with {@link #TOLERANCE}.
 *
 * <p>Reference: the weighted-sum characterization of supported efficient points, A. M. Geoffrion,
 * "Proper efficiency and the theory of vector maximization", J. Math. Anal. Appl. 22, 1968.
 *
 * <p>Inputs are only read. Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class SupportedPoints {
    /** Relative tolerance of the feasibility checks. */
    public static final double TOLERANCE = 1e-9;

    private SupportedPoints() {
    }

    /** Returns whether each point is supported (false for dominated points). */
    public static boolean[] mask(double[][] points, Sense[] senses) {
        double[] flat = Points.minimizationFlat(points, "points", senses);
        int n = points.length;
        int m = senses.length;
        boolean[] supported = new boolean[n];
        int[] front = ParetoFront.ofFlat(flat, n, m, false);
        double spread = 0;
        for (int j = 0; j < m; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i : front) {
                lo = Math.min(lo, flat[i * m + j]);
                hi = Math.max(hi, flat[i * m + j]);
            }
            spread = Math.max(spread, hi - lo);
        }
        double scale = Math.max(spread, Double.MIN_NORMAL);
        for (int p : front) {
            supported[p] = m <= 1 || isSupported(flat, m, front, p, scale);
        }
        return supported;
    }

    private static boolean isSupported(double[] flat, int m, int[] front, int p, double scale) {
        // rows of the inequality system a·w >= 0: (q − p) for each other distinct front point, then e_j
        int count = 0;
        double[][] rows = new double[front.length + m][];
        for (int q : front) {
            if (!Points.equalRows(flat, m, p, q)) {
                double[] a = new double[m];
                for (int j = 0; j < m; j++) {
                    a[j] = (flat[q * m + j] - flat[p * m + j]) / scale;
                }
                rows[count++] = a;
            }
        }
        for (int j = 0; j < m; j++) {
            double[] a = new double[m];
            a[j] = 1.0;
            rows[count++] = a;
        }
        int[] pick = new int[m - 1];
        for (int t = 0; t < m - 1; t++) {
            pick[t] = t;
        }
        double[] w = new double[m];
        while (true) {
            if (vertex(rows, pick, m, w) && feasible(rows, count, w, TOLERANCE)) {
                return true;
            }
            int t = m - 2;
            while (t >= 0 && pick[t] == count - (m - 1) + t) {
                t--;
            }
            if (t < 0) {
                return false;
            }
            pick[t]++;
            for (int s = t + 1; s < m - 1; s++) {
                pick[s] = pick[s - 1] + 1;
            }
        }
    }

    /** Solves Σ w = 1 and rows[pick]·w = 0 into w; false if singular. */
    private static boolean vertex(double[][] rows, int[] pick, int m, double[] w) {
        double[][] s = new double[m][m + 1];
        for (int j = 0; j <= m; j++) {
            s[0][j] = 1.0;
        }
        for (int t = 0; t < m - 1; t++) {
            System.arraycopy(rows[pick[t]], 0, s[t + 1], 0, m);
        }
        double[] x = LinearSystems.solve(s, m, Double.MIN_NORMAL);
        if (x == null) {
            return false;
        }
        System.arraycopy(x, 0, w, 0, m);
        return true;
    }

    private static boolean feasible(double[][] rows, int count, double[] w, double tol) {
        for (int r = 0; r < count; r++) {
            double dot = 0;
            for (int j = 0; j < w.length; j++) {
                dot += rows[r][j] * w[j];
            }
            if (dot < -tol) {
                return false;
            }
        }
        return true;
    }
}
