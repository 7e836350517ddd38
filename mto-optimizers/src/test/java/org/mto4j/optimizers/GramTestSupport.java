package org.mto4j.optimizers;

import java.util.Random;

import org.mto4j.core.GradientCombinerContract;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskGradients;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Plain double[][] helpers shared by the method tests: random Jacobians, Gram matrices, directions. */
final class GramTestSupport {

    private GramTestSupport() {
    }

    /** A K x P matrix of standard normal entries, reproducible from the seed. */
    static double[][] randomMatrix(long seed, int k, int p) {
        Random r = new Random(seed);
        double[][] j = new double[k][p];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < p; c++) {
                j[i][c] = r.nextGaussian();
            }
        }
        return j;
    }

    /**
     * A random K x P matrix whose rows conflict: a shared component plus a task-specific one of random scale, so
     * pairwise cosines take both signs. Reproducible from the seed.
     */
    static double[][] conflictingMatrix(long seed, int k, int p) {
        Random r = new Random(seed);
        double[] shared = new double[p];
        for (int c = 0; c < p; c++) {
            shared[c] = r.nextGaussian();
        }
        double[][] j = new double[k][p];
        for (int i = 0; i < k; i++) {
            double scale = Math.exp(r.nextGaussian());
            double sharedWeight = r.nextDouble() - 0.3;
            for (int c = 0; c < p; c++) {
                j[i][c] = scale * (sharedWeight * shared[c] + r.nextGaussian());
            }
        }
        return j;
    }

    static Gramian gramOf(double[][] j) {
        int k = j.length;
        double[][] g = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double s = dot(j[a], j[b]);
                g[a][b] = s;
                g[b][a] = s;
            }
        }
        return Gramian.of(g);
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int c = 0; c < x.length; c++) {
            s += x[c] * y[c];
        }
        return s;
    }

    static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    /** d = Σ wᵢ jᵢ. */
    static double[] combine(double[][] j, double[] w) {
        double[] d = new double[j[0].length];
        for (int i = 0; i < j.length; i++) {
            for (int c = 0; c < d.length; c++) {
                d[c] += w[i] * j[i][c];
            }
        }
        return d;
    }

    /** J d, the directional derivative of every task along d. */
    static double[] products(double[][] j, double[] d) {
        double[] out = new double[j.length];
        for (int i = 0; i < j.length; i++) {
            out[i] = dot(j[i], d);
        }
        return out;
    }

    static double[][] scale(double[][] j, double factor) {
        double[][] out = new double[j.length][];
        for (int i = 0; i < j.length; i++) {
            out[i] = j[i].clone();
            for (int c = 0; c < out[i].length; c++) {
                out[i][c] *= factor;
            }
        }
        return out;
    }

    /** Rows in the order perm: out[i] = j[perm[i]]. */
    static double[][] permuteRows(double[][] j, int[] perm) {
        double[][] out = new double[j.length][];
        for (int i = 0; i < perm.length; i++) {
            out[i] = j[perm[i]].clone();
        }
        return out;
    }

    static int[] randomPermutation(long seed, int k) {
        Random r = new Random(seed);
        int[] perm = new int[k];
        for (int i = 0; i < k; i++) {
            perm[i] = i;
        }
        for (int i = k - 1; i > 0; i--) {
            int s = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[s];
            perm[s] = t;
        }
        return perm;
    }

    static TaskGradients toGradients(double[][] j, DataType type) {
        return GradientCombinerContract.toGradients(j, type);
    }

    static double[] toDoubles(INDArray a) {
        return GradientCombinerContract.toDoubles(a);
    }

    /** max_c |x_c − y_c| / max(‖y‖_∞, tiny), as the contract suite measures it. */
    static double relativeError(double[] x, double[] y) {
        return GradientCombinerContract.relativeError(x, y);
    }
}
