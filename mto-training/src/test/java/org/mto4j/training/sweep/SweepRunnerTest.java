package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.eval.ResultsTable;
import org.mto4j.pareto.eval.Split;
import org.mto4j.pareto.io.Csv;
import org.mto4j.pareto.io.ResultsCsv;

class SweepRunnerTest {
    @TempDir
    Path dir;

    private final Sweep sweep = SweepFixtures.sweep();

    private static boolean isBroken(RunSpec run) {
        return run.method().equals("mgda") && run.learningRate() == 0.1 && run.seed() == 2;
    }

    /** The test trainer, except that one run throws. */
    private static final TrainingFunction ONE_BROKEN = run -> {
        if (isBroken(run)) {
            throw new IllegalStateException("boom, at step 3\nsecond line", new ArithmeticException("why"));
        }
        return new LinearTasksTrainer().train(run);
    };

    @Test
    void parallelSweepEqualsSequentialSweep() throws Exception {
        Path sequential = dir.resolve("sequential.csv");
        Path parallel = dir.resolve("parallel.csv");
        Path three = dir.resolve("three.csv");
        new SweepRunner(sweep, sequential).withExecutor(LocalExecutor.sequential()).run(new LinearTasksTrainer());
        new SweepRunner(sweep, parallel).withExecutor(LocalExecutor.parallel(2)).run(new LinearTasksTrainer());
        new SweepRunner(sweep, three).withExecutor(LocalExecutor.parallel(3)).run(new LinearTasksTrainer());
        List<List<String>> expected = SweepFixtures.rowsWithoutTiming(sequential);
        assertEquals(sweep.size(), expected.size());
        assertEquals(expected, SweepFixtures.rowsWithoutTiming(parallel));
        assertEquals(expected, SweepFixtures.rowsWithoutTiming(three));
    }

