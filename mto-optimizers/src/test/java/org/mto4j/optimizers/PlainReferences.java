package org.mto4j.optimizers;

import java.util.Arrays;

/**
 * Plain double[][] implementations of the full-Jacobian and cross-batch methods, written from their update rules
 * (javadoc of each class) with no ND4J and no shared code beyond the simplex projection, for agreement tests. Each
 * holds its own state and advances one step per call.
 */
final class PlainReferences {

    private PlainReferences() {
    }

    static double dot(double[] x, double[] y) {
        return GramTestSupport.dot(x, y);
    }

    /** Σᵢ wᵢ rowᵢ. */
    static double[] combine(double[][] rows, double[] w) {
        return GramTestSupport.combine(rows, w);
    }

    static double[] projectOntoSimplex(double[] y) {
        return SimplexProjection.project(y, new double[y.length]);
    }

    /** MoCo: y ← (1 − β_t) y + β_t hᵢ, λ ← Π(λ − γ_t (YYᵀ + ρI) λ), d = Yᵀλ. */
    static final class MoCo {
        final double beta;
        final double betaSigma;
        final double gamma;
        final double gammaSigma;
        final double rho;
        final boolean normalize;
        final boolean softmax;
        double[][] y;
        double[] lambda;
        int t;

        MoCo(double beta, double betaSigma, double gamma, double gammaSigma, double rho, boolean normalize,
                boolean softmax) {
            this.beta = beta;
            this.betaSigma = betaSigma;
            this.gamma = gamma;
            this.gammaSigma = gammaSigma;
            this.rho = rho;
            this.normalize = normalize;
            this.softmax = softmax;
        }

        double[] step(double[][] j, double[] losses) {
            int k = j.length;
            t++;
            double b = beta / Math.pow(t, betaSigma);
            double g = gamma / Math.pow(t, gammaSigma);
            if (y == null) {
                y = new double[k][j[0].length];
                lambda = new double[k];
                Arrays.fill(lambda, 1.0 / k);
            }
            for (int i = 0; i < k; i++) {
                double c = normalize ? losses[i] / (Math.sqrt(dot(j[i], j[i])) + 1e-8) : 1;
                for (int p = 0; p < j[i].length; p++) {
                    y[i][p] = y[i][p] - b * (y[i][p] - c * j[i][p]);
                }
            }
            double[] next = new double[k];
            for (int i = 0; i < k; i++) {
                double s = rho * lambda[i];
                for (int m = 0; m < k; m++) {
                    s += dot(y[i], y[m]) * lambda[m];
                }
                next[i] = lambda[i] - g * s;
            }
            if (softmax) {
                double max = Arrays.stream(next).max().getAsDouble();
                double sum = 0;
                for (int i = 0; i < k; i++) {
                    next[i] = Math.exp(next[i] - max);
                    sum += next[i];
                }
                for (int i = 0; i < k; i++) {
                    next[i] /= sum;
                }
            } else {
                next = projectOntoSimplex(next);
            }
            lambda = next;
            return combine(y, lambda);
        }
    }

    /** DB-MTL: b ← β_t b + (1 − β_t) gᵢ/(Lᵢ + ε), α = max‖b‖/(‖bᵢ‖ + ε), d = Σ αᵢ bᵢ. */
    static final class DBMTL {
        final double beta;
        final double betaSigma;
        double[][] b;
        int t;

        DBMTL(double beta, double betaSigma) {
            this.beta = beta;
            this.betaSigma = betaSigma;
        }

        double[] step(double[][] j, double[] losses) {
            int k = j.length;
            t++;
            double bt = beta / Math.pow(t, betaSigma);
            if (b == null) {
                b = new double[k][j[0].length];
            }
            double[] norms = new double[k];
            for (int i = 0; i < k; i++) {
                for (int p = 0; p < j[i].length; p++) {
                    b[i][p] = bt * b[i][p] + (1 - bt) * j[i][p] / (losses[i] + 1e-8);
                }
                norms[i] = Math.sqrt(dot(b[i], b[i]));
            }
            double max = Arrays.stream(norms).max().getAsDouble();
            double[] alpha = new double[k];
            for (int i = 0; i < k; i++) {
                alpha[i] = max / (norms[i] + 1e-8);
            }
            return combine(b, alpha);
        }
    }

    /** ExcessMTL: AdaGrad accumulator, excess eᵢ, ratio to the first non-zero eᵢ, exponentiated update. */
    static final class ExcessMTL {
        final double eta;
        final double total;
        double[][] h;
        double[] w;
        double[] scale;
        int t;

        ExcessMTL(double eta, double total) {
            this.eta = eta;
            this.total = total;
        }

