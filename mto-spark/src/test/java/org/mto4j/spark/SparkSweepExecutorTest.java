package org.mto4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.training.sweep.LinearTasksTrainer;
import org.mto4j.training.sweep.SweepFixtures;
import org.mto4j.training.sweep.LocalExecutor;
import org.mto4j.training.sweep.RunOutcome;
import org.mto4j.training.sweep.RunResult;
import org.mto4j.training.sweep.RunSpec;
import org.mto4j.training.sweep.Sweep;
import org.mto4j.training.sweep.SweepRunner;
import org.mto4j.training.sweep.SweepSummary;
import org.mto4j.training.sweep.TrainingFunction;

/**
 * Sweeps on {@code local[2]}: the results file of the local runner, failed runs, outcomes streamed as runs end, a
 * sink that fails, interruption, shipped data and bad input. One Spark context for the class (a JVM holds one).
 */
class SparkSweepExecutorTest {
    private static SparkSweepExecutor spark;

    @TempDir
    Path dir;

    private final Sweep sweep = SweepFixtures.sweep();

    @BeforeAll
    static void startSpark() {
        spark = SparkSweepExecutor.create(SparkFixtures.conf("local[2]"));
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    private static boolean isBroken(RunSpec run) {
        return run.method().equals("mgda") && run.learningRate() == 0.1 && run.seed() == 2;
    }

    /** The test trainer, except that one run throws. */
    private static final TrainingFunction ONE_BROKEN = run -> {
        if (isBroken(run)) {
            throw new IllegalStateException("boom in run " + run.id() + ",\nsecond line");
        }
        return new LinearTasksTrainer().train(run);
    };

    @Test
    void sweepOnSparkWritesTheResultsFileOfTheLocalRunner() throws Exception {
        assertTrue(sweep.size() >= 12, "runs: " + sweep.size());
        Path onSpark = dir.resolve("spark.csv");
        Path local = dir.resolve("local.csv");
        SweepSummary summary = new SweepRunner(sweep, onSpark).withExecutor(spark).run(new LinearTasksTrainer());
        new SweepRunner(sweep, local).withExecutor(LocalExecutor.sequential()).run(new LinearTasksTrainer());

        assertTrue(summary.isComplete());
        assertEquals(sweep.size(), summary.progress().succeeded());
        assertEquals(Collections.nCopies(sweep.size(), "ok"), SparkFixtures.column(onSpark, "status"));
        assertEquals(SweepFixtures.rowsWithoutTiming(local), SweepFixtures.rowsWithoutTiming(onSpark));

        SweepSummary again = new SweepRunner(sweep, onSpark).withExecutor(spark).run(new LinearTasksTrainer());
        assertEquals(sweep.size(), again.progress().skipped(), "a rerun skips every finished run");
        assertEquals(0, again.progress().succeeded() + again.progress().failed());
    }

    @Test
    void runThatThrowsIsRecordedAsFailedWithItsMessageAndTheOthersFinish() throws Exception {
        Path onSpark = dir.resolve("spark.csv");
        Path local = dir.resolve("local.csv");
        SweepSummary summary = new SweepRunner(sweep, onSpark).withExecutor(spark).run(ONE_BROKEN);
        new SweepRunner(sweep, local).withExecutor(LocalExecutor.sequential()).run(ONE_BROKEN);

        assertEquals(sweep.size() - 1, summary.progress().succeeded());
        assertEquals(1, summary.failures().size());
        RunOutcome failed = summary.failures().get(0);
        assertTrue(isBroken(failed.run()));
        assertEquals("java.lang.IllegalStateException: boom in run " + failed.run().id() + ", second line",
                failed.message());
        List<String> messages = SparkFixtures.column(onSpark, "message");
        assertTrue(messages.contains(failed.message()), "the message is in the results file: " + messages);
        assertEquals(SweepFixtures.rowsWithoutTiming(local), SweepFixtures.rowsWithoutTiming(onSpark),
                "the same rows as the local runner, the failed one included");
    }

    /** Released by the sink when an outcome other than the held run's reaches the driver. */
    private static volatile CountDownLatch otherOutcomeArrived;

    /** Holds the first run until another run's outcome has reached the driver's sink. */
    private static final TrainingFunction HOLDS_FIRST_RUN = run -> {
        if (run.seed() == 1 && run.method().equals("mgda") && run.learningRate() == 0.05) {
            if (!otherOutcomeArrived.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("no outcome reached the driver while this run was training");
            }
        }
        return new LinearTasksTrainer().train(run);
    };

    @Test
    void outcomesReachTheSinkWhileOtherRunsAreStillTraining() throws Exception {
        List<RunSpec> runs = sweep.runs().subList(0, 12); // 8 scalarization runs, then mgda (held), pcgrad ...
        RunSpec held = runs.get(8);
        assertEquals("mgda", held.method());
        otherOutcomeArrived = new CountDownLatch(1);
        List<RunOutcome> received = Collections.synchronizedList(new ArrayList<>());
        spark.execute(runs, HOLDS_FIRST_RUN, outcome -> {
            received.add(outcome);
            if (!outcome.run().equals(held)) {
                otherOutcomeArrived.countDown();
            }
        });
        assertEquals(runs.size(), received.size());
        assertTrue(received.stream().allMatch(RunOutcome::isOk), "every run finished: " + received);
        assertFalse(received.get(0).run().equals(held), "the held run came after the others: " + received);
    }

    private static final AtomicInteger STARTED = new AtomicInteger();

    private static final TrainingFunction COUNTS_STARTS = run -> {
        STARTED.incrementAndGet();
        return new LinearTasksTrainer(7, 200).train(run);
    };

    @Test
    void sinkThatThrowsStopsTheSweepAndTheExceptionComesOut() throws Exception {
        STARTED.set(0);
        UncheckedIOException diskFull = new UncheckedIOException("disk full", new IOException("no space"));
        AtomicInteger calls = new AtomicInteger();
        UncheckedIOException thrown = assertThrows(UncheckedIOException.class,
                () -> spark.execute(sweep.runs(), COUNTS_STARTS, outcome -> {
                    calls.incrementAndGet();
                    throw diskFull;
                }));
        assertSame(diskFull, thrown);
        assertEquals(1, calls.get());
        int window = SparkSweepExecutor.IN_FLIGHT_PER_CORE * 2;
        assertTrue(STARTED.get() <= window, "no run was submitted after the sink failed: " + STARTED.get()
                + " started of " + sweep.size());
        assertTrue(spark.context().getJobTags().isEmpty(), "the sweep's job tag is removed");
        awaitCancelledJobs();

        List<RunOutcome> next = Collections.synchronizedList(new ArrayList<>());
        spark.execute(sweep.runs().subList(0, 2), new LinearTasksTrainer(), next::add);
        assertEquals(2, next.size(), "the executor still runs sweeps");
    }

    @Test
    void interruptedSweepThrowsInterruptedException() throws Exception {
        try {
            assertThrows(InterruptedException.class, () -> spark.execute(sweep.runs(), COUNTS_STARTS,
                    outcome -> Thread.currentThread().interrupt()));
            assertFalse(Thread.currentThread().isInterrupted(), "InterruptedException clears the flag");
        } finally {
            Thread.interrupted();
        }
        awaitCancelledJobs();
    }

    /** Waits until Spark has ended the jobs a stopped sweep cancelled (cancelling is asynchronous). */
    private static void awaitCancelledJobs() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (spark.context().statusTracker().getActiveJobIds().length > 0) {
            assertTrue(System.nanoTime() < deadline, "cancelled jobs still active after 2 minutes");
            Thread.sleep(20);
        }
    }

