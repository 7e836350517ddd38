package org.mto4j.examples.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.WeightTraceWriter;
import org.mto4j.examples.study.report.StudyReport;
import org.mto4j.training.sweep.RunResult;
import org.mto4j.training.sweep.RunSpec;
import org.nd4j.linalg.factory.Nd4j;

class StudyCommandTest {

    /** Output, error output and exit code of one run of the command. */
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StudyCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result runWith(StudyTraining training, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StudyCommand.execute(new PrintWriter(out), new PrintWriter(err), training, args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Test losses by formula: scalarization on the curve (0.2 + 0.4 (1 − a)², 0.2 + 0.4 a²), mgda behind it. */
    static double[] losses(RunSpec run) {
        double a = run.isScalarization() ? run.taskWeights()[0] : 0.5;
        double offset = (run.isScalarization() ? 0 : 0.05) + (run.learningRate() == 0.01 ? 0 : 0.03)
                + 0.002 * run.seed();
        return new double[] {0.2 + 0.4 * (1 - a) * (1 - a) + offset, 0.2 + 0.4 * a * a + offset};
    }

    /** A training that trains nothing: metrics by formula, and a real weight trace for the traced runs. */
    static final StudyTraining FORMULA = (data, plan, folder) -> run -> {
        if (plan.traced(run)) {
            Path trace = folder.resolve(StudyCommand.TRACES).resolve(run.method() + ".csv");
            try (WeightTraceWriter writer = WeightTraceWriter.open(trace)) {
                GradientCombiner combiner = run.combiner().withListener(writer);
                for (int step = 0; step < 20; step++) {
                    combiner.combine(TaskGradients.of(Nd4j.createFromArray(new double[][] {{1, step % 3 - 1.0},
                        {-0.5, 1}})), TaskLosses.of(1.0, 1.0));
                }
            }
        }
        double[] test = losses(run);
        return RunResult.of(test, test, test, ModelSpec.fromSettings(run.settings()).maxSteps());
    };

    private static void assertNoStackTrace(Result r) {
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void trainsThePlanThroughTheSweepResumesAndWritesTheReport(@TempDir Path dir) throws Exception {
        String[] args = {"--methods", "ls,mgda", "--learning-rates", "0.001,0.01", "--steps", "50", "--out",
            dir.toString()};
        Result first = runWith(FORMULA, args);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("40 of 40 runs done (40 trained now, 0 failed)"), first.out());
        assertTrue(first.out().contains("mgda             4      0"), first.out());
        assertTrue(first.out().contains("behind"), first.out());
        Path results = dir.resolve(StudyCommand.RESULTS);
        assertEquals(41, Files.readAllLines(results).size());
        String report = Files.readString(dir.resolve(StudyReport.REPORT));
        assertTrue(report.contains("**Command.** `mto4j-study --methods ls,mgda --learning-rates 0.001,0.01"), report);
        assertTrue(report.contains("](figures/" + StudyReport.WEIGHT_TRACES + ")"), report); // mgda's traced run
        assertTrue(Files.isRegularFile(dir.resolve(StudyCommand.TRACES).resolve("mgda.csv")));

        byte[] before = Files.readAllBytes(results);
        Result again = runWith(FORMULA, args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("40 of 40 runs done (0 trained now, 0 failed)"), again.out());
        assertArrayEquals(before, Files.readAllBytes(results), "a rerun trains nothing and keeps the results");

        Result other = runWith(FORMULA, "--methods", "ls,mgda", "--steps", "60", "--out", dir.toString());
        assertEquals(StudyCommand.EXIT_BAD_INPUT, other.code());
        assertTrue(other.err().contains("holds 40 row(s) of runs that are not in this plan"), other.err());
        assertNoStackTrace(other);
    }

    @Test
    void reportOnlyWritesTheReportFromAResultsFile(@TempDir Path dir) throws Exception {
        Path study = dir.resolve("study");
        assertEquals(0, runWith(FORMULA, "--methods", "ls,mgda", "--seeds", "1", "--learning-rates", "0.01",
                "--steps", "20", "--out", study.toString()).code());
        Files.writeString(study.resolve(StudyCommand.CONTEXT), "Data: written by a test.");
        Path out = dir.resolve("report");
        Result r = run("--report-only", "--results", study.resolve(StudyCommand.RESULTS).toString(), "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mgda             1      0"), r.out());
        String report = Files.readString(out.resolve(StudyReport.REPORT));
        assertTrue(report.startsWith("# mto4j study report\n\nData: written by a test.\n\nReport written by "
                + "`mto4j-study --report-only` from `results.csv`."), report);
        assertTrue(Files.isRegularFile(out.resolve(StudyReport.FIGURES).resolve(StudyReport.TRADEOFF_TEST)));
    }

    @Test
    void reportOnlyReadsTheParetoExampleAsItIs(@TempDir Path dir) {
        Path example = Path.of("../mto-pareto/src/test/resources/example-results.csv");
        assertTrue(Files.isRegularFile(example), example.toAbsolutePath().toString());
        Result r = run("--report-only", "--results", example.toString(), "--out", dir.toString(), "--senses",
                "min,min");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pcgrad           6      0    0.002113"), r.out());
        assertTrue(Files.isRegularFile(dir.resolve(StudyReport.REPORT)));
    }

    @Test
    void reportOnlyWithoutResultsIsABadInputWithoutStackTrace(@TempDir Path dir) {
        Result r = run("--report-only", "--out", dir.toString());
        assertEquals(StudyCommand.EXIT_BAD_INPUT, r.code());
        assertTrue(r.err().contains("error: no results file " + dir.resolve("results.csv")), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void missingFashionMnistSaysHowToInstallItAndExitsNonZero(@TempDir Path empty) {
        Result r = run("--data", "multi-fashion", "--fashion-dir", empty.toString(), "--plan");
        assertEquals(StudyCommand.EXIT_BAD_INPUT, r.code());
        assertTrue(r.err().contains("sudo apt-get install dataset-fashion-mnist"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void planPrintsTheDataTheRunsAndTheEstimate() {
        Result r = run("--plan");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Multi-Digits: two 8 x 8 UCI digits"), r.out());
        assertTrue(r.out().contains("multi-digits/train: 5000 examples x 96 features (8 x 12)"), r.out());
        assertTrue(r.out().contains("108 runs; model: MLP trunk [64, 64]"), r.out());
        assertTrue(r.out().contains("data multi-digits, tasks [left, right]; methods [ls, mgda, pcgrad, imtl-g, imtl, "
                + "gradnorm, rlw, cagrad, nash-mtl, upgrad]"), r.out());
        assertTrue(r.out().contains("estimated time if every run uses its whole step budget: 149 s on 2 cores"),
                r.out());
        Result low = run("--plan", "--data", "multi-digits-low", "--labeled-fraction", "0.05", "--methods",
                "ls,upgrad", "--seeds", "1", "--steps", "200", "--learning-rates", "0.01");
        assertEquals(0, low.code(), low.err());
        assertTrue(low.out().contains("multi-digits-low/train: 5000 examples x 96 features (8 x 12), left: 10 classes, "
                + "right: 10 classes, 230 labeled"), low.out()); // 5 % of 1,078 images, per class
        assertTrue(low.out().contains("10 runs; model: MLP trunk [64, 64] + one softmax head per task, batch 64, <= 200 "
                + "steps"), low.out());
        Result full = run("--plan", "--full");
        assertTrue(full.out().contains("840 runs"), full.out());
    }

    @Test
    void badOptionsNameTheProblem() {
        for (Map.Entry<String[], String> c : Map.of(
                new String[] {"--plan", "--methods", "ls,foo"}, "unknown method 'foo'",
                new String[] {"--plan", "--data", "cifar"}, "unknown data set 'cifar'",
                new String[] {"--plan", "--labeled-fraction", "0.05"}, "--labeled-fraction applies to multi-digits-low",
                new String[] {"--plan", "--steps", "0"}, "--steps must be >= 1, got 0",
                new String[] {"--plan", "--report-only"}, "give --plan or --report-only, not both",
                new String[] {"--plan", "--full", "--smoke"}, "give --full or --smoke, not both",
                new String[] {"--plan", "--senses", "min,min"}, "go with --report-only").entrySet()) {
            Result r = run(c.getKey());
            assertEquals(StudyCommand.EXIT_BAD_INPUT, r.code(), String.join(" ", c.getKey()));
            assertTrue(r.err().contains(c.getValue()), r.err());
            assertNoStackTrace(r);
        }
    }

    @Test
    void helpListsTheOptions() {
        Result r = run("--help");
        assertEquals(0, r.code());
        for (String option : List.of("--data", "--out", "--full", "--smoke", "--methods", "--seeds", "--steps", "--plan",
                "--report-only", "--results", "--fashion-dir", "--labeled-fraction")) {
            assertTrue(r.out().contains(option), option);
        }
    }
}
