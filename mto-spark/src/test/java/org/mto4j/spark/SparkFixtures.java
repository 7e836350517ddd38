package org.mto4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.mto4j.pareto.WeightVectors;
import org.mto4j.pareto.io.Csv;
import org.mto4j.training.sweep.Sweep;

/** The sweep the Spark tests share, a quiet test configuration, and helpers to compare results files. */
final class SparkFixtures {
    static final List<String> TASKS = List.of("left", "right");
    /** The results file's wall-clock column: the one column that differs between two runs of one sweep. */
    static final String SECONDS = "seconds";

    private SparkFixtures() {
    }

    /** 28 runs: 4 scalarization weightings and mgda, pcgrad, upgrad, x 2 learning rates x 2 seeds. */
    static Sweep sweep() {
        return Sweep.builder().tasks(TASKS).scalarization(WeightVectors.dasDennis(2, 3)).method("mgda")
                .method("pcgrad").method("upgrad").learningRates(0.05, 0.1).seeds(1, 2).build();
    }

    /** A configuration for tests: this master, no web UI (no port, faster start). */
    static SparkConf conf(String master) {
        return new SparkConf().setMaster(master).setAppName("mto4j test").set("spark.ui.enabled", "false");
    }

    /**
     * The rows of a results file without the {@value #SECONDS} column, sorted, so that files written in different
     * orders compare. Every other column — metrics printed as Java's shortest round-trip decimals, statuses,
     * messages — is compared as written.
     */
    static List<List<String>> rowsWithoutTiming(Path file) {
        List<Csv.Line> lines = Csv.parse(file);
        List<String> header = Arrays.asList(lines.get(0).fields());
        int seconds = header.indexOf(SECONDS);
        assertEquals(17, header.size(), "columns of a two-task results file: " + header);
        List<List<String>> rows = new ArrayList<>();
        for (Csv.Line line : lines.subList(1, lines.size())) {
            List<String> row = new ArrayList<>(Arrays.asList(line.fields()));
            row.remove(seconds);
            rows.add(row);
        }
        rows.sort((a, b) -> String.join(",", a).compareTo(String.join(",", b)));
        return rows;
    }

    /** The value of a column in every row (no sorting). */
    static List<String> column(Path file, String name) {
        List<Csv.Line> lines = Csv.parse(file);
        int c = Arrays.asList(lines.get(0).fields()).indexOf(name);
        List<String> values = new ArrayList<>();
        for (Csv.Line line : lines.subList(1, lines.size())) {
            values.add(line.fields()[c]);
        }
        return values;
    }

    /** Complete lines (ending with a line break) after the header. */
    static int completeRows(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return (int) Math.max(0, text.chars().filter(c -> c == '\n').count() - 1);
    }
}