    @Test
    void resultsAreMtoParetosFormatWithOneRowPerRun() throws Exception {
        Path file = dir.resolve("results.csv");
        SweepSummary s = new SweepRunner(sweep, file).withExecutor(LocalExecutor.sequential())
                .run(new LinearTasksTrainer());
        assertTrue(s.isComplete());
        assertEquals(new SweepProgress(28, 0, 28, 0, s.progress().elapsedSeconds()), s.progress());
        ResultsTable table = ResultsCsv.read(file, Sense.MINIMIZE.times(2));
        assertEquals(List.of("left", "right"), table.tasks());
        assertEquals(List.of("static", "mgda", "pcgrad", "upgrad"), table.methods());
        assertEquals(sweep.size(), table.size());
        // row i is run i of a sequential sweep: settings and metrics as the training function returned them
        for (int i = 0; i < sweep.size(); i++) {
            RunSpec run = sweep.runs().get(i);
            RunResult expected = new LinearTasksTrainer().train(run);
            var row = table.runs().get(i);
            assertEquals(run.method(), row.method());
            assertEquals(run.learningRate(), row.learningRate());
            assertEquals(run.seed(), row.seed());
            assertTrue(java.util.Arrays.equals(run.taskWeights(), row.taskWeights()));
            assertTrue(java.util.Arrays.equals(expected.train(), row.metrics(Split.TRAIN)), run.toString());
            assertTrue(java.util.Arrays.equals(expected.test(), row.metrics(Split.TEST)), run.toString());
        }
        // a rerun of a finished sweep trains nothing and leaves the file as it was
        byte[] before = Files.readAllBytes(file);
        SweepSummary again = new SweepRunner(sweep, file).run(new LinearTasksTrainer());
        assertEquals(28, again.progress().skipped());
        assertEquals(0, again.progress().succeeded() + again.progress().failed());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)));
    }

    @Test
    void failedRunIsRecordedAndTheOthersFinish() throws Exception {
        Path file = dir.resolve("failing.csv");
        SweepSummary s = new SweepRunner(sweep, file).withExecutor(LocalExecutor.parallel(2)).run(ONE_BROKEN);
        assertEquals(27, s.progress().succeeded());
        assertEquals(1, s.progress().failed());
        assertFalse(s.isComplete());
        RunOutcome failure = s.failures().get(0);
        assertTrue(isBroken(failure.run()));
        assertEquals("java.lang.IllegalStateException: boom, at step 3 second line (caused by "
                + "java.lang.ArithmeticException: why)", failure.message());

        List<Csv.Line> lines = Csv.parse(file);
        assertEquals(29, lines.size());
        List<String> header = List.of(lines.get(0).fields());
        List<String> failedRow = lines.stream().skip(1).map(l -> List.of(l.fields()))
                .filter(f -> f.get(header.indexOf("status")).equals("failed")).findFirst().orElseThrow();
        assertEquals(failure.run().id(), failedRow.get(header.indexOf("run_id")));
        assertEquals(failure.message(), failedRow.get(header.indexOf("message")));
        assertEquals("", failedRow.get(header.indexOf("test:left")));
        assertEquals(27, ResultsCsv.read(file, Sense.MINIMIZE.times(2)).size(), "failed rows are not runs");

        // told not to retry: nothing is trained, the failure is reported as an earlier one
        SweepSummary kept = new SweepRunner(sweep, file).withRetryFailed(false).run(new LinearTasksTrainer());
        assertEquals(0, kept.progress().succeeded() + kept.progress().failed());
        assertEquals(1, kept.failedEarlier());
        assertFalse(kept.isComplete());

        // by default a rerun retries it; the old failed row stays as a record, the reader takes the ok row
        SweepSummary retried = new SweepRunner(sweep, file).run(new LinearTasksTrainer());
        assertEquals(27, retried.progress().skipped());
        assertEquals(1, retried.progress().succeeded());
        assertTrue(retried.isComplete());
        assertEquals(30, Csv.parse(file).size());
        assertEquals(28, ResultsCsv.read(file, Sense.MINIMIZE.times(2)).size());
    }

    @Test
    void resultsThatDoNotFitTheRunAreFailures() throws Exception {
        Path file = dir.resolve("diverged.csv");
        Sweep one = Sweep.builder().tasks("left", "right").method("mgda").learningRates(0.1, 0.2, 0.3, 0.4)
                .seeds(1).build();
        TrainingFunction odd = run -> {
            if (run.learningRate() == 0.1) {
                return RunResult.of(new double[] {1, 2}, new double[] {1, 2}, new double[] {Double.NaN, 2}, 5);
            }
            if (run.learningRate() == 0.2) {
                return RunResult.of(new double[] {1, 2}, new double[] {1, 2}, new double[] {1, 2, 3}, 5);
            }
            if (run.learningRate() == 0.3) {
                return null;
            }
            return RunResult.of(new double[] {1, 2}, new double[] {1, 2}, new double[] {1, 2}, 5);
        };
        SweepSummary s = new SweepRunner(one, file).withExecutor(LocalExecutor.sequential()).run(odd);
        assertEquals(1, s.progress().succeeded());
        List<String> messages = s.failures().stream().map(RunOutcome::message).toList();
        assertEquals(List.of("the test metric of task 'left' is NaN (diverged?)",
                "the training function returned 3 test metrics for 2 tasks [left, right]",
                "the training function returned null"), messages);
    }

    @Test
    void listenersHearEveryRowAndCannotStopTheSweep() throws Exception {
        List<String> events = new ArrayList<>();
        SweepListener recorder = new SweepListener() {
            @Override
            public void sweepStarted(SweepProgress p) {
                events.add("start " + p.total() + " " + p.skipped());
            }

            @Override
            public void runFinished(RunOutcome outcome, SweepProgress p) {
                events.add(outcome.status().text() + " " + p.done() + " " + p.failed());
                assertTrue(p.etaSeconds().isPresent());
            }

            @Override
            public void sweepFinished(SweepProgress p) {
                events.add("end " + p.done());
            }
        };
        SweepListener broken = new SweepListener() {
            @Override
            public void runFinished(RunOutcome outcome, SweepProgress p) {
                throw new IllegalStateException("listener bug");
            }
        };
        Sweep small = Sweep.builder().tasks("left", "right").method("mgda").learningRates(0.1, 0.2)
                .seeds(1, 2).build();
        Path file = dir.resolve("listened.csv");
        new SweepRunner(small, file).withListener(broken).withListener(recorder)
                .withExecutor(LocalExecutor.sequential()).run(new LinearTasksTrainer());
        assertEquals(List.of("start 4 0", "ok 1 0", "ok 2 0", "ok 3 0", "ok 4 0", "end 4"), events);
        events.clear();
        Sweep bigger = Sweep.builder().tasks("left", "right").method("mgda").learningRates(0.1, 0.2, 0.3)
                .seeds(1, 2).build();
        new SweepRunner(bigger, file).withListener(recorder).withExecutor(LocalExecutor.sequential())
                .run(new LinearTasksTrainer());
        assertEquals(List.of("start 6 4", "ok 5 0", "ok 6 0", "end 6"), events, "a grown grid trains only new runs");
    }

    @Test
    void rowsOfOtherSweepsAreKept() throws Exception {
        Path file = dir.resolve("shared.csv");
        Sweep a = Sweep.builder().tasks("left", "right").method("mgda").learningRates(0.1).seeds(1).build();
        Sweep b = Sweep.builder().tasks("left", "right").method("mgda").learningRates(0.1).seeds(1)
                .setting("epochs", "3").build();
        new SweepRunner(a, file).run(new LinearTasksTrainer());
        SweepSummary s = new SweepRunner(b, file).run(new LinearTasksTrainer());
        assertEquals(1, s.progress().succeeded(), "another setting is another run");
        List<Csv.Line> lines = Csv.parse(file);
        assertEquals(3, lines.size());
        assertEquals(2, ResultsCsv.read(file, Sense.MINIMIZE.times(2)).size());
    }

    @Test
    void aFileOfOtherTasksOrInUseIsRefused() throws Exception {
        Path file = dir.resolve("tasks.csv");
        new SweepRunner(Sweep.builder().tasks("a", "b").method("mgda").learningRates(0.1).seeds(1).build(), file)
                .run(new LinearTasksTrainer());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SweepRunner(sweep, file).run(new LinearTasksTrainer()));
        assertTrue(e.getMessage().contains("test:a") && e.getMessage().contains("test:left"), e.getMessage());

        Path busy = dir.resolve("busy.csv");
        ResultsFile held = ResultsFile.open(busy, SweepFixtures.TASKS);
        try {
            IllegalStateException locked = assertThrows(IllegalStateException.class,
                    () -> new SweepRunner(sweep, busy).run(new LinearTasksTrainer()));
            assertTrue(locked.getMessage().contains("another sweep"), locked.getMessage());
        } finally {
            held.close();
        }
        assertTrue(new SweepRunner(sweep, busy).run(new LinearTasksTrainer()).isComplete(), "free once closed");
    }

    @Test
    void executorsThatBreakTheContractAreCaught() {
        Sweep small = Sweep.builder().tasks("left", "right").method("mgda").learningRates(0.1, 0.2).seeds(1).build();
        SweepExecutor twice = (runs, training, sink) -> {
            RunOutcome o = RunOutcome.execute(runs.get(0), training);
            sink.accept(o);
            sink.accept(o);
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SweepRunner(small,
                dir.resolve("twice.csv")).withExecutor(twice).run(new LinearTasksTrainer()));
        assertTrue(e.getMessage().contains("gave twice"), e.getMessage());
        SweepExecutor lazy = (runs, training, sink) -> sink.accept(RunOutcome.execute(runs.get(0), training));
        e = assertThrows(IllegalStateException.class, () -> new SweepRunner(small, dir.resolve("lazy.csv"))
                .withExecutor(lazy).run(new LinearTasksTrainer()));
        assertTrue(e.getMessage().contains("without outcomes for 1 runs"), e.getMessage());
    }
}