        double[] step(double[][] j) {
            int k = j.length;
            if (h == null) {
                h = new double[k][j[0].length];
                w = new double[k];
                Arrays.fill(w, total / k);
                scale = new double[k];
            }
            double[] ratio = new double[k];
            for (int i = 0; i < k; i++) {
                double e = 0;
                for (int p = 0; p < j[i].length; p++) {
                    h[i][p] += j[i][p] * j[i][p];
                    e += j[i][p] * j[i][p] / Math.sqrt(h[i][p] + 1e-7);
                }
                if (scale[i] == 0) {
                    scale[i] = e;
                }
                ratio[i] = scale[i] > 0 ? e / scale[i] : 0;
            }
            if (t > 0) {
                double sum = 0;
                for (int i = 0; i < k; i++) {
                    w[i] *= Math.exp(eta * ratio[i]);
                    sum += w[i];
                }
                for (int i = 0; i < k; i++) {
                    w[i] = total * w[i] / sum;
                }
            }
            t++;
            return combine(j, w);
        }
    }

    /** GradDrop with the documented draws u_p = SeedStreams.uniform(streamSeed(seed, step), p). */
    static double[] gradDrop(double[][] j, double[] leak, long seed, long step) {
        int k = j.length;
        int p = j[0].length;
        long stream = SeedStreams.streamSeed(seed, step);
        double[] d = new double[p];
        for (int c = 0; c < p; c++) {
            double sum = 0;
            double abs = 0;
            for (double[] row : j) {
                sum += row[c];
                abs += Math.abs(row[c]);
            }
            if (abs == 0) {
                continue;
            }
            double purity = 0.5 * (1 + sum / abs);
            double u = SeedStreams.uniform(stream, c);
            for (int i = 0; i < k; i++) {
                double x = j[i][c];
                boolean keep = purity > u && x > 0 || purity < u && x < 0;
                d[c] += (leak[i] + (1 - leak[i]) * (keep ? 1 : 0)) * x;
            }
        }
        return d;
    }

    /** Coordinate-wise trimmed mean by sorting every column. */
    static double[] trimmedMean(double[][] j, int trim) {
        int k = j.length;
        double[] d = new double[j[0].length];
        for (int c = 0; c < d.length; c++) {
            double[] column = new double[k];
            for (int i = 0; i < k; i++) {
                column[i] = j[i][c];
            }
            Arrays.sort(column);
            for (int r = trim; r < k - trim; r++) {
                d[c] += column[r];
            }
            d[c] /= k - 2 * trim;
        }
        return d;
    }

    /** C = A Bᵀ. */
    static double[][] cross(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int m = 0; m < b.length; m++) {
                c[i][m] = dot(a[i], b[m]);
            }
        }
        return c;
    }

    /** MoDo: λ ← Π(λ − γ (J₁J₂ᵀλ + ρλ)), d = J₃ᵀλ. */
    static final class MoDo {
        final double gamma;
        final double rho;
        double[] lambda;

        MoDo(double gamma, double rho) {
            this.gamma = gamma;
            this.rho = rho;
        }

        double[] step(double[][] j1, double[][] j2, double[][] j3) {
            int k = j1.length;
            if (lambda == null) {
                lambda = new double[k];
                Arrays.fill(lambda, 1.0 / k);
            }
            double[][] c = cross(j1, j2);
            double[] next = new double[k];
            for (int i = 0; i < k; i++) {
                next[i] = lambda[i] - gamma * (dot(c[i], lambda) + rho * lambda[i]);
            }
            lambda = projectOntoSimplex(next);
            return combine(j3, lambda);
        }
    }

    /** SDMGrad as LibMTL runs it: scaled cross Gram matrix, momentum SGD with projection, d from the third batch. */
    static final class SDMGrad {
        final double lambda;
        final int niter;
        final double lr;
        double[] w;

        SDMGrad(double lambda, int niter, double lr) {
            this.lambda = lambda;
            this.niter = niter;
            this.lr = lr;
        }

        double[] step(double[][] j1, double[][] j2, double[][] j3) {
            int k = j1.length;
            if (w == null) {
                w = new double[k];
                Arrays.fill(w, 1.0 / k);
            }
            double[][] c = cross(j1, j2);
            double s = 0;
            for (int i = 0; i < k; i++) {
                s += Math.sqrt(Math.max(c[i][i], 0));
            }
            s /= k;
            double[] mean = new double[k];
            for (int i = 0; i < k; i++) {
                for (int m = 0; m < k; m++) {
                    c[i][m] /= s * s + 1e-8;
                    mean[i] += c[i][m] / k;
                }
            }
            double[] buffer = null;
            for (int it = 0; it < niter; it++) {
                double[] grad = new double[k];
                for (int i = 0; i < k; i++) {
                    grad[i] = dot(c[i], w) + lambda * mean[i];
                }
                if (buffer == null) {
                    buffer = grad;
                } else {
                    for (int i = 0; i < k; i++) {
                        buffer[i] = 0.5 * buffer[i] + grad[i];
                    }
                }
                double[] next = new double[k];
                for (int i = 0; i < k; i++) {
                    next[i] = w[i] - lr * buffer[i];
                }
                w = projectOntoSimplex(next);
            }
            double[] weights = new double[k];
            for (int i = 0; i < k; i++) {
                weights[i] = (w[i] + lambda / k) / (1 + lambda);
            }
            return combine(j3, weights);
        }
    }
}