    private static final AtomicInteger LOADS = new AtomicInteger();

    /** Reads the data seed from a text file (the test's "data set"). */
    private static long readSeed(Path file) throws IOException {
        LOADS.incrementAndGet();
        return Long.parseLong(Files.readString(file).strip());
    }

    @Test
    void shippedFileIsLoadedOncePerExecutorAndGivesTheRunsTheirData() throws Exception {
        LOADS.set(0);
        Path seedFile = dir.resolve("data-seed-11.txt");
        Files.writeString(seedFile, "11\n");
        ExecutorData<Long> data = spark.shipFile(seedFile.toString(), SparkSweepExecutorTest::readSeed);
        assertEquals("data-seed-11.txt", data.fileName());
        TrainingFunction training = run -> new LinearTasksTrainer(data.get(), 0).train(run);

        Path onSpark = dir.resolve("spark.csv");
        Path local = dir.resolve("local.csv");
        new SweepRunner(sweep, onSpark).withExecutor(spark).run(training);
        new SweepRunner(sweep, local).withExecutor(LocalExecutor.sequential()).run(new LinearTasksTrainer(11, 0));
        assertEquals(SweepFixtures.rowsWithoutTiming(local), SweepFixtures.rowsWithoutTiming(onSpark));
        assertEquals(1, LOADS.get(), "local[2] has one executor, which loads the file once for all runs");
    }

