package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The K x K solvers on plain arrays, without ND4J. */
class SolversTest {

    /** Row-major Gram matrix of a random conflicting K x P matrix. */
    static double[] gram(long seed, int k, int p) {
        double[][] g = GramTestSupport.gramOf(GramTestSupport.conflictingMatrix(seed, k, p)).toArray();
        double[] a = new double[k * k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(g[i], 0, a, i * k, k);
        }
        return a;
    }

    static double objective(double[] a, int n, double[] b, double[] x) {
        return 0.5 * SmallMatrix.quadraticForm(a, n, x) + SmallMatrix.dot(b, x);
    }

    /** Brute force: every subset as the free set, keep the feasible stationary point of least objective. */
    static double[] bruteForce(double[] a, int n, double[] b) {
        double best = Double.POSITIVE_INFINITY;
        double[] bestX = null;
        for (int mask = 0; mask < 1 << n; mask++) {
            int[] f = new int[Integer.bitCount(mask)];
            for (int i = 0, m = 0; i < n; i++) {
                if ((mask & 1 << i) != 0) {
                    f[m++] = i;
                }
            }
            double[][] sub = new double[f.length][f.length + 1];
            for (int r = 0; r < f.length; r++) {
                for (int c = 0; c < f.length; c++) {
                    sub[r][c] = a[f[r] * n + f[c]];
                }
                sub[r][f.length] = -b[f[r]];
            }
            double[] z = gaussianElimination(sub);
            double[] x = new double[n];
            boolean feasible = true;
            for (int r = 0; r < f.length; r++) {
                x[f[r]] = z[r];
                feasible &= z[r] >= 0;
            }
            if (feasible && objective(a, n, b, x) < best) {
                best = objective(a, n, b, x);
                bestX = x;
            }
        }
        return bestX;
    }

