package org.mto4j.optimizers;

import java.util.Arrays;

/**
 * Plain double[][] reference implementations of MGDA, UPGrad, DualProj and CAGrad that work on the gradient vectors
 * themselves (never on the Gram matrix), for the agreement tests. Slow and simple on purpose.
 */
final class VectorSpaceReferences {

    private VectorSpaceReferences() {
    }

    /** MGDA by Frank-Wolfe on the vectors (TorchJD's rule: start 1/K, exact line search, stop when γ &lt; ε). */
    static double[] mgdaFrankWolfe(double[][] j, double epsilon, int maxIterations) {
        int k = j.length;
        double[] w = new double[k];
        Arrays.fill(w, 1.0 / k);
        double[] d = GramTestSupport.combine(j, w);
        for (int it = 0; it < maxIterations; it++) {
            double[] products = GramTestSupport.products(j, d);
            int t = 0;
            for (int i = 1; i < k; i++) {
                if (products[i] < products[t]) {
                    t = i;
                }
            }
            double a = products[t];
            double b = GramTestSupport.dot(d, d);
            double c = GramTestSupport.dot(j[t], j[t]);
            double gamma = c <= a ? 1 : b <= a ? 0 : (b - a) / (b + c - 2 * a);
            for (int i = 0; i < k; i++) {
                w[i] *= 1 - gamma;
            }
            w[t] += gamma;
            for (int p = 0; p < d.length; p++) {
                d[p] = (1 - gamma) * d[p] + gamma * j[t][p];
            }
            if (gamma < epsilon) {
                break;
            }
        }
        return d;
    }

