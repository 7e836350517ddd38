package org.mto4j.pareto;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Weight vectors on the unit simplex {w ∈ ℝᵐ : w_j ≥ 0, Σ w_j = 1}, for scalarization sweeps and for
 * evaluating methods under many weightings.
 *
 * <pre>
 *   Das–Dennis lattice with H divisions:  { k / H : k ∈ ℕᵐ, Σ k_j = H },  C(H + m − 1, m − 1) vectors
 *   two layers (H₁ outer, H₂ inner):       outer lattice ∪ { (1 − τ)/m + τ·w : w in the H₂ lattice },  τ = 1/2
 *   uniform random:                        w_j = e_j / Σ e_k with e_j ~ Exp(1)   (Dirichlet(1, …, 1))
 * </pre>
 * References: I. Das, J. E. Dennis, "Normal-boundary intersection: a new method for generating the Pareto
 * surface in nonlinear multicriteria optimization problems", SIAM J. Optim. 8(3), 1998; the two layers of
 * K. Deb, H. Jain, "An evolutionary many-objective optimization algorithm using reference-point-based
 * nondominated sorting approach, part I", IEEE TEVC 18(4), 2014. Random vectors come only from the caller's
 * seed.
 *
 * <p>Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class WeightVectors {
    /** Shrink factor τ of the inner layer, as in Deb and Jain (2014). */
    public static final double INNER_LAYER_SHRINK = 0.5;

    private WeightVectors() {
    }

    /** Returns the number of Das–Dennis vectors, C(H + m − 1, m − 1). */
    public static long dasDennisCount(int m, int divisions) {
        check(m, divisions);
        long count = 1;
        for (int i = 1; i < m; i++) {
            count = count * (divisions + i) / i;
        }
        return count;
    }

    /** Returns the Das–Dennis lattice of {@code m}-vectors with {@code divisions} steps, in lexicographic order. */
    public static double[][] dasDennis(int m, int divisions) {
        long count = dasDennisCount(m, divisions);
        if (count > 10_000_000) {
            throw new IllegalArgumentException("m = " + m + " and divisions = " + divisions + " give " + count
                    + " vectors, more than 10,000,000");
        }
        List<double[]> out = new ArrayList<>((int) count);
        int[] k = new int[m];
        fill(k, 0, divisions, divisions, out);
        return out.toArray(new double[0][]);
    }

    private static void fill(int[] k, int j, int left, int divisions, List<double[]> out) {
        int m = k.length;
        if (j == m - 1) {
            k[j] = left;
            double[] w = new double[m];
            for (int t = 0; t < m; t++) {
                w[t] = (double) k[t] / divisions;
            }
            out.add(w);
            return;
        }
        for (int v = left; v >= 0; v--) {
            k[j] = v;
            fill(k, j + 1, left - v, divisions, out);
        }
    }

    /** Returns the outer lattice followed by the inner one, shrunk towards the centre by {@link #INNER_LAYER_SHRINK}. */
    public static double[][] dasDennisTwoLayer(int m, int outerDivisions, int innerDivisions) {
        double[][] outer = dasDennis(m, outerDivisions);
        double[][] inner = dasDennis(m, innerDivisions);
        double[][] out = new double[outer.length + inner.length][];
        System.arraycopy(outer, 0, out, 0, outer.length);
        for (int i = 0; i < inner.length; i++) {
            double[] w = new double[m];
            for (int j = 0; j < m; j++) {
                w[j] = (1 - INNER_LAYER_SHRINK) / m + INNER_LAYER_SHRINK * inner[i][j];
            }
            out[outer.length + i] = w;
        }
        return out;
    }

    /** Returns {@code count} vectors drawn uniformly from the simplex with the given seed. */
    public static double[][] uniformRandom(int m, int count, long seed) {
        if (m < 1 || count < 0) {
            throw new IllegalArgumentException("m must be >= 1 and count >= 0, got m = " + m + ", count = " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] out = new double[count][m];
        for (double[] w : out) {
            double sum = 0;
            for (int j = 0; j < m; j++) {
                w[j] = -Math.log(1.0 - random.nextDouble());
                sum += w[j];
            }
            for (int j = 0; j < m; j++) {
                w[j] /= sum;
            }
        }
        return out;
    }

    private static void check(int m, int divisions) {
        if (m < 1 || divisions < 1) {
            throw new IllegalArgumentException("m and divisions must be >= 1, got m = " + m + ", divisions = "
                    + divisions);
        }
    }
}
