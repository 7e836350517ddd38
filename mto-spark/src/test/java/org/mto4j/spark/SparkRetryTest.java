package org.mto4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
 * Spark's own retries, on {@code local[2,3]} (3 attempts per task), with Kryo as {@code spark.serializer} (what many
 * clusters configure; runs and outcomes must cross as Java serialization all the same).
 */
class SparkRetryTest {
    private static final int ATTEMPTS = 3;
    private static SparkSweepExecutor spark;
    /** Attempts per run id (tasks run in this JVM in local mode). */
    private static final Map<String, AtomicInteger> ATTEMPTED = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    private final Sweep sweep = SweepFixtures.sweep();

    @BeforeAll
    static void startSpark() {
        spark = SparkSweepExecutor.create(SparkFixtures.conf("local[2," + ATTEMPTS + "]")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer"));
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    @BeforeEach
    void forgetAttempts() {
        ATTEMPTED.clear();
    }

    private static int attempt(RunSpec run) {
        return ATTEMPTED.computeIfAbsent(run.id(), id -> new AtomicInteger()).incrementAndGet();
    }

    private static boolean isSpecial(RunSpec run) {
        return run.method().equals("pcgrad") && run.learningRate() == 0.05 && run.seed() == 1;
    }

    private static final TrainingFunction ALWAYS_THROWS = run -> {
        attempt(run);
        if (isSpecial(run)) {
            throw new ArithmeticException("diverged at step 7");
        }
        return new LinearTasksTrainer().train(run);
    };

    private static final TrainingFunction FAILS_FIRST_ATTEMPT = run -> {
        attempt(run);
        if (isSpecial(run) && TaskContext.get().attemptNumber() == 0) {
            throw new IllegalStateException("a flaky worker");
        }
        return new LinearTasksTrainer().train(run);
    };

    private static final TrainingFunction RETURNS_NAN = run -> {
        attempt(run);
        RunResult r = new LinearTasksTrainer().train(run);
        if (isSpecial(run)) {
            double[] train = r.train();
            train[0] = Double.NaN;
            return RunResult.of(train, r.validation(), r.test(), r.steps());
        }
        return r;
    };

    private RunSpec special() {
        return sweep.runs().stream().filter(SparkRetryTest::isSpecial).findFirst().orElseThrow();
    }

    @Test
    void runThatAlwaysThrowsIsTriedAsOftenAsSparkSaysThenRecordedWithItsMessage() throws Exception {
        Path onSpark = dir.resolve("spark.csv");
        Path local = dir.resolve("local.csv");
        SweepSummary summary = new SweepRunner(sweep, onSpark).withExecutor(spark).run(ALWAYS_THROWS);

        assertEquals(ATTEMPTS, ATTEMPTED.get(special().id()).get(), "attempts of the throwing run");
        assertEquals(sweep.size() - 1, summary.progress().succeeded(), "the other runs finish");
        assertEquals(1, summary.failures().size());
        RunOutcome failed = summary.failures().get(0);
        assertEquals(special(), failed.run());
        assertEquals("java.lang.ArithmeticException: diverged at step 7", failed.message());
        for (RunSpec run : sweep.runs()) {
            if (!isSpecial(run)) {
                assertEquals(1, ATTEMPTED.get(run.id()).get(), "a run that finished is trained once: " + run);
            }
        }
        new SweepRunner(sweep, local).withExecutor(LocalExecutor.sequential()).run(ALWAYS_THROWS);
        assertEquals(SweepFixtures.rowsWithoutTiming(local), SweepFixtures.rowsWithoutTiming(onSpark));
    }

    @Test
    void runThatFailsOnceFinishesOnItsRetryWithTheNumbersOfAnUninterruptedRun() throws Exception {
        Path onSpark = dir.resolve("spark.csv");
        Path local = dir.resolve("local.csv");
        SweepSummary summary = new SweepRunner(sweep, onSpark).withExecutor(spark).run(FAILS_FIRST_ATTEMPT);

        assertEquals(2, ATTEMPTED.get(special().id()).get());
        assertTrue(summary.isComplete());
        assertEquals(sweep.size(), summary.progress().succeeded());
        new SweepRunner(sweep, local).withExecutor(LocalExecutor.sequential()).run(new LinearTasksTrainer());
        assertEquals(SweepFixtures.rowsWithoutTiming(local), SweepFixtures.rowsWithoutTiming(onSpark));
    }

    @Test
    void divergedRunIsRecordedAsFailedWithoutRetries() throws Exception {
        Path onSpark = dir.resolve("spark.csv");
        SweepSummary summary = new SweepRunner(sweep, onSpark).withExecutor(spark).run(RETURNS_NAN);

        assertEquals(1, ATTEMPTED.get(special().id()).get(), "a NaN metric is deterministic: no retry");
        assertEquals(1, summary.failures().size());
        assertEquals("the train metric of task 'left' is NaN (diverged?)", summary.failures().get(0).message());
        assertEquals(sweep.size() - 1, summary.progress().succeeded());
    }
}
