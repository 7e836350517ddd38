package org.mto4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.training.sweep.LinearTasksTrainer;
import org.mto4j.training.sweep.SweepFixtures;
import org.mto4j.training.sweep.RunOutcome;
import org.mto4j.training.sweep.SweepExecutor;
import org.mto4j.training.sweep.SweepListener;
import org.mto4j.training.sweep.SweepProgress;
import org.mto4j.training.sweep.SweepRunner;

/** Creating, sharing and closing executors; masters Spark does not accept. Each test starts its own context. */
class SparkSweepExecutorLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void blankMasterIsAnIllegalArgumentNamingIt() {
        for (String master : new String[] {null, "", "  "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SparkSweepExecutor.forMaster(master));
            assertTrue(e.getMessage().startsWith("master must be a Spark master URL such as local[*]"),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SparkSweepExecutor.create(null));
        assertThrows(IllegalArgumentException.class, () -> SparkSweepExecutor.on(null));
    }

    @Test
    void masterSparkDoesNotAcceptIsAnIllegalArgumentNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkSweepExecutor.create(SparkFixtures.conf("no-such-master")));
        assertTrue(e.getMessage().startsWith("master 'no-such-master' is not a master URL Spark accepts"),
                e.getMessage());
    }

    @Test
    void closedExecutorRefusesWorkAndStopsTheContextItStarted() throws Exception {
        SparkSweepExecutor spark = SparkSweepExecutor.create(SparkFixtures.conf("local[1]"));
        Path file = Files.writeString(dir.resolve("one.txt"), "1");
        ExecutorData<Integer> data = spark.shipFile(file.toString(), f -> Integer.valueOf(Files.readString(f)));
        assertEquals("1", spark.context().getConf().get(SparkSweepExecutor.OMP_ENV),
                "executors start with OMP_NUM_THREADS=1");
        assertEquals("127.0.0.1", spark.context().getConf().get("spark.driver.bindAddress"));
        assertEquals("mto4j test", spark.context().appName());
        spark.close();
        spark.close(); // idempotent
        assertTrue(spark.context().sc().isStopped());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> spark.execute(
                SweepFixtures.sweep().runs(), new LinearTasksTrainer(), outcome -> { }));
        assertEquals("SparkSweepExecutor(local[1]) is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> spark.shipFile("data.bin", f -> 1));
        IllegalStateException outside = assertThrows(IllegalStateException.class, data::get);
        assertEquals("ExecutorData.get() reads one.txt inside a run on Spark; no Spark application is running in "
                + "this JVM", outside.getMessage());
    }

    @Test
    void executorOnTheCallersContextLeavesItRunning() throws Exception {
        try (JavaSparkContext context = new JavaSparkContext(SparkFixtures.conf("local[1]"))) {
            SparkSweepExecutor spark = SparkSweepExecutor.on(context);
            List<RunOutcome> outcomes = new ArrayList<>();
            spark.execute(SweepFixtures.sweep().runs().subList(0, 2), new LinearTasksTrainer(), outcomes::add);
            assertEquals(2, outcomes.size());
            spark.close();
            assertFalse(context.sc().isStopped(), "the caller's context is the caller's to stop");

            IllegalStateException second = assertThrows(IllegalStateException.class,
                    () -> SparkSweepExecutor.forMaster("local[1]"));
            assertTrue(second.getMessage().startsWith("Spark could not start with master 'local[1]'"),
                    second.getMessage());
            context.stop();
            IllegalArgumentException stopped = assertThrows(IllegalArgumentException.class,
                    () -> SparkSweepExecutor.on(context));
            assertEquals("context must be a running Spark context, got a stopped one", stopped.getMessage());
        }
    }

    @Test
    void sparkStoppedMidSweepStopsTheSweepAndLeavesUnfinishedRunsWithoutARow() throws Exception {
        Path results = dir.resolve("results.csv");
        try (SparkSweepExecutor spark = SparkSweepExecutor.create(SparkFixtures.conf("local[1]"))) {
            SweepListener stopSparkAfterTheFirstRow = new SweepListener() {
                @Override
                public void runFinished(RunOutcome outcome, SweepProgress progress) {
                    spark.context().stop();
                }
            };
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new SweepRunner(SweepFixtures.sweep(), results).withExecutor(spark)
                            .withListener(stopSparkAfterTheFirstRow).run(new LinearTasksTrainer(7, 500)));
            assertTrue(e.getMessage().contains("stopped"), e.getMessage());
        }
        List<String> statuses = SparkFixtures.column(results, "status");
        assertTrue(!statuses.isEmpty() && statuses.size() < SweepFixtures.sweep().size()
                && statuses.stream().allMatch("ok"::equals),
                "the runs that finished have their rows; the runs Spark dropped have none: " + statuses);
    }

    @Test
    void forMasterIsTheFactoryToolsCallByReflection() throws Exception {
        Object executor = Class.forName("org.mto4j.spark.SparkSweepExecutor").getMethod("forMaster", String.class)
                .invoke(null, "local[1]");
        SweepExecutor sweepExecutor = (SweepExecutor) executor;
        try {
            List<RunOutcome> outcomes = new ArrayList<>();
            sweepExecutor.execute(SweepFixtures.sweep().runs().subList(0, 1), new LinearTasksTrainer(),
                    outcomes::add);
            assertTrue(outcomes.get(0).isOk());
            assertEquals(SparkSweepExecutor.DEFAULT_APP_NAME, ((SparkSweepExecutor) executor).context().appName());
        } finally {
            ((AutoCloseable) executor).close();
        }
    }
}