    /** Fails on its first call, then reads the seed. */
    private static long failsFirstLoad(Path file) throws IOException {
        if (LOADS.get() == 0) {
            LOADS.incrementAndGet();
            throw new IOException("the file system hiccuped");
        }
        return readSeed(file);
    }

    @Test
    void loadThatFailsFailsItsRunAndTheNextRunLoadsAgain() throws Exception {
        LOADS.set(0);
        Path seedFile = dir.resolve("flaky-seed.txt");
        Files.writeString(seedFile, "7\n");
        ExecutorData<Long> data = spark.shipFile(seedFile.toString(), SparkSweepExecutorTest::failsFirstLoad);
        List<RunOutcome> received = Collections.synchronizedList(new ArrayList<>());
        spark.execute(sweep.runs().subList(0, 6), run -> new LinearTasksTrainer(data.get(), 0).train(run),
                received::add);
        List<RunOutcome> failed = received.stream().filter(o -> !o.isOk()).collect(Collectors.toList());
        assertEquals(1, failed.size(), "only the run whose load failed: " + received);
        assertTrue(failed.get(0).message().startsWith("java.lang.IllegalStateException: could not load "
                + "flaky-seed.txt from "), failed.get(0).message());
        assertTrue(failed.get(0).message().endsWith("(caused by java.io.IOException: the file system hiccuped)"),
                failed.get(0).message());
        assertEquals(2, LOADS.get(), "the failed load is not kept; the next run loads the file again");
        assertEquals(5, received.stream().filter(RunOutcome::isOk).count());
    }

    @Test
    void fileThatCannotBeShippedIsAnIllegalArgument() {
        Path missing = dir.resolve("missing.bin");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spark.shipFile(missing.toString(), file -> 1));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> spark.shipFile(" ", file -> 1));
        assertThrows(IllegalArgumentException.class, () -> spark.shipFile(missing.toString(), null));
    }

    /** A training function that holds something that cannot be serialized. */
    private static final class HoldsALock implements TrainingFunction {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings({"unused", "serial"})
        private final Object lock = new Object();

        @Override
        public RunResult train(RunSpec run) {
            throw new AssertionError("never trained");
        }
    }

    @Test
    void badInputIsAnIllegalArgumentBeforeAnyRunStarts() {
        List<RunOutcome> received = new ArrayList<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spark.execute(sweep.runs(), new HoldsALock(), received::add));
        assertTrue(e.getMessage().contains("the training function must be serializable")
                && e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertTrue(received.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> spark.execute(null, new LinearTasksTrainer(), o -> { }));
        assertThrows(IllegalArgumentException.class, () -> spark.execute(sweep.runs(), null, o -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> spark.execute(sweep.runs(), new LinearTasksTrainer(), null));
    }

    @Test
    void noRunsIsNothingToDo() throws Exception {
        List<RunOutcome> received = new ArrayList<>();
        spark.execute(List.of(), new LinearTasksTrainer(), received::add);
        assertTrue(received.isEmpty());
        assertEquals("SparkSweepExecutor(local[2])", spark.toString());
    }
}
