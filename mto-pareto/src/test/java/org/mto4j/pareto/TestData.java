package org.mto4j.pareto;

import java.util.Random;

/** Seeded random and adversarial point sets for the tests. */
final class TestData {
    private TestData() {
    }

    static double[][] uniform(Random r, int n, int m) {
        double[][] p = new double[n][m];
        for (double[] row : p) {
            for (int j = 0; j < m; j++) {
                row[j] = r.nextDouble();
            }
        }
        return p;
    }

    /** Small integer grid: many ties and duplicates. */
    static double[][] ties(Random r, int n, int m, int levels) {
        double[][] p = new double[n][m];
        for (double[] row : p) {
            for (int j = 0; j < m; j++) {
                row[j] = r.nextInt(levels);
            }
        }
        return p;
    }

    /** Every point on the front: on the simplex Σ f = 1 (m ≥ 2). */
    static double[][] simplex(Random r, int n, int m) {
        double[][] p = new double[n][m];
        for (double[] row : p) {
            double sum = 0;
            for (int j = 0; j < m; j++) {
                row[j] = -Math.log(1 - r.nextDouble());
                sum += row[j];
            }
            for (int j = 0; j < m; j++) {
                row[j] /= sum;
            }
        }
        return p;
    }

    /** Every point on the front: on the positive unit sphere, concave (m ≥ 2). */
    static double[][] sphere(Random r, int n, int m) {
        double[][] p = new double[n][m];
        for (double[] row : p) {
            double sum = 0;
            for (int j = 0; j < m; j++) {
                row[j] = Math.abs(r.nextGaussian()) + 1e-9;
                sum += row[j] * row[j];
            }
            double norm = Math.sqrt(sum);
            for (int j = 0; j < m; j++) {
                row[j] = 1 - row[j] / norm;
            }
        }
        return p;
    }

    static double[][] flatObjective(Random r, int n, int m, int flat) {
        double[][] p = ties(r, n, m, 5);
        for (double[] row : p) {
            row[flat] = 3.0;
        }
        return p;
    }

    static double[][] copy(double[][] p) {
        double[][] c = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            c[i] = p[i].clone();
        }
        return c;
    }
}
