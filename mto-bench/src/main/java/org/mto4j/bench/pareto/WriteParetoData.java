package org.mto4j.bench.pareto;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@link ParetoData} sets as text, one point a line, coordinates separated by a space and printed with
 * {@link Double#toString(double)} (which reads back to the same double), so that another program (moocore's
 * command-line tools, for the comparison in docs/benchmarks.md) times exactly the inputs the JMH benchmarks
 * use.
 *
 * <pre>
 *   java -cp mto-bench/target/benchmarks.jar org.mto4j.bench.pareto.WriteParetoData DIR NAME...
 * </pre>
 * writes {@code DIR/NAME.txt} for every dataset name ("m-shape-n", e.g. "4-sphere-1000").
 */
public final class WriteParetoData {
    private WriteParetoData() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: WriteParetoData DIR NAME...   (NAME like 4-sphere-1000)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (int a = 1; a < args.length; a++) {
            Path file = dir.resolve(args[a] + ".txt");
            write(ParetoData.points(args[a]), file);
            System.out.println(file);
        }
    }

    static void write(double[][] points, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            StringBuilder line = new StringBuilder();
            for (double[] row : points) {
                line.setLength(0);
                for (int j = 0; j < row.length; j++) {
                    if (j > 0) {
                        line.append(' ');
                    }
                    line.append(row[j]);
                }
                w.write(line.append('\n').toString());
            }
        }
    }
}
