package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mto4j.pareto.WeightVectors;
import org.mto4j.pareto.io.Csv;

/**
 * The sweep the runner tests share, and helpers to compare results files and to kill a sweep's process; public for
 * the tests of other modules (mto-spark), through the test-jar.
 */
public final class SweepFixtures {
    public static final List<String> TASKS = List.of("left", "right");

    private SweepFixtures() {
    }

    /** 28 runs: 4 scalarization weightings and mgda, pcgrad, upgrad, x 2 learning rates x 2 seeds. */
    public static Sweep sweep() {
        return Sweep.builder().tasks(TASKS).scalarization(WeightVectors.dasDennis(2, 3)).method("mgda")
                .method("pcgrad").method("upgrad").learningRates(0.05, 0.1).seeds(1, 2).build();
    }

    /**
     * The rows of a results file without the {@code seconds} column (wall-clock time differs from one run of the
     * same sweep to the next; everything else must not), sorted, so files written in different orders compare.
     */
    public static List<List<String>> rowsWithoutTiming(Path file) {
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
    public static int completeRows(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return (int) Math.max(0, text.chars().filter(c -> c == '\n').count() - 1);
    }

    /**
     * Kills (SIGKILL) a process that runs a sweep into {@code results} once it has written at least {@code rows}
     * complete rows, and returns the complete rows then written. Fails the test if the process ends by itself or
     * writes nothing within {@code startupLimitSeconds} (a start-up allowance, not a timing assertion), showing its
     * {@code log}.
     */
    public static int killAfterRows(Process child, Path results, int rows, long startupLimitSeconds, Path log)
            throws IOException, InterruptedException {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startupLimitSeconds);
            while (completeRows(results) < rows) {
                if (!child.isAlive()) {
                    fail("the child sweep ended before it was killed (exit " + child.exitValue() + "):\n"
                            + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("the child sweep wrote no rows in " + startupLimitSeconds + " s:\n" + Files.readString(log));
                }
                Thread.sleep(10);
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not die");
        } finally {
            child.destroyForcibly();
        }
        return completeRows(results);
    }
}