    private static double[] gaussianElimination(double[][] m) {
        int n = m.length;
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            for (int r = c + 1; r < n; r++) {
                double factor = m[r][c] / m[c][c];
                for (int q = c; q <= n; q++) {
                    m[r][q] -= factor * m[c][q];
                }
            }
        }
        double[] z = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int q = r + 1; q < n; q++) {
                s -= m[r][q] * z[q];
            }
            z[r] = s / m[r][r];
        }
        return z;
    }

    @Test
    void nonNegativeQpMatchesBruteForceAtSmallK() {
        Random random = new Random(3);
        for (int seed = 0; seed < 200; seed++) {
            int n = 1 + random.nextInt(7);
            double[] a = gram(seed, n, 3 + random.nextInt(12));
            for (int i = 0; i < n; i++) {
                a[i * n + i] += 1e-3;
            }
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = random.nextGaussian() * 3;
            }
            Solution s = NonNegativeQp.solve(a, n, b, NonNegativeQp.DEFAULT_TOLERANCE, 1000);
            assertTrue(s.converged(), "seed " + seed + " " + s);
            assertArrayEquals(bruteForce(a, n, b), s.x(), 1e-7, "seed " + seed);
        }
    }

    @Test
    void nonNegativeQpConvergesUpTo128TasksAndMeetsKkt() {
        for (int n : new int[] {16, 64, 128}) {
            double[] a = gram(n, n, 2 * n);
            double trace = SmallMatrix.trace(a, n);
            for (int q = 0; q < a.length; q++) {
                a[q] /= trace;
            }
            for (int i = 0; i < n; i++) {
                a[i * n + i] += 1e-4;
            }
            for (int i = 0; i < n; i += 7) {
                double[] b = new double[n];
                for (int j = 0; j < n; j++) {
                    b[j] = a[j * n + i];
                }
                Solution s = NonNegativeQp.solve(a, n, b, NonNegativeQp.DEFAULT_TOLERANCE,
                        NonNegativeQp.defaultMaxIterations(n));
                assertTrue(s.converged(), "n=" + n + " row " + i + ": " + s);
                double[] gradient = SmallMatrix.multiply(a, n, s.x(), new double[n]);
                for (int j = 0; j < n; j++) {
                    gradient[j] += b[j];
                    assertTrue(s.x()[j] >= 0);
                    assertTrue(gradient[j] >= -1e-9, "dual feasibility");
                    assertEquals(0, s.x()[j] * gradient[j], 1e-12, "complementarity");
                }
            }
        }
    }

    /**
     * The workspace solve (warm-started from {j : bⱼ &lt; 0}, buffers reused across calls) against a fresh cold solve
     * and, for n &le; 7, the brute force: the same optimum whether the guess is right, too large or too small, on
     * UPGrad-like problems (b = c A eᵢ) and on random b, with one workspace for a whole sequence of problems.
     */
    @Test
    void warmStartedWorkspaceSolveFindsTheColdSolvesOptimum() {
        Random random = new Random(11);
        for (int seed = 0; seed < 150; seed++) {
            int n = 1 + random.nextInt(seed < 100 ? 7 : 40);
            double[] a = gram(1000 + seed, n, 2 + random.nextInt(2 * n + 4));
            double trace = SmallMatrix.trace(a, n);
            for (int q = 0; q < a.length; q++) {
                a[q] = trace > 0 ? a[q] / trace : 0;
            }
            for (int i = 0; i < n; i++) {
                a[i * n + i] += 1e-4;
            }
            NonNegativeQp.Workspace workspace = new NonNegativeQp.Workspace(n);
            for (int problem = 0; problem < 2 * n; problem++) {
                double[] b = new double[n];
                for (int j = 0; j < n; j++) {
                    b[j] = problem < n ? a[j * n + problem] / n : random.nextGaussian();
                }
                int max = NonNegativeQp.defaultMaxIterations(n);
                Solution cold = NonNegativeQp.solve(a, n, b, NonNegativeQp.DEFAULT_TOLERANCE, max);
                Solution warm = NonNegativeQp.solve(a, n, b, NonNegativeQp.DEFAULT_TOLERANCE, max, workspace);
                String what = "seed " + seed + ", n = " + n + ", problem " + problem;
                assertTrue(cold.converged(), what + ": " + cold);
                assertTrue(warm.converged(), what + ": " + warm);
                assertTrue(warm.iterations() <= cold.iterations() + n, what);
                double size = 1 + Arrays.stream(cold.x()).map(Math::abs).max().orElse(0);
                assertArrayEquals(cold.x(), warm.x(), 1e-9 * size, what);
                if (n <= 7) {
                    assertArrayEquals(bruteForce(a, n, b), warm.x(), 1e-7 * size, what);
                }
            }
        }
    }

    /** Two groups of tasks in conflict: the guess {j : bⱼ &lt; 0} is the free set and no iteration is needed. */
    @Test
    void warmStartNeedsNoIterationWhenTheConflictingTasksAreTheFreeSet() {
        int k = 12;
        // gᵢ = nᵢ ± s, independent Gaussian n and s (the benchmarks' gradients): cos = 1/2 within a group, −1/2 across.
        Random random = new Random(3);
        int p = 400;
        double[] shared = random.doubles(p).map(x -> random.nextGaussian()).toArray();
        double[][] j = new double[k][p];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < p; c++) {
                j[i][c] = random.nextGaussian() + (i % 2 == 0 ? shared[c] : -shared[c]);
            }
        }
        double[][] g = GramTestSupport.gramOf(j).toArray();
        double trace = 0;
        for (int i = 0; i < k; i++) {
            trace += g[i][i];
        }
        double[] a = new double[k * k];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                a[r * k + c] = g[r][c] / trace + (r == c ? 1e-4 : 0);
            }
        }
        NonNegativeQp.Workspace workspace = new NonNegativeQp.Workspace(k);
        for (int i = 0; i < k; i++) {
            double[] b = new double[k];
            for (int r = 0; r < k; r++) {
                b[r] = a[r * k + i] / k;
            }
            Solution warm = NonNegativeQp.solve(a, k, b, NonNegativeQp.DEFAULT_TOLERANCE, 1000, workspace);
            Solution cold = NonNegativeQp.solve(a, k, b, NonNegativeQp.DEFAULT_TOLERANCE, 1000);
            assertTrue(warm.converged(), warm.toString());
            assertEquals(0, warm.iterations(), "task " + i);
            assertEquals(k / 2, cold.iterations(), "task " + i);
            assertArrayEquals(cold.x(), warm.x(), 1e-12, "task " + i);
            for (int r = 0; r < k; r++) {
                assertEquals(r % 2 != i % 2, warm.x()[r] > 0, "task " + i + ", variable " + r);
            }
        }
    }

    @Test
    void dependentColumnsDoNotBreakTheSolver() {
        double[] a = {1, 1, 1, 1}; // two equal columns, singular
        Solution s = NonNegativeQp.solve(a, 2, new double[] {-1, -1}, NonNegativeQp.DEFAULT_TOLERANCE, 100);
        assertTrue(s.converged(), s.toString());
        assertEquals(1, s.x()[0] + s.x()[1], 1e-12);
    }

    @Test
    void simplexProjectionIsOnTheSimplexIdempotentAndOptimal() {
        Random random = new Random(5);
        for (int trial = 0; trial < 500; trial++) {
            int k = 1 + random.nextInt(9);
            double[] y = new double[k];
            for (int i = 0; i < k; i++) {
                y[i] = random.nextGaussian() * (1 + trial % 5);
            }
            double[] p = SimplexProjection.project(y, new double[k]);
            assertEquals(1, Arrays.stream(p).sum(), 1e-12);
            assertTrue(Arrays.stream(p).allMatch(v -> v >= 0));
            assertArrayEquals(p, SimplexProjection.project(p, new double[k]), 1e-12);
            // Optimality: ⟨y − P(y), z − P(y)⟩ <= 0 for every vertex z of the simplex.
            for (int vertex = 0; vertex < k; vertex++) {
                double inner = 0;
                for (int i = 0; i < k; i++) {
                    inner += (y[i] - p[i]) * ((i == vertex ? 1 : 0) - p[i]);
                }
                assertTrue(inner <= 1e-10, "trial " + trial);
            }
        }
    }

    /** Regression (issue 10, point 12): entries far beyond 1 swallowed the 1 of Σw = 1 and gave all zeros. */
    @Test
    void simplexProjectionOfHugeEntriesStaysOnTheSimplex() {
        assertArrayEquals(new double[] {1, 0, 0}, SimplexProjection.project(new double[] {1e58, 1, 0}, new double[3]),
                0);
        // 2⁶⁰ ± multiples of 256 are exact: the two largest differ by 1024 ≫ 1, so all weight goes to the first.
        assertArrayEquals(new double[] {1, 0, 0}, SimplexProjection.project(
                new double[] {0x1p60 + 256, 0x1p60 - 768, 0}, new double[3]), 0);
        double[] y = {3e40, -7e39, 2.5e40, 3e40};
        double[] p = SimplexProjection.project(y, new double[4]);
        assertArrayEquals(new double[] {0.5, 0, 0, 0.5}, p, 0);
    }

    @Test
    void minNormSolversAgreeAndReportTheirGap() {
        for (int seed = 0; seed < 50; seed++) {
            int k = 3 + seed % 6;
            double[] g = gram(100 + seed, k, 20);
            Solution exact = MinNormPoint.activeSet(g, k);
            assertTrue(exact.converged() && exact.residual() < 1e-9, exact.toString());
            double best = SmallMatrix.quadraticForm(g, k, exact.x());
            Solution fw = MinNormPoint.frankWolfe(g, k, 1e-9, 100_000);
            Solution libMtl = MinNormPoint.libMtl(g, k, 1.0);
            for (Solution s : new Solution[] {fw, libMtl}) {
                assertEquals(1, Arrays.stream(s.x()).sum(), 1e-9);
                assertTrue(SmallMatrix.quadraticForm(g, k, s.x()) >= best - 1e-9 * g[0]);
                // Convexity: wᵀGw − w*ᵀGw* <= ⟨2Gw, w − w*⟩ <= 2 (wᵀGw − minⱼ (Gw)ⱼ) = 2 gap.
                double maxDiagonal = 0;
                for (int i = 0; i < k; i++) {
                    maxDiagonal = Math.max(maxDiagonal, g[i * k + i]);
                }
                assertTrue(SmallMatrix.quadraticForm(g, k, s.x()) - best <= 2 * s.residual() * maxDiagonal + 1e-9);
            }
            assertTrue(libMtl.residual() < 1e-2, "libmtl seed " + seed + " " + libMtl);
        }
    }

    @Test
    void closedFormIsExactForTwoTasks() {
        double[] g = {18, -22, -22, 38};
        assertArrayEquals(new double[] {0.6, 0.4}, MinNormPoint.closedForm(g, 2).x(), 1e-15);
        assertArrayEquals(new double[] {0.6, 0.4}, MinNormPoint.frankWolfe(g, 2, 1e-3, 100).x(), 1e-15);
        assertArrayEquals(new double[] {1, 0}, MinNormPoint.closedForm(new double[] {1, 2, 2, 5}, 2).x(), 0);
    }

    @Test
    void cagradSolverConvergesAndBeatsRandomSimplexPoints() {
        Random random = new Random(9);
        for (int seed = 0; seed < 30; seed++) {
            int k = 2 + seed % 7;
            double[] g = gram(200 + seed, k, 25);
            double trace = SmallMatrix.trace(g, k);
            for (int q = 0; q < g.length; q++) {
                g[q] /= trace;
            }
            double s = 0.5 * Math.sqrt(Arrays.stream(g).sum()) / k;
            Solution solution = CAGradSolver.solve(g, k, s);
            assertTrue(solution.converged() && solution.iterations() <= 25, solution.toString());
            double best = cagradObjective(g, k, s, solution.x());
            for (int t = 0; t < 200; t++) {
                double[] w = new double[k];
                for (int i = 0; i < k; i++) {
                    w[i] = -Math.log(random.nextDouble());
                }
                double sum = Arrays.stream(w).sum();
                for (int i = 0; i < k; i++) {
                    w[i] /= sum;
                }
                assertTrue(cagradObjective(g, k, s, w) >= best - 1e-12, "seed " + seed);
            }
        }
    }

    private static double cagradObjective(double[] g, int k, double s, double[] w) {
        double[] mean = new double[k];
        Arrays.fill(mean, 1.0 / k);
        return SmallMatrix.dot(w, SmallMatrix.multiply(g, k, mean, new double[k]))
                + s * Math.sqrt(SmallMatrix.quadraticForm(g, k, w));
    }
}
