package org.mto4j.bench.pareto;

import java.util.SplittableRandom;

/** Reproducible point sets for the Pareto benchmarks, named "m-shape-n", e.g. "3-simplex-100000". */
final class ParetoData {
    static final long SEED = 20221128L;

    private ParetoData() {
    }

    /**
     * Shapes: {@code uniform} (unit cube; few points on the front), {@code linear} / {@code simplex}
     * (Σ f = 1: every point on the front, the shape of a scalarization sweep), {@code sphere} (concave front
     * 1 − f/‖f‖: every point on the front).
     */
    static double[][] points(String name) {
        String[] parts = name.split("-");
        int m = Integer.parseInt(parts[0]);
        String shape = parts[1];
        int n = Integer.parseInt(parts[2]);
        SplittableRandom r = new SplittableRandom(SEED + m * 31L + n);
        double[][] p = new double[n][m];
        for (double[] row : p) {
            switch (shape) {
                case "uniform" -> {
                    for (int j = 0; j < m; j++) {
                        row[j] = r.nextDouble();
                    }
                }
                case "linear", "simplex" -> {
                    double sum = 0;
                    for (int j = 0; j < m; j++) {
                        row[j] = -Math.log(1 - r.nextDouble());
                        sum += row[j];
                    }
                    for (int j = 0; j < m; j++) {
                        row[j] /= sum;
                    }
                }
                case "sphere" -> {
                    double sum = 0;
                    for (int j = 0; j < m; j++) {
                        row[j] = Math.abs(gaussian(r)) + 1e-12;
                        sum += row[j] * row[j];
                    }
                    double norm = Math.sqrt(sum);
                    for (int j = 0; j < m; j++) {
                        row[j] = 1 - row[j] / norm;
                    }
                }
                default -> throw new IllegalArgumentException("unknown shape '" + shape + "' in " + name);
            }
        }
        return p;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Reads every coordinate once: the floor under any algorithm that has to look at its whole input. */
    static double readAll(double[][] points) {
        double sum = 0;
        for (double[] row : points) {
            for (double v : row) {
                sum += v;
            }
        }
        return sum;
    }
}
