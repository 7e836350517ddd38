package org.mto4j.examples.study.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.eval.ResultsTable;
import org.mto4j.pareto.eval.Run;
import org.mto4j.pareto.eval.Split;
import org.mto4j.pareto.io.Csv;
import org.mto4j.pareto.io.CsvFormatException;
import org.mto4j.pareto.io.ResultsCsv;

/**
 * A study's results file, read for the report: the finished runs as mto-pareto's {@link ResultsTable} (read by
 * {@link ResultsCsv}, which keeps the rows whose {@code status} is {@code ok}), and what the results of
 * mto-training's sweep add beside them.
 * <pre>
 *   required   method, learning_rate, weight_decay, seed, test:&lt;task&gt;...        (mto-pareto's format)
 *   optional   weight:&lt;task&gt;..., train:&lt;task&gt;...                              (mto-pareto's format)
 *              validation:&lt;task&gt;...   the test front is selected on them when present
 *              steps, seconds           training steps and seconds of the run (a steps-per-second table)
 *              status                   ok for a finished run; anything else is a failed run
 *              run_id, message          shown for failed runs
 * </pre>
 * A failed row whose {@code run_id} also has an {@code ok} row (the sweep retried it) is an earlier attempt, not a
 * failed run. The extra columns are indexed like the table's runs: the i-th {@code ok} row is run i.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class StudyResults {
    /** Prefix of the validation metric columns, as mto-training's sweep writes them. */
    public static final String VALIDATION = "validation:";

    /** A run that did not finish. */
    public record FailedRun(String method, String runId, String status, String message) {
    }

    private final ResultsTable table;
    private final double[][] validation;
    private final double[] steps;
    private final double[] seconds;
    private final List<FailedRun> failed;
    private final int retried;

    private StudyResults(ResultsTable table, double[][] validation, double[] steps, double[] seconds,
            List<FailedRun> failed, int retried) {
        this.table = table;
        this.validation = validation;
        this.steps = steps;
        this.seconds = seconds;
        this.failed = List.copyOf(failed);
        this.retried = retried;
    }

    /**
     * Reads a results file.
     *
     * @param results the results CSV
     * @param senses  one sense per task, or null for MINIMIZE everywhere (losses)
     */
    public static StudyResults read(Path results, Sense[] senses) {
        List<Csv.Line> lines = Csv.parse(results);
        String source = results.toString();
        if (lines.isEmpty()) {
            throw new CsvFormatException(source, 1, 0, "no header line");
        }
        List<String> header = Arrays.asList(lines.get(0).fields());
        List<String> tasks = header.stream().filter(c -> c.startsWith("test:")).map(c -> c.substring(5)).toList();
        ResultsTable table = ResultsCsv.read(results, senses != null ? senses : Sense.MINIMIZE.times(tasks.size()));
        int status = header.indexOf(ResultsCsv.STATUS);
        int method = header.indexOf("method");
        int runId = header.indexOf("run_id");
        int message = header.indexOf("message");
        int[] val = tasks.stream().mapToInt(t -> header.indexOf(VALIDATION + t)).toArray();
        boolean hasVal = Arrays.stream(val).allMatch(c -> c >= 0);
        if (!hasVal && Arrays.stream(val).anyMatch(c -> c >= 0)) {
            throw new CsvFormatException(source, lines.get(0).number(), 0, "the " + VALIDATION + " columns must "
                    + "name every task " + tasks + ", got " + header);
        }
        int stepsCol = header.indexOf("steps");
        int secondsCol = header.indexOf("seconds");
        List<Csv.Line> finished = new ArrayList<>();
        List<Csv.Line> notOk = new ArrayList<>();
        Set<String> okIds = new HashSet<>();
        for (Csv.Line line : lines.subList(1, lines.size())) {
            // the rule of ResultsCsv.read, so that the i-th finished line is the table's run i
            if (status < 0 || line.fields()[status].equals(ResultsCsv.STATUS_OK)) {
                finished.add(line);
                if (runId >= 0) {
                    okIds.add(line.fields()[runId]);
                }
            } else {
                notOk.add(line);
            }
        }
        if (finished.size() != table.size()) {
            throw new IllegalStateException(source + ": " + finished.size() + " finished rows but ResultsCsv read "
                    + table.size() + " runs");
        }
        List<FailedRun> failed = new ArrayList<>();
        int retried = 0;
        for (Csv.Line line : notOk) {
            String[] f = line.fields();
            String id = runId >= 0 ? f[runId] : "line " + line.number();
            if (runId >= 0 && okIds.contains(id)) {
                retried++;
            } else {
                failed.add(new FailedRun(f[method], id, f[status], message >= 0 ? f[message] : ""));
            }
        }
        int n = finished.size();
        double[][] validation = new double[n][];
        double[] steps = new double[n];
        double[] seconds = new double[n];
        for (int i = 0; i < n; i++) {
            Csv.Line line = finished.get(i);
            validation[i] = hasVal ? Arrays.stream(val).mapToDouble(c -> Csv.number(line, c, source,
                    "a validation metric")).toArray() : new double[0];
            steps[i] = optionalNumber(line, stepsCol, source, "steps");
            seconds[i] = optionalNumber(line, secondsCol, source, "seconds");
        }
        return new StudyResults(table, validation, steps, seconds, failed, retried);
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

    /** Validation metrics of finished run i (empty without validation: columns). */
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
                    r.metrics(Split.TEST)));
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

    /** The runs that did not finish (no ok row for their id), in file order. */
    public List<FailedRun> failed() {
        return failed;
    }

    /** Failed rows of runs that a later attempt finished. */
    public int retriedAttempts() {
        return retried;
    }
}
