package org.mto4j.examples.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.examples.docs.TestJvm;
import org.mto4j.examples.study.StudyCommandTest.Result;
import org.mto4j.examples.study.report.StudyReport;
import org.mto4j.pareto.io.Csv;

/**
 * The study with its real training ({@link org.mto4j.examples.study.training.Dl4jStudyTraining}) on its smallest
 * setting ({@code --smoke}: 4 runs of at most 60 steps on Multi-Digits): the results, the report and its figures; the
 * same seeds give the same numbers; a study killed with SIGKILL mid-way finishes on a rerun without training its
 * finished runs again.
 */
class StudyEndToEndTest {
    private static final List<String> FIGURES = List.of(StudyReport.TRADEOFF_TEST, StudyReport.TRADEOFF_TRAIN,
            StudyReport.WEIGHT_TRACES, StudyReport.RANKING, StudyReport.TUNING);

    /** The rows of a results file by run id, without the columns a rerun may change (wall-clock seconds). */
    static Map<String, List<String>> rowsById(Path results) throws IOException {
        List<Csv.Line> lines = Csv.parse(results);
        List<String> header = List.of(lines.get(0).fields());
        int id = header.indexOf("run_id");
        int seconds = header.indexOf("seconds");
        Map<String, List<String>> rows = new TreeMap<>();
        for (Csv.Line line : lines.subList(1, lines.size())) {
            List<String> fields = new ArrayList<>(List.of(line.fields()));
            fields.set(seconds, "");
            rows.put(fields.get(id), fields);
        }
        return rows;
    }