    /**
     * The projection of Σ uᵢ gᵢ onto the dual cone {x : J̃ x &ge; 0} of the regularised rows g̃ᵢ = [gᵢ / ‖J‖_F, √ε eᵢ]
     * (whose Gram matrix is G / tr G + ε I, TorchJD's convention), as x = J̃ᵀ(u + λ) with λ &ge; 0 minimising
     * ‖J̃ᵀ(u + λ)‖² by Lawson-Hanson NNLS with a QR factorisation of the free rows. Returns Σ (uᵢ + λᵢ) gᵢ.
     */
    static double[] dualConeProjection(double[][] j, double[] u, double regEps) {
        int k = j.length;
        int p = j[0].length;
        double frobenius = 0;
        for (double[] row : j) {
            frobenius += GramTestSupport.dot(row, row);
        }
        double scale = Math.sqrt(frobenius);
        double[][] rows = new double[k][p + k];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < p; c++) {
                rows[i][c] = j[i][c] / scale;
            }
            rows[i][p + i] = Math.sqrt(regEps);
        }
        double[] target = GramTestSupport.combine(rows, u);
        for (int c = 0; c < target.length; c++) {
            target[c] = -target[c];
        }
        double[] lambda = nnls(rows, target);
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = u[i] + lambda[i];
        }
        return GramTestSupport.combine(j, v);
    }

    /** λ &ge; 0 minimising ‖Σ λᵢ rowsᵢ − target‖ (Lawson and Hanson 1974), free-set least squares by QR. */
    static double[] nnls(double[][] rows, double[] target) {
        int k = rows.length;
        double[] lambda = new double[k];
        boolean[] free = new boolean[k];
        for (int outer = 0; outer < 10 * k + 50; outer++) {
            double[] residual = GramTestSupport.combine(rows, lambda);
            for (int c = 0; c < residual.length; c++) {
                residual[c] = target[c] - residual[c];
            }
            double[] descent = GramTestSupport.products(rows, residual); // −∇ of ½‖·‖²
            int enter = -1;
            for (int i = 0; i < k; i++) {
                if (!free[i] && descent[i] > 1e-13 && (enter < 0 || descent[i] > descent[enter])) {
                    enter = i;
                }
            }
            if (enter < 0) {
                return lambda;
            }
            free[enter] = true;
            while (true) {
                double[] z = leastSquares(rows, free, target);
                double step = 1;
                for (int i = 0; i < k; i++) {
                    if (free[i] && z[i] <= 0) {
                        step = Math.min(step, lambda[i] / (lambda[i] - z[i]));
                    }
                }
                for (int i = 0; i < k; i++) {
                    if (free[i]) {
                        lambda[i] += step * (z[i] - lambda[i]);
                    }
                }
                if (step == 1) {
                    break;
                }
                for (int i = 0; i < k; i++) {
                    if (free[i] && lambda[i] <= 1e-15) {
                        free[i] = false;
                        lambda[i] = 0;
                    }
                }
            }
        }
        throw new AssertionError("reference NNLS did not finish");
    }

    /** argmin over z supported on the free rows of ‖Σ zᵢ rowsᵢ − target‖, by modified Gram-Schmidt. */
    private static double[] leastSquares(double[][] rows, boolean[] free, double[] target) {
        int k = rows.length;
        int[] index = new int[k];
        int m = 0;
        for (int i = 0; i < k; i++) {
            if (free[i]) {
                index[m++] = i;
            }
        }
        double[][] q = new double[m][];
        double[][] r = new double[m][m];
        for (int a = 0; a < m; a++) {
            double[] v = rows[index[a]].clone();
            for (int b = 0; b < a; b++) {
                r[b][a] = GramTestSupport.dot(q[b], v);
                for (int c = 0; c < v.length; c++) {
                    v[c] -= r[b][a] * q[b][c];
                }
            }
            r[a][a] = GramTestSupport.norm(v);
            for (int c = 0; c < v.length; c++) {
                v[c] /= r[a][a];
            }
            q[a] = v;
        }
        double[] y = new double[m];
        for (int a = 0; a < m; a++) {
            y[a] = GramTestSupport.dot(q[a], target);
        }
        double[] z = new double[k];
        for (int a = m - 1; a >= 0; a--) {
            double s = y[a];
            for (int b = a + 1; b < m; b++) {
                s -= r[a][b] * z[index[b]];
            }
            z[index[a]] = s / r[a][a];
        }
        return z;
    }

    /**
     * CAGrad (no rescaling) by projected gradient with backtracking on w ∈ Δ, every quantity from the vectors:
     * F(w) = ⟨g_w, g₀⟩ + c‖g₀‖‖g_w‖, then d = g₀ + (c‖g₀‖/‖g_w‖) g_w.
     */
    static double[] cagrad(double[][] j, double c, int iterations) {
        int k = j.length;
        double[] mean = new double[k];
        Arrays.fill(mean, 1.0 / k);
        double[] g0 = GramTestSupport.combine(j, mean);
        double radius = c * GramTestSupport.norm(g0);
        double[] w = mean.clone();
        double initialStep = 1.0 / Arrays.stream(j).mapToDouble(r -> GramTestSupport.dot(r, r)).sum();
        double step = initialStep;
        for (int it = 0; it < iterations; it++) {
            double[] gw = GramTestSupport.combine(j, w);
            double norm = GramTestSupport.norm(gw);
            double[] grad = GramTestSupport.products(j, g0);
            double[] pull = GramTestSupport.products(j, gw);
            for (int i = 0; i < k; i++) {
                grad[i] += radius * pull[i] / norm;
            }
            double f = cagradObjective(j, g0, radius, w);
            double[] next = new double[k];
            while (true) {
                for (int i = 0; i < k; i++) {
                    next[i] = w[i] - step * grad[i];
                }
                SimplexProjection.project(next, next);
                double decrease = 0;
                double distance = 0;
                for (int i = 0; i < k; i++) {
                    decrease += grad[i] * (next[i] - w[i]);
                    distance += (next[i] - w[i]) * (next[i] - w[i]);
                }
                if (cagradObjective(j, g0, radius, next) <= f + decrease + distance / (2 * step) || step < 1e-30) {
                    break;
                }
                step /= 2;
            }
            w = next;
            step = Math.min(2 * step, 1e6 * initialStep);
        }
        double[] gw = GramTestSupport.combine(j, w);
        double factor = radius / GramTestSupport.norm(gw);
        double[] d = g0.clone();
        for (int p = 0; p < d.length; p++) {
            d[p] += factor * gw[p];
        }
        return d;
    }

    private static double cagradObjective(double[][] j, double[] g0, double radius, double[] w) {
        double[] gw = GramTestSupport.combine(j, w);
        return GramTestSupport.dot(gw, g0) + radius * GramTestSupport.norm(gw);
    }
}
