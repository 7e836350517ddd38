package org.mto4j.pareto;

/**
 * Ideal and nadir points and the linear normalization between them; always explicit, never applied
 * behind the caller's back.
 *
 * <pre>
 *   ideal_j = best value of objective j over the given points
 *   nadir_j = worst value of objective j over the given points   (pass the front to get the front's nadir)
 *   f̂_j    = (f_j − ideal_j) / (nadir_j − ideal_j)               (0 at the ideal, 1 at the nadir)
 * </pre>
 * The normalized points are to be minimized in every objective whatever the input senses; an objective
 * with nadir_j = ideal_j maps to 0.
 *
 * <p>Inputs are only read; every result is a new array. Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class Normalization {
    private Normalization() {
    }

    /** Returns the component-wise best values (minimum for MINIMIZE, maximum for MAXIMIZE). */
    public static double[] ideal(double[][] points, Sense[] senses) {
        return extreme(points, senses, true);
    }

    /** Returns the component-wise worst values over the given points. */
    public static double[] nadir(double[][] points, Sense[] senses) {
        return extreme(points, senses, false);
    }

    private static double[] extreme(double[][] points, Sense[] senses, boolean best) {
        Points.check(points, "points", senses);
        if (points.length == 0) {
            throw new IllegalArgumentException("points must be non-empty to have an ideal or nadir point");
        }
        double[] out = points[0].clone();
        for (double[] p : points) {
            for (int j = 0; j < out.length; j++) {
                boolean better = senses[j].toMinimization(p[j]) < senses[j].toMinimization(out[j]);
                if (better == best && p[j] != out[j]) {
                    out[j] = p[j];
                }
            }
        }
        return out;
    }

    /**
     * Returns the points mapped linearly so that {@code ideal} goes to 0 and {@code nadir} to 1 in every
     * objective; the result is in minimization form.
     */
    public static double[][] normalize(double[][] points, double[] ideal, double[] nadir, Sense[] senses) {
        Points.check(points, "points", senses);
        Points.checkVector(ideal, "ideal", senses.length);
        Points.checkVector(nadir, "nadir", senses.length);
        int m = senses.length;
        double[] scale = new double[m];
        for (int j = 0; j < m; j++) {
            double range = nadir[j] - ideal[j];
            boolean wrongWay = senses[j] == Sense.MINIMIZE ? range < 0 : range > 0;
            if (wrongWay || Double.isInfinite(range)) {
                throw new IllegalArgumentException("objective " + j + " (" + senses[j] + "): nadir " + nadir[j]
                        + " must be finite and no better than ideal " + ideal[j]);
            }
            scale[j] = range == 0 ? 0.0 : 1.0 / range;
        }
        double[][] out = new double[points.length][m];
        for (int i = 0; i < points.length; i++) {
            for (int j = 0; j < m; j++) {
                out[i][j] = (points[i][j] - ideal[j]) * scale[j];
            }
        }
        return out;
    }
}
