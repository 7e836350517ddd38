package org.mto4j.optimizers;

import java.util.Random;

/**
 * Seeded random Jacobians of a given shape and rank from the families that decide the guarantees of the Gram methods
 * (as in Quinton and Rey's analysis): J = U S Vᵀ with orthonormal U, V and |N(0, 1)| singular values, where U is
 * chosen so that J is
 * <ul>
 *   <li>{@link #general}: any matrix of that rank;</li>
 *   <li>{@link #nonWeak}: not weakly stationary (a positive vector is a left singular vector with a non-zero
 *       singular value, so no v &ge; 0, v ≠ 0 has vᵀJ = 0);</li>
 *   <li>{@link #strong}: strongly stationary (vᵀJ = 0 for some v &gt; 0: 0 is in the relative interior of the convex
 *       hull of the rows);</li>
 *   <li>{@link #strictlyWeak}: weakly but not strongly stationary (vᵀJ = 0 for some v &ge; 0, v ≠ 0, never
 *       v &gt; 0).</li>
 * </ul>
 * K &gt; P and rank-deficient shapes are allowed wherever the rank permits.
 */
final class MatrixFamilies {

    private MatrixFamilies() {
    }

    /** A family: a seeded K x P matrix of the given rank. */
    interface Family {
        double[][] sample(long seed, int k, int p, int rank);
    }

    static double[][] general(long seed, int k, int p, int rank) {
        Random r = new Random(seed);
        return product(complement(new double[k][0], r), rank, r, p);
    }

    static double[][] nonWeak(long seed, int k, int p, int rank) {
        Random r = new Random(seed);
        double[][] u = column(positive(r, k));
        return product(append(u, complement(u, r)), rank, r, p);
    }

    /** Needs rank &le; min(K − 1, P). */
    static double[][] strong(long seed, int k, int p, int rank) {
        Random r = new Random(seed);
        return product(complement(column(positive(r, k)), r), rank, r, p);
    }

    /** Needs K &ge; 2 and rank &le; min(K − 1, P). */
    static double[][] strictlyWeak(long seed, int k, int p, int rank) {
        Random r = new Random(seed);
        double[] u = positive(r, k);
        int split = 1 + r.nextInt(k - 1);
        int[] order = GramTestSupport.randomPermutation(r.nextLong(), k);
        double[] v = new double[k];
        double[] vPrime = new double[k];
        for (int t = 0; t < k; t++) {
            (t < split ? v : vPrime)[order[t]] = u[order[t]];
        }
        normalize(v);
        normalize(vPrime);
        double[][] both = new double[k][2];
        for (int i = 0; i < k; i++) {
            both[i][0] = v[i];
            both[i][1] = vPrime[i];
        }
        double[][] basis = append(both, complement(both, r));
        // Columns 1 .. rank of [v, v', rest]: orthogonal to v (weakly stationary), v' kept with a non-zero singular
        // value (so no positive vector annihilates J).
        double[][] shifted = new double[k][k - 1];
        for (int i = 0; i < k; i++) {
            System.arraycopy(basis[i], 1, shifted[i], 0, k - 1);
        }
        return product(shifted, rank, r, p);
    }

    /** U[:, :rank] diag(|N(0,1)|) Vᵀ[:rank, :] with V a random P x P orthonormal matrix. */
    private static double[][] product(double[][] u, int rank, Random r, int p) {
        int k = u.length;
        double[][] vt = transpose(complement(new double[p][0], r));
        double[] s = new double[rank];
        for (int q = 0; q < rank; q++) {
            s[q] = Math.abs(r.nextGaussian());
        }
        double[][] a = new double[k][p];
        for (int i = 0; i < k; i++) {
            for (int q = 0; q < rank; q++) {
                double f = u[i][q] * s[q];
                for (int c = 0; c < p; c++) {
                    a[i][c] += f * vt[q][c];
                }
            }
        }
        return a;
    }

    /** A random orthonormal basis of the complement of the orthonormal columns of q (m x k): m x (m − k). */
    private static double[][] complement(double[][] q, Random r) {
        int m = q.length;
        int k = m == 0 ? 0 : q[0].length;
        double[][] basis = new double[m - k][];
        for (int t = 0; t < m - k; t++) {
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                x[i] = r.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) { // Gram-Schmidt twice: orthogonal to rounding
                for (int col = 0; col < k; col++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) {
                        dot += q[i][col] * x[i];
                    }
                    for (int i = 0; i < m; i++) {
                        x[i] -= dot * q[i][col];
                    }
                }
                for (int prev = 0; prev < t; prev++) {
                    double dot = GramTestSupport.dot(basis[prev], x);
                    for (int i = 0; i < m; i++) {
                        x[i] -= dot * basis[prev][i];
                    }
                }
            }
            normalize(x);
            basis[t] = x;
        }
        return transpose(basis, m);
    }

    private static double[] positive(Random r, int k) {
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = Math.abs(r.nextGaussian()) + 1e-3;
        }
        normalize(v);
        return v;
    }

    private static void normalize(double[] x) {
        double n = GramTestSupport.norm(x);
        for (int i = 0; i < x.length; i++) {
            x[i] /= n;
        }
    }

    private static double[][] column(double[] v) {
        double[][] c = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            c[i][0] = v[i];
        }
        return c;
    }

    private static double[][] append(double[][] left, double[][] right) {
        double[][] out = new double[left.length][];
        for (int i = 0; i < left.length; i++) {
            out[i] = new double[left[i].length + right[i].length];
            System.arraycopy(left[i], 0, out[i], 0, left[i].length);
            System.arraycopy(right[i], 0, out[i], left[i].length, right[i].length);
        }
        return out;
    }

    private static double[][] transpose(double[][] a) {
        return transpose(a, a.length == 0 ? 0 : a[0].length);
    }

    /** The transpose of a (rows x cols, cols given for an empty a). */
    private static double[][] transpose(double[][] a, int cols) {
        double[][] t = new double[cols][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < cols; c++) {
                t[c][i] = a[i][c];
            }
        }
        return t;
    }
}
