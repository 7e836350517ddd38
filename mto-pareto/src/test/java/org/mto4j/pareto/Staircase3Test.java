package org.mto4j.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Staircase3} and, up to 64 points, {@link SmallStaircase3} on their own: every three-dimensional contribution of a sweep in the fourth coordinate
 * against a plain reference (the grid volume of the points before it, with and without it), on sets with
 * ties, duplicates and dominated points, below and above the size where the prefix tables keep one row every
 * few ranks.
 */
class Staircase3Test {

    /** Random rows × 4, every value in [−1, 0): kind 0 uniform, 1 sphere, 2 duplicates, 3 ties, 4 coarse grid. */
    private static double[] rows(Random r, int n, int kind) {
        double[][] p = switch (kind) {
            case 0 -> TestData.uniform(r, n, 4);
            case 1 -> TestData.sphere(r, n, 4);
            case 2 -> TestData.uniform(r, n, 4);
            case 3 -> TestData.ties(r, n, 4, 7);
            default -> TestData.ties(r, n, 4, 3);
        };
        if (kind == 2) {
            for (int i = 0; i < n / 3; i++) {
                p[r.nextInt(n)] = p[r.nextInt(n)].clone();
            }
        }
        double[] flat = new double[4 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                // values in [0, 7) for the tie kinds, [0, 1) otherwise: map into [−1, 0)
                double v = kind >= 3 ? p[i][j] / 7.0 : p[i][j];
                flat[4 * i + j] = v - 1.0;
            }
        }
        return flat;
    }

    /** The sweep's contributions, in the order of the fourth coordinate. */
    private static double[] sweep(double[] p, int n, int[] byW, boolean small) {
        double[] c = new double[n];
        if (small) {
            SmallStaircase3 s = new SmallStaircase3();
            s.reset(p, n);
            for (int t = 0; t < n; t++) {
                c[t] = s.addIfContributes(byW[t]);
            }
        } else {
            Staircase3 s = new Staircase3(n);
            s.reset(p, n);
            for (int t = 0; t < n; t++) {
                c[t] = s.addIfContributes(byW[t]);
            }
        }
        return c;
    }

    /** Volume of the union of the boxes [row, 0] of the first three coordinates of the given rows. */
    private static double volume3(double[] p, int[] ids, int count, boolean grid) {
        if (grid) {
            double[][] q = new double[count][];
            for (int k = 0; k < count; k++) {
                int i = ids[k];
                q[k] = new double[] {p[4 * i], p[4 * i + 1], p[4 * i + 2]};
            }
            return HypervolumeTest.gridVolume(q, new double[3]);
        }
        double[] q = new double[3 * count];
        for (int k = 0; k < count; k++) {
            System.arraycopy(p, 4 * ids[k], q, 3 * k, 3);
        }
        return Hypervolume.volume(q, count, 3);
    }

    @Test
    void contributionsMatchTheVolumeDifferenceOfEveryPrefix() {
        Random r = new Random(1311);
        for (int n : new int[] {1, 2, 5, 20, 24, 25, 40, 63, 64, 65, 300, 700}) {
            boolean grid = n <= 20;
            for (int kind = 0; kind <= 4; kind++) {
                for (int trial = 0; trial < (n >= 64 ? 1 : 6); trial++) {
                    double[] p = rows(r, n, kind);
                    int[] byW = Sorting.identity(n);
                    Sorting.sortByObjective(byW, n, p, 4, 3);
                    double[] c = sweep(p, n, byW, false);
                    double[] small = n <= SmallStaircase3.CAPACITY ? sweep(p, n, byW, true) : null;
                    double before = 0;
                    for (int t = 0; t < n; t++) {
                        double after = volume3(p, byW, t + 1, grid);
                        String where = "n=" + n + " kind=" + kind + " trial=" + trial + " t=" + t;
                        assertEquals(after - before, c[t], 1e-12, where);
                        if (small != null) {
                            assertEquals(after - before, small[t], 1e-12, "small " + where);
                        }
                        before = after;
                    }
                }
            }
        }
    }

    @Test
    void aWeaklyDominatedPointContributesNothing() {
        // (−0.5, −0.5, −0.5) first; then a copy of it, a point it dominates, and one equal to it but in z
        double[] p = {
            -0.5, -0.5, -0.5, -0.9,
            -0.5, -0.5, -0.5, -0.8,
            -0.4, -0.5, -0.1, -0.7,
            -0.6, -0.5, -0.5, -0.6,
        };
        for (boolean small : new boolean[] {false, true}) {
            double[] c = sweep(p, 4, new int[] {0, 1, 2, 3}, small);
            assertEquals(0.125, c[0], 1e-15);
            assertEquals(0.0, c[1]);
            assertEquals(0.0, c[2]);
            // the last widens the box by 0.1 in x: 0.1 · 0.5 · 0.5
            assertEquals(0.025, c[3], 1e-15);
        }
    }
}
