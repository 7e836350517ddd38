package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.pareto.WeightVectors;
import org.mto4j.pareto.io.CsvFormatException;

/** A half-written last row is detected and its run trained again; nothing invalid is ever kept. */
class ResultsFileTest {
    @TempDir
    Path dir;

    /** 6 runs: 2 scalarization weightings and mgda, x 2 learning rates. */
    private final Sweep sweep = Sweep.builder().tasks(SweepFixtures.TASKS)
            .scalarization(WeightVectors.dasDennis(2, 1)).method("mgda").learningRates(0.05, 0.1).seeds(1).build();
    private Path complete;
    private byte[] completeBytes;

    @BeforeEach
    void runOnce() throws Exception {
        complete = dir.resolve("complete.csv");
        new SweepRunner(sweep, complete).withExecutor(LocalExecutor.sequential()).run(new LinearTasksTrainer());
        completeBytes = Files.readAllBytes(complete);
    }

    /** The file without its last row, then {@code tail}. */
    private Path damaged(String name, String tail) throws IOException {
        String text = new String(completeBytes, StandardCharsets.UTF_8);
        int lastRow = text.lastIndexOf('\n', text.length() - 2) + 1;
        Path p = dir.resolve(name);
        Files.writeString(p, text.substring(0, lastRow) + tail);
        return p;
    }

    private String lastRow() {
        String text = new String(completeBytes, StandardCharsets.UTF_8);
        return text.substring(text.lastIndexOf('\n', text.length() - 2) + 1);
    }

    /** Reruns the sweep and checks that exactly {@code redone} runs were trained and the file is complete. */
    private void rerunRepairs(Path file, int redone) throws Exception {
        SweepSummary s = new SweepRunner(sweep, file).withExecutor(LocalExecutor.sequential())
                .run(new LinearTasksTrainer());
        assertEquals(redone, s.progress().succeeded(), "runs trained again");
        assertTrue(s.isComplete());
        assertEquals(SweepFixtures.rowsWithoutTiming(complete), SweepFixtures.rowsWithoutTiming(file));
    }

    @Test
    void rowCutInTheMiddleIsRedone() throws Exception {
        String row = lastRow();
        for (int cut : new int[] {1, row.length() / 2, row.length() - 1}) {
            rerunRepairs(damaged("cut" + cut + ".csv", row.substring(0, cut)), 1);
        }
    }

    @Test
    void rowCutWithinTheLastFieldIsRedone() throws Exception {
        // the fields are all there, only the line break is missing: still half-written
        String row = lastRow();
        rerunRepairs(damaged("nobreak.csv", row.substring(0, row.length() - 1)), 1);
    }

    @Test
    void garbageAfterTheLastRowIsCutOff() throws Exception {
        Path p = dir.resolve("zeros.csv");
        Files.write(p, completeBytes);
        Files.write(p, new byte[] {0, 0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        rerunRepairs(p, 0);
        assertTrue(Arrays.equals(completeBytes, Files.readAllBytes(p)), "the file is exactly the complete one");
    }

    @Test
    void invalidLastLineWithALineBreakIsRedone() throws Exception {
        String row = lastRow();
        rerunRepairs(damaged("short.csv", row.substring(0, row.length() / 2) + "\n"), 1);
        String bad = row.replace(",ok,", ",done,");
        rerunRepairs(damaged("status.csv", bad), 1);
    }

    @Test
    void halfWrittenHeaderIsWrittenAgain() throws Exception {
        Path p = dir.resolve("header.csv");
        Files.writeString(p, "method,learning_ra");
        SweepSummary s = new SweepRunner(sweep, p).run(new LinearTasksTrainer());
        assertEquals(sweep.size(), s.progress().succeeded());
        assertEquals(SweepFixtures.rowsWithoutTiming(complete), SweepFixtures.rowsWithoutTiming(p));
    }

    @Test
    void invalidLineBeforeTheLastIsAnError() throws Exception {
        String text = new String(completeBytes, StandardCharsets.UTF_8);
        List<String> lines = Arrays.asList(text.split("\n", -1));
        lines.set(5, lines.get(5).substring(0, 20));
        Path p = dir.resolve("edited.csv");
        Files.writeString(p, String.join("\n", lines));
        byte[] before = Files.readAllBytes(p);
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> new SweepRunner(sweep, p).run(new LinearTasksTrainer()));
        assertEquals(6, e.line());
        assertTrue(e.getMessage().contains("changed by something else"), e.getMessage());
        assertTrue(Arrays.equals(before, Files.readAllBytes(p)), "the file is left alone");
    }

    @Test
    void otherFilesAreRefusedUntouched() throws Exception {
        Path p = dir.resolve("points.csv");
        Files.writeString(p, "a,b\n1,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SweepRunner(sweep, p).run(new LinearTasksTrainer()));
        assertTrue(e.getMessage().contains("[a, b]"), e.getMessage());
        Path q = dir.resolve("noline.csv");
        Files.writeString(q, "hello");
        e = assertThrows(IllegalArgumentException.class, () -> new SweepRunner(sweep, q).run(new LinearTasksTrainer()));
        assertTrue(e.getMessage().contains("not a sweep results file"), e.getMessage());
        assertEquals("hello", Files.readString(q));
        assertFalse(Files.readString(p).contains("method"));
    }
}
