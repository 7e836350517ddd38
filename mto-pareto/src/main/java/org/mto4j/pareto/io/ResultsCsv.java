package org.mto4j.pareto.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.eval.ResultsTable;
import org.mto4j.pareto.eval.Run;
import org.mto4j.pareto.eval.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results tables as CSV, one run per line:
 *
 * <pre>
 *   method,learning_rate,weight_decay,seed,weight:left,weight:right,train:left,train:right,test:left,test:right
 *   ls,0.01,0,1,0.5,0.5,0.21,0.33,0.25,0.38
 *   pcgrad,0.003,0,1,,,0.19,0.35,0.24,0.36
 * </pre>
 * The tasks are the {@code test:} columns, in order. {@code weight:} and {@code train:} columns are
 * optional; a run without task weights (or train metrics) leaves those cells empty. Senses are given by the
 * caller, one per task. Any other column is ignored, with one exception: when there is a {@value #STATUS}
 * column (as in the files of mto-training's sweep runner), only the rows whose status is {@value #STATUS_OK}
 * are runs; the others (failed runs, whose metric cells are empty) are skipped.
 *
 * <p>Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class ResultsCsv {
    static final List<String> FIXED = List.of("method", "learning_rate", "weight_decay", "seed");
    /** The optional column that marks which rows are finished runs. */
    public static final String STATUS = "status";
    /** The status of a finished run; rows with any other status are skipped by {@link #read}. */
    public static final String STATUS_OK = "ok";
    private static final Logger LOG = LoggerFactory.getLogger(ResultsCsv.class);

    private ResultsCsv() {
    }

    /** Reads a results table; {@code senses} has one entry per {@code test:} column. */
    public static ResultsTable read(Path path, Sense[] senses) {
        return parse(Csv.parse(path), path.toString(), senses);
    }

    static ResultsTable parse(List<Csv.Line> lines, String source, Sense[] senses) {
        if (lines.isEmpty()) {
            throw new CsvFormatException(source, 1, 0, "no header line");
        }
        Csv.Line header = lines.get(0);
        List<String> cols = Arrays.asList(header.fields());
        int[] fixed = new int[FIXED.size()];
        for (int c = 0; c < fixed.length; c++) {
            fixed[c] = cols.indexOf(FIXED.get(c));
            if (fixed[c] < 0) {
                throw new CsvFormatException(source, header.number(), 0, "missing column '" + FIXED.get(c)
                        + "'; a results table needs " + FIXED + " and test:<task> columns");
            }
        }
        List<String> tasks = new ArrayList<>();
        for (String c : cols) {
            if (c.startsWith("test:")) {
                tasks.add(c.substring("test:".length()));
            }
        }
        if (tasks.isEmpty()) {
            throw new CsvFormatException(source, header.number(), 0, "no test:<task> columns in " + cols);
        }
        if (senses == null || senses.length != tasks.size()) {
            throw new IllegalArgumentException("senses must have one entry per task " + tasks + ", got "
                    + (senses == null ? "null" : Arrays.toString(senses)));
        }
        int[] test = columns(cols, "test:", tasks, source, header, true);
        int[] train = columns(cols, "train:", tasks, source, header, false);
        int[] weight = columns(cols, "weight:", tasks, source, header, false);
        int status = cols.indexOf(STATUS);
        int skipped = 0;
        List<Run> runs = new ArrayList<>();
        for (Csv.Line line : lines.subList(1, lines.size())) {
            String[] f = line.fields();
            if (f.length != cols.size()) {
                throw new CsvFormatException(source, line.number(), Math.min(f.length, cols.size()) + 1,
                        "expected " + cols.size() + " fields as in the header, got " + f.length);
            }
            if (status >= 0 && !f[status].equals(STATUS_OK)) {
                skipped++;
                continue;
            }
            String method = f[fixed[0]];
            if (method.isEmpty()) {
                throw new CsvFormatException(source, line.number(), fixed[0] + 1, "empty method name");
            }
            double lr = Csv.number(line, fixed[1], source, "learning_rate");
            double wd = Csv.number(line, fixed[2], source, "weight_decay");
            long seed;
            try {
                seed = Long.parseLong(f[fixed[3]]);
            } catch (NumberFormatException e) {
                throw new CsvFormatException(source, line.number(), fixed[3] + 1, "seed must be an integer, got '"
                        + f[fixed[3]] + "'");
            }
            try {
                runs.add(new Run(method, lr, wd, optional(line, weight, source), seed, optional(line, train, source),
                        optional(line, test, source)));
            } catch (CsvFormatException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new CsvFormatException(source, line.number(), 0, e.getMessage());
            }
        }
        if (skipped > 0) {
            LOG.debug("{}: skipped {} rows whose {} is not '{}'", source, skipped, STATUS, STATUS_OK);
        }
        return new ResultsTable(tasks, senses, runs);
    }

    private static int[] columns(List<String> cols, String prefix, List<String> tasks, String source,
            Csv.Line header, boolean required) {
        int[] at = new int[tasks.size()];
        int found = 0;
        for (int k = 0; k < at.length; k++) {
            at[k] = cols.indexOf(prefix + tasks.get(k));
            found += at[k] >= 0 ? 1 : 0;
        }
        if (found == 0 && !required) {
            return new int[0];
        }
        if (found != at.length) {
            throw new CsvFormatException(source, header.number(), 0, "the " + prefix + " columns must name every task "
                    + tasks + ", got " + cols);
        }
        return at;
    }

    /** All cells of a group filled (numbers) or all empty (an empty array). */
    private static double[] optional(Csv.Line line, int[] at, String source) {
        String[] f = line.fields();
        int empty = 0;
        for (int c : at) {
            empty += f[c].isEmpty() ? 1 : 0;
        }
        if (empty == at.length) {
            return new double[0];
        }
        double[] v = new double[at.length];
        for (int k = 0; k < at.length; k++) {
            v[k] = Csv.number(line, at[k], source, "a metric or weight");
        }
        return v;
    }

    /** Writes a results table atomically in the format read by {@link #read}. */
    public static void write(Path path, ResultsTable table) {
        List<String> header = new ArrayList<>(FIXED);
        for (String prefix : List.of("weight:", "train:", "test:")) {
            for (String task : table.tasks()) {
                header.add(prefix + task);
            }
        }
        int k = table.tasks().size();
        List<List<String>> rows = new ArrayList<>();
        for (Run r : table.runs()) {
            List<String> row = new ArrayList<>(List.of(r.method(), Double.toString(r.learningRate()),
                    Double.toString(r.weightDecay()), Long.toString(r.seed())));
            addAll(row, r.taskWeights(), k);
            addAll(row, r.metrics(Split.TRAIN), k);
            addAll(row, r.metrics(Split.TEST), k);
            rows.add(row);
        }
        Csv.write(path, header, rows);
    }

    private static void addAll(List<String> row, double[] values, int k) {
        for (int t = 0; t < k; t++) {
            row.add(values.length == 0 ? "" : Double.toString(values[t]));
        }
    }
}
