package org.mto4j.examples.study.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.eval.ResultsTable;
import org.mto4j.pareto.eval.Run;
import org.mto4j.pareto.io.Csv;
import org.mto4j.pareto.io.CsvFormatException;
import org.mto4j.pareto.io.ResultsCsv;

/**
 * A study's results file, read for the report: the finished runs as mto-pareto's {@link ResultsTable} (read by
 * {@link ResultsCsv}), and what the study adds beside them.
 * <pre>
 *   required   method, learning_rate, weight_decay, seed, test:&lt;task&gt;...        (mto-pareto's format)
 *   optional   weight:&lt;task&gt;..., train:&lt;task&gt;...                              (mto-pareto's format)
 *              val:&lt;task&gt;...    validation metrics: the test front is selected on them when present
 *              steps, seconds     training steps and seconds of the run (a steps-per-second table)
 *              status             ok for a finished run; anything else (failed, diverged, ...) is a failed run
 *              run_id, message    shown for failed runs
 * </pre>
 * A row whose status is not {@code ok}, or which has no status column and empty test cells, is a failed run: it
 * is listed, not analysed. The finished rows are first copied, with every column, to {@code finishedCopy} (which
 * the Pareto CLI can read as it is) and then read from there by {@link ResultsCsv}, so the table and its run
 * indices are exactly what mto-pareto sees; the extra columns are indexed the same way.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class StudyResults {
    /** The status of a finished run. */
    public static final String OK = "ok";

    /** A run that did not finish. */
    public record FailedRun(String method, String runId, String status, String message) {
    }

    private final ResultsTable table;
    private final double[][] validation;
    private final double[] steps;
    private final double[] seconds;
    private final List<FailedRun> failed;

    private StudyResults(ResultsTable table, double[][] validation, double[] steps, double[] seconds,
            List<FailedRun> failed) {
        this.table = table;
        this.validation = validation;
        this.steps = steps;
        this.seconds = seconds;
        this.failed = List.copyOf(failed);
    }

    /**
     * Reads a results file.
     *
     * @param results      the results CSV
     * @param senses       one sense per task, or null for MINIMIZE everywhere (losses)
     * @param finishedCopy where to write the finished rows (the file ResultsCsv reads)
     */
    public static StudyResults read(Path results, Sense[] senses, Path finishedCopy) {
        List<Csv.Line> lines = Csv.parse(results);
        String source = results.toString();
        if (lines.isEmpty()) {
            throw new CsvFormatException(source, 1, 0, "no header line");
        }
        List<String> header = Arrays.asList(lines.get(0).fields());
        List<String> tasks = header.stream().filter(c -> c.startsWith("test:")).map(c -> c.substring(5)).toList();
        if (tasks.isEmpty()) {
            throw new CsvFormatException(source, lines.get(0).number(), 0, "no test:<task> columns in " + header);
        }
        int status = header.indexOf("status");
        int method = header.indexOf("method");
        int runId = header.indexOf("run_id");
        int message = header.indexOf("message");
        int[] test = tasks.stream().mapToInt(t -> header.indexOf("test:" + t)).toArray();
        int[] val = tasks.stream().mapToInt(t -> header.indexOf("val:" + t)).toArray();
        boolean hasVal = Arrays.stream(val).allMatch(c -> c >= 0);
        if (!hasVal && Arrays.stream(val).anyMatch(c -> c >= 0)) {
            throw new CsvFormatException(source, lines.get(0).number(), 0, "the val: columns must name every task "
                    + tasks + ", got " + header);
        }
        int stepsCol = header.indexOf("steps");
        int secondsCol = header.indexOf("seconds");
        List<Csv.Line> finished = new ArrayList<>();
        List<FailedRun> failed = new ArrayList<>();
        for (Csv.Line line : lines.subList(1, lines.size())) {
            String[] f = line.fields();
            if (f.length != header.size()) {
                throw new CsvFormatException(source, line.number(), Math.min(f.length, header.size()) + 1,
                        "expected " + header.size() + " fields as in the header, got " + f.length);
            }
            String state = status >= 0 ? f[status].trim().toLowerCase(Locale.ROOT) : "";
            boolean noTest = Arrays.stream(test).allMatch(c -> f[c].isEmpty());
            boolean ok = status >= 0 ? state.equals(OK) : !noTest;
            if (ok) {
                finished.add(line);
            } else {
                failed.add(new FailedRun(method >= 0 ? f[method] : "?", runId >= 0 ? f[runId] : "line " + line.number(),
                        status >= 0 ? f[status] : "no test metrics", message >= 0 ? f[message] : ""));
            }
        }
        List<List<String>> rows = finished.stream().map(l -> List.of(l.fields())).toList();
        Csv.write(finishedCopy, header, rows);
        ResultsTable table = ResultsCsv.read(finishedCopy,
                senses != null ? senses : Sense.MINIMIZE.times(tasks.size()));
        int n = finished.size();
        double[][] validation = new double[n][];
        double[] steps = new double[n];
        double[] seconds = new double[n];
        for (int i = 0; i < n; i++) {
            Csv.Line line = finished.get(i);
            validation[i] = hasVal ? Arrays.stream(val).mapToDouble(c -> Csv.number(line, c, source, "a val: metric"))
                    .toArray() : new double[0];
            steps[i] = optionalNumber(line, stepsCol, source, "steps");
            seconds[i] = optionalNumber(line, secondsCol, source, "seconds");
        }
        return new StudyResults(table, validation, steps, seconds, failed);
    }

    private static double optionalNumber(Csv.Line line, int column, String source, String what) {
        return column < 0 || line.fields()[column].isEmpty() ? Double.NaN : Csv.number(line, column, source, what);
    }

    /** The finished runs. */
    public ResultsTable table() {
        return table;
    }

    /** Whether every finished run has validation metrics. */
    public boolean hasValidation() {
        return validation.length > 0 && validation[0].length > 0;
    }

    /** Validation metrics of finished run i (empty without val: columns). */
    public double[] validation(int run) {
        return validation[run].clone();
    }

    /**
     * The table with each run's validation metrics in place of its training metrics, so that
     * {@code ScalarizationFront.of(selectionTable(), ls, Split.TRAIN, Split.TEST)} selects each weighting's best
     * run on validation and forms the front on test; the table itself when there are no validation metrics.
     */
    public ResultsTable selectionTable() {
        if (!hasValidation()) {
            return table;
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            Run r = table.runs().get(i);
            runs.add(new Run(r.method(), r.learningRate(), r.weightDecay(), r.taskWeights(), r.seed(), validation[i],
                    r.metrics(org.mto4j.pareto.eval.Split.TEST)));
        }
        return new ResultsTable(table.tasks(), table.senses(), runs);
    }

    /** Training steps of finished run i, NaN when not recorded. */
    public double steps(int run) {
        return steps[run];
    }

    /** Training seconds of finished run i, NaN when not recorded. */
    public double seconds(int run) {
        return seconds[run];
    }

    /** The rows that are not finished runs, in file order. */
    public List<FailedRun> failed() {
        return failed;
    }
}
