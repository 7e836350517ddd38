package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The dense two-phase simplex on problems with known answers: optimal, infeasible, unbounded, degenerate. */
class LinearProgramTest {

    @Test
    void smallProblemsByHand() {
        // min −x₁ − x₂, x₁ + 2x₂ + s₁ = 4, 3x₁ + x₂ + s₂ = 6: optimum at x = (8/5, 6/5), value −14/5.
        LinearProgram.Result r = LinearProgram.minimize(new double[] {-1, -1, 0, 0},
                new double[][] {{1, 2, 1, 0}, {3, 1, 0, 1}}, new double[] {4, 6});
        assertEquals(LinearProgram.Status.OPTIMAL, r.status());
        assertEquals(-14.0 / 5, r.value(), 1e-12);
        // x₁ + x₂ = 1 and x₁ + x₂ = 2 (with x ≥ 0): infeasible.
        assertEquals(LinearProgram.Status.INFEASIBLE, LinearProgram.minimize(new double[] {0, 0},
                new double[][] {{1, 1}, {1, 1}}, new double[] {1, 2}).status());
        // min −x₁, x₁ − x₂ = 0: unbounded along (1, 1).
        assertEquals(LinearProgram.Status.UNBOUNDED, LinearProgram.minimize(new double[] {-1, 0},
                new double[][] {{1, -1}}, new double[] {0}).status());
        // Degenerate: b = 0 everywhere but the last row (the shape NashMTL poses); a redundant row too.
        r = LinearProgram.minimize(new double[] {1, 2, 0, 0}, new double[][] {{1, -1, -1, 0}, {2, -2, -2, 0},
            {1, 1, 0, 0}}, new double[] {0, 0, 1});
        assertEquals(LinearProgram.Status.OPTIMAL, r.status());
        assertEquals(1.0, r.value(), 1e-12); // x₁ = 1, x₂ = 0, s = 1
    }

    /** Random feasible bounded problems: the simplex value equals that of brute force over every basis. */
    @Test
    void randomProblemsMatchTheBestVertex() {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int m = 2 + random.nextInt(2);
            int n = m + 1 + random.nextInt(3);
            double[][] a = new double[m][n];
            double[] x0 = new double[n];
            for (int q = 0; q < n; q++) {
                x0[q] = random.nextDouble();
            }
            double[] b = new double[m];
            for (int r = 0; r < m; r++) {
                for (int q = 0; q < n; q++) {
                    a[r][q] = random.nextGaussian();
                    b[r] += a[r][q] * x0[q];
                }
                if (b[r] < 0) {
                    for (int q = 0; q < n; q++) {
                        a[r][q] = -a[r][q];
                    }
                    b[r] = -b[r];
                }
            }
            double[] c = new double[n];
            for (int q = 0; q < n; q++) {
                c[q] = random.nextDouble(); // c ≥ 0 and x ≥ 0: bounded
            }
            LinearProgram.Result r = LinearProgram.minimize(c, a, b);
            assertEquals(LinearProgram.Status.OPTIMAL, r.status(), "trial " + trial);
            assertEquals(bestVertex(c, a, b), r.value(), 1e-9, "trial " + trial);
        }
    }

    /** min cᵀx over the basic feasible solutions, by trying every set of m columns. */
    private static double bestVertex(double[] c, double[][] a, double[] b) {
        int m = a.length;
        int n = c.length;
        double best = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) != m) {
                continue;
            }
            int[] cols = new int[m];
            for (int q = 0, t = 0; q < n; q++) {
                if ((mask & (1 << q)) != 0) {
                    cols[t++] = q;
                }
            }
            double[][] basis = new double[m][m];
            for (int r = 0; r < m; r++) {
                for (int t = 0; t < m; t++) {
                    basis[r][t] = a[r][cols[t]];
                }
            }
            double[] x;
            try {
                x = DenseSolve.solve(basis, b);
            } catch (RuntimeException singular) {
                continue;
            }
            double value = 0;
            boolean feasible = true;
            for (int t = 0; t < m; t++) {
                feasible &= x[t] >= -1e-12 && Double.isFinite(x[t]);
                value += c[cols[t]] * x[t];
            }
            if (feasible) {
                best = Math.min(best, value);
            }
        }
        return best;
    }
}
