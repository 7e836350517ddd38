package org.mto4j.pareto.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Point sets as CSV: a header naming the objective columns, then one point per line.
 *
 * <pre>
 *   loss_a,loss_b
 *   0.31,0.52
 *   0.28,0.60
 * </pre>
 * With {@code columns}, only the named columns are read (in that order) and any other column, such as a
 * label, is ignored. Senses are not part of the file; the caller (or the CLI's {@code --senses}) gives them.
 *
 * <p>Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class PointSetCsv {
    private PointSetCsv() {
    }

    /** A parsed point set: column names and points (n × m). */
    public record Data(List<String> names, double[][] points) {
    }

    /** Reads every column as an objective. */
    public static Data read(Path path) {
        return read(path, null);
    }

    /** Reads the named columns (all columns when {@code columns} is null or empty). */
    public static Data read(Path path, List<String> columns) {
        return parse(Csv.parse(path), path.toString(), columns);
    }

    static Data parse(List<Csv.Line> lines, String source, List<String> columns) {
        if (lines.isEmpty()) {
            throw new CsvFormatException(source, 1, 0, "no header line");
        }
        Csv.Line header = lines.get(0);
        List<String> all = Arrays.asList(header.fields());
        List<String> names = columns == null || columns.isEmpty() ? all : columns;
        int[] at = new int[names.size()];
        for (int j = 0; j < at.length; j++) {
            at[j] = all.indexOf(names.get(j));
            if (at[j] < 0) {
                throw new CsvFormatException(source, header.number(), 0, "no column '" + names.get(j)
                        + "'; columns are " + all);
            }
        }
        List<double[]> points = new ArrayList<>();
        for (Csv.Line line : lines.subList(1, lines.size())) {
            if (line.fields().length != all.size()) {
                throw new CsvFormatException(source, line.number(), Math.min(line.fields().length, all.size()) + 1,
                        "expected " + all.size() + " fields as in the header, got " + line.fields().length);
            }
            double[] p = new double[at.length];
            for (int j = 0; j < at.length; j++) {
                p[j] = Csv.number(line, at[j], source, "'" + names.get(j) + "'");
            }
            points.add(p);
        }
        return new Data(List.copyOf(names), points.toArray(new double[0][]));
    }

    /** Writes points atomically, with an optional leading integer column (e.g. the point's input index). */
    public static void write(Path path, List<String> names, double[][] points, String indexColumn, int[] index) {
        List<String> header = new ArrayList<>();
        if (indexColumn != null) {
            header.add(indexColumn);
        }
        header.addAll(names);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            List<String> row = new ArrayList<>();
            if (indexColumn != null) {
                row.add(Integer.toString(index[i]));
            }
            for (double v : points[i]) {
                row.add(Double.toString(v));
            }
            rows.add(row);
        }
        Csv.write(path, header, rows);
    }
}
