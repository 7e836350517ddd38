package org.mto4j.examples.study.report;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.mto4j.pareto.io.Csv;
import org.mto4j.pareto.io.CsvFormatException;
import org.mto4j.pareto.io.ResultsCsv;

/**
 * Training speed per method, in steps per second: Σ steps / Σ seconds over a method's rows, from a CSV with
 * {@code method, steps, seconds} columns (and optionally {@code status}: rows whose status is not {@code ok}
 * are skipped; and {@code run_id}: of several rows with one run id, the last counts, as when a killed study
 * trained a run again). That is either the study's {@code step-times.csv} (pure training steps, measured on the same
 * model in the same run, as the paper's Table 2) or, when that file is absent, the results file itself.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class StepTimes {
    private static final String RUN_ID = "run_id";

    private record Row(String method, double steps, double seconds) {
    }
    private final Map<String, double[]> totals;
    private final String source;

    private StepTimes(Map<String, double[]> totals, String source) {
        this.totals = totals;
        this.source = source;
    }

    /** No measurements. */
    public static StepTimes none() {
        return new StepTimes(Map.of(), "none");
    }

    /**
     * Reads the per-method totals; a file without {@code steps} and {@code seconds} columns gives no
     * measurements.
     */
    public static StepTimes read(Path file) {
        List<Csv.Line> lines = Csv.parse(file);
        if (lines.isEmpty()) {
            return none();
        }
        List<String> header = Arrays.asList(lines.get(0).fields());
        int method = header.indexOf("method");
        int steps = header.indexOf("steps");
        int seconds = header.indexOf("seconds");
        int status = header.indexOf(ResultsCsv.STATUS);
        int runId = header.indexOf(RUN_ID);
        if (method < 0 || steps < 0 || seconds < 0) {
            return none();
        }
        String source = file.toString();
        Map<Object, Row> rows = new LinkedHashMap<>();
        for (Csv.Line line : lines.subList(1, lines.size())) {
            String[] f = line.fields();
            if (f.length != header.size()) {
                throw new CsvFormatException(source, line.number(), 0, "expected " + header.size()
                        + " fields as in the header, got " + f.length);
            }
            if (status >= 0 && !f[status].equals(ResultsCsv.STATUS_OK)) {
                continue;
            }
            if (f[steps].isEmpty() || f[seconds].isEmpty()) {
                continue;
            }
            double s = Csv.number(line, steps, source, "steps");
            double t = Csv.number(line, seconds, source, "seconds");
            if (s < 0 || t < 0) {
                throw new CsvFormatException(source, line.number(), 0, "steps and seconds must be >= 0, got " + s
                        + " and " + t);
            }
            rows.remove(runId >= 0 ? f[runId] : line);
            rows.put(runId >= 0 ? f[runId] : line, new Row(f[method], s, t));
        }
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (Row row : rows.values()) {
            double[] sum = totals.computeIfAbsent(row.method(), m -> new double[2]);
            sum[0] += row.steps();
            sum[1] += row.seconds();
        }
        return new StepTimes(Map.copyOf(totals), file.getFileName().toString());
    }

    /** Steps per second of a method, if it was measured (and took a positive time). */
    public OptionalDouble stepsPerSecond(String method) {
        double[] t = totals.get(method);
        return t == null || !(t[1] > 0) ? OptionalDouble.empty() : OptionalDouble.of(t[0] / t[1]);
    }

    /** Where the measurements came from (a file name, or "none"). */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("StepTimes(" + source + ")");
        totals.forEach((m, t) -> b.append(String.format(Locale.ROOT, " %s=%.1f/s", m, t[0] / t[1])));
        return b.toString();
    }
}
