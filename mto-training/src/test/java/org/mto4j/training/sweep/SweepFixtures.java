package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mto4j.pareto.WeightVectors;
import org.mto4j.pareto.io.Csv;

/** The sweep the runner tests share, and helpers to compare results files. */
final class SweepFixtures {
    static final List<String> TASKS = List.of("left", "right");

    private SweepFixtures() {
    }

    /** 28 runs: 4 scalarization weightings and mgda, pcgrad, upgrad, x 2 learning rates x 2 seeds. */
    static Sweep sweep() {
        return Sweep.builder().tasks(TASKS).scalarization(WeightVectors.dasDennis(2, 3)).method("mgda")
                .method("pcgrad").method("upgrad").learningRates(0.05, 0.1).seeds(1, 2).build();
    }

    /**
     * The rows of a results file without the {@code seconds} column (wall-clock time differs from one run of the
     * same sweep to the next; everything else must not), sorted, so files written in different orders compare.
     */
    static List<List<String>> rowsWithoutTiming(Path file) {
        List<Csv.Line> lines = Csv.parse(file);
        List<String> header = Arrays.asList(lines.get(0).fields());
        assertEquals(ResultsFile.header(TASKS), header);
        int seconds = header.indexOf(ResultsFile.SECONDS);
        List<List<String>> rows = new ArrayList<>();
        for (Csv.Line line : lines.subList(1, lines.size())) {
            List<String> row = new ArrayList<>(Arrays.asList(line.fields()));
            row.remove(seconds);
            rows.add(row);
        }
        rows.sort((a, b) -> String.join(",", a).compareTo(String.join(",", b)));
        return rows;
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
