package org.mto4j.optimizers;

import org.mto4j.core.Gramian;

/**
 * Projection onto the dual cone of the task gradients {x : J x &ge; 0}, in weight space. For a vector Jᵀu the
 * projection is Jᵀv with
 * <pre>
 *   v = argmin_{v &ge; u} vᵀ G v                      (Quinton and Rey 2024, Proposition 1)
 *     = u + x,   x = argmin_{x &ge; 0} ½ xᵀG x + (G u)ᵀx
 * </pre>
 * solved by {@link NonNegativeQp}. As in TorchJD, G is first divided by its trace ‖J‖²_F (or replaced by 0 when the
 * trace is below {@code normEps}) and then {@code regEps}·I is added, which makes the problem strictly convex; the
 * projection is then exact for the regularised Gramian, so J Jᵀv &ge; −regEps · tr(G) · v rather than &ge; 0.
 *
 * <p>One instance serves the K projections of a step, on one thread: {@link #projectRow} keeps the solver's
 * buffers across the projections.
 */
final class DualConeProjection {

    private final int k;
    private final double[] a; // tr-normalised, regularised G, row-major
    private final NonNegativeQp.Workspace workspace;

    DualConeProjection(Gramian gramian, double normEps, double regEps) {
        k = gramian.size();
        a = new double[k * k];
        double trace = 0;
        for (int i = 0; i < k; i++) {
            trace += gramian.get(i, i);
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                a[i * k + j] = trace < normEps ? 0 : gramian.get(i, j) / trace;
            }
            a[i * k + i] += regEps;
        }
        workspace = new NonNegativeQp.Workspace(k);
    }

    /**
     * Checks UPGrad's and DualProj's options.
     *
     * @param preference null (1/K for any K) or K finite values &ge; 0, not all 0; copied
     */
    static double[] checkedOptions(double[] preference, double normEps, double regEps) {
        if (!(normEps >= 0) || Double.isInfinite(normEps)) {
            throw new IllegalArgumentException("norm_eps must be finite and >= 0, got " + normEps);
        }
        if (!(regEps > 0) || Double.isInfinite(regEps)) {
            throw new IllegalArgumentException("reg_eps must be finite and > 0 (it makes the projection strictly "
                    + "convex), got " + regEps);
        }
        if (preference == null) {
            return null;
        }
        double sum = 0;
        for (int i = 0; i < preference.length; i++) {
            if (!Double.isFinite(preference[i]) || preference[i] < 0) {
                throw new IllegalArgumentException("pref_vector must hold finite values >= 0, got pref_vector[" + i
                        + "] = " + preference[i] + " in " + java.util.Arrays.toString(preference));
            }
            sum += preference[i];
        }
        if (preference.length == 0 || sum == 0) {
            throw new IllegalArgumentException("pref_vector must hold K >= 1 values, not all 0, got "
                    + java.util.Arrays.toString(preference));
        }
        return preference.clone();
    }

    /** The preference for K tasks: a copy of {@code preference}, or 1/K each when it is null. */
    static double[] preferenceFor(double[] preference, int k) {
        if (preference == null) {
            double[] u = new double[k];
            java.util.Arrays.fill(u, 1.0 / k);
            return u;
        }
        if (preference.length != k) {
            throw new IllegalArgumentException("pref_vector has " + preference.length + " values but there are "
                    + k + " tasks");
        }
        return preference.clone();
    }

    /** v for the vector Jᵀu; u is not modified. */
    Solution project(double[] u) {
        double[] b = SmallMatrix.multiply(a, k, u, new double[k]);
        Solution s = NonNegativeQp.solve(a, k, b, NonNegativeQp.DEFAULT_TOLERANCE,
                NonNegativeQp.defaultMaxIterations(k));
        double[] v = s.x();
        for (int i = 0; i < k; i++) {
            v[i] += u[i];
        }
        return s;
    }

    /**
     * v for the single gradient Jᵀ(c eᵢ) (UPGrad's i-th projection); cheaper than {@link #project} with a dense u.
     * Warm-started from the tasks whose gradients conflict with gᵢ (bⱼ = c Aⱼᵢ &lt; 0), the first the cold start
     * would free.
     */
    Solution projectRow(int i, double c) {
        double[] b = new double[k];
        for (int j = 0; j < k; j++) {
            b[j] = c * a[j * k + i];
        }
        Solution s = NonNegativeQp.solve(a, k, b, NonNegativeQp.DEFAULT_TOLERANCE,
                NonNegativeQp.defaultMaxIterations(k), workspace);
        s.x()[i] += c;
        return s;
    }
}