    private static Result smoke(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("--smoke", "--out", out.toString()));
        args.addAll(List.of(more));
        return StudyCommandTest.run(args.toArray(new String[0]));
    }

    @Test
    void smokeStudyTrainsEveryRunAndWritesTheReportWithEveryFigure(@TempDir Path dir) throws Exception {
        Result r = smoke(dir);
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("4 of 4 runs done (4 trained now, 0 failed)"), r.out());

        List<Csv.Line> lines = Csv.parse(dir.resolve(StudyCommand.RESULTS));
        List<String> header = List.of(lines.get(0).fields());
        assertEquals(5, lines.size(), "header and 4 runs");
        List<String> methods = new ArrayList<>();
        for (Csv.Line line : lines.subList(1, lines.size())) {
            String[] f = line.fields();
            methods.add(f[header.indexOf("method")]);
            assertEquals("ok", f[header.indexOf("status")], String.join(",", f));
            for (String split : List.of("train:", "validation:", "test:")) {
                for (String task : List.of("left", "right")) {
                    double loss = Double.parseDouble(f[header.indexOf(split + task)]);
                    // trained: below the cross-entropy of a uniform guess among 10 classes, ln 10 = 2.30
                    assertTrue(loss > 0 && loss < 2.0, split + task + " = " + loss + " in " + String.join(",", f));
                }
            }
            int steps = Integer.parseInt(f[header.indexOf("steps")]);
            assertTrue(steps >= 20 && steps <= 60, "steps " + steps);
        }
        methods.sort(null);
        assertEquals(List.of("ls", "ls", "mgda", "rlw"), methods);

        String report = Files.readString(dir.resolve(StudyReport.REPORT));
        for (String section : List.of("## Verdict", "## Compared with the paper", "## Trade-off on the test split",
                "## Trade-off on the training split", "## Task weights over training", "## Ranking under other "
                + "evaluation weightings", "## Learning-rate grids against seeds", "## Step time", "## Failed runs",
                "## How to read the numbers")) {
            assertTrue(report.contains("\n" + section), section + " not in the report:\n" + report);
        }
        for (String figure : FIGURES) {
            Path png = dir.resolve(StudyReport.FIGURES).resolve(figure);
            assertTrue(Files.size(png) > 1000, figure);
            assertTrue(report.contains("](figures/" + figure + ")"), figure + " not in the report:\n" + report);
        }
        for (String method : List.of("mgda", "rlw")) {
            List<String> trace = Files.readAllLines(dir.resolve(StudyCommand.TRACES).resolve(method + ".csv"));
            assertTrue(trace.size() > 20, method + "'s trace has " + trace.size() + " lines");
        }
        assertEquals(5, Files.readAllLines(dir.resolve(StudyCommand.STEP_TIMES)).size());
    }

    @Test
    void lowResourceSmokeStudyTrainsWithTheRightTasksLabelMasksOnBothExecutionPaths(@TempDir Path dir)
            throws Exception {
        Result r = smoke(dir, "--data", "multi-digits-low");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("4 of 4 runs done (4 trained now, 0 failed)"), r.out());
        List<Csv.Line> lines = Csv.parse(dir.resolve(StudyCommand.RESULTS));
        List<String> header = List.of(lines.get(0).fields());
        assertEquals(5, lines.size());
        for (Csv.Line line : lines.subList(1, lines.size())) {
            String[] f = line.fields();
            assertEquals("ok", f[header.indexOf("status")], String.join(",", f));
            for (String column : List.of("train:right", "validation:right", "test:right")) {
                double loss = Double.parseDouble(f[header.indexOf(column)]);
                assertTrue(loss > 0 && Double.isFinite(loss), column + " = " + loss);
            }
            // the fully labeled task learns below a uniform guess (ln 10 = 2.30) in 60 steps
            assertTrue(Double.parseDouble(f[header.indexOf("test:left")]) < 2.0, String.join(",", f));
        }
    }

    @Test
    void studyKilledMidwayFinishesOnARerunWithTheResultsOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
        // 8 runs (2 seeds), so that the kill comes after the first row and before the last
        Path reference = dir.resolve("reference");
        Result uninterrupted = smoke(reference, "--seeds", "2");
        assertEquals(0, uninterrupted.code(), uninterrupted.err());
        Map<String, List<String>> expected = rowsById(reference.resolve(StudyCommand.RESULTS));
        assertEquals(8, expected.size());

        Path killed = dir.resolve("killed");
        Path results = killed.resolve(StudyCommand.RESULTS);
        Path argFile = dir.resolve("java.args");
        Files.writeString(argFile, "-cp \"" + TestJvm.classPathString() + "\"\n");
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + argFile, "-Xmx1g", StudyCommand.class.getName(), "--smoke", "--seeds", "2", "--out",
                killed.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
        child.environment().put(SingleThreadedJvm.THREADS_VARIABLE, "1"); // one process: the kill hits the trainer
        Process process = child.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (rows(results) < 1 && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        process.destroyForcibly().waitFor();
        int done = rows(results);
        assertTrue(done >= 1 && done < 8, "killed after " + done + " of 8 runs\n"
                + Files.readString(dir.resolve("child.log")));

        Result rerun = smoke(killed, "--seeds", "2");
        assertEquals(0, rerun.code(), rerun.err());
        assertTrue(rerun.out().contains("8 of 8 runs done (" + (8 - done) + " trained now, 0 failed)"), rerun.out());
        assertEquals(expected, rowsById(results), "the resumed study's rows equal the uninterrupted study's");
        assertEquals(9, Files.readAllLines(results).size(), "no run is there twice");
        assertTrue(Files.isRegularFile(killed.resolve(StudyReport.REPORT)));
    }

    /** Complete rows of a results file (lines ending with a line break, after the header). */
    private static int rows(Path results) throws IOException {
        if (!Files.isRegularFile(results)) {
            return 0;
        }
        String text = Files.readString(results, StandardCharsets.UTF_8);
        return (int) Math.max(0, text.chars().filter(c -> c == '\n').count() - 1);
    }

    @Test
    void badInputOfATrainingRunNamesTheOptionAndValueWithoutStackTrace(@TempDir Path dir) {
        for (Map.Entry<String[], String> c : Map.of(
                new String[] {"--smoke", "--methods", "ls,foo"}, "unknown method 'foo'",
                new String[] {"--smoke", "--data", "cifar"}, "unknown data set 'cifar'").entrySet()) {
            List<String> args = new ArrayList<>(List.of(c.getKey()));
            args.addAll(List.of("--out", dir.toString()));
            Result r = StudyCommandTest.run(args.toArray(new String[0]));
            assertEquals(StudyCommand.EXIT_BAD_INPUT, r.code(), String.join(" ", args));
            assertTrue(r.err().contains(c.getValue()), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
            assertFalse(Files.exists(dir.resolve(StudyCommand.RESULTS)), "nothing trained");
        }
    }
}
