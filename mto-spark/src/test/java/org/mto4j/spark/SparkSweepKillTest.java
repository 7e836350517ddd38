package org.mto4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.training.sweep.LinearTasksTrainer;
import org.mto4j.training.sweep.SweepFixtures;
import org.mto4j.training.sweep.LocalExecutor;
import org.mto4j.training.sweep.Sweep;
import org.mto4j.training.sweep.SweepRunner;
import org.mto4j.training.sweep.SweepSummary;

/**
 * A Spark driver killed for real mid-sweep (a child JVM started with exactly the JVM options of docs/scale-out.md,
 * ended by {@code destroyForcibly()}, i.e. SIGKILL) and a rerun on Spark: every row the driver wrote is kept, only
 * the missing runs are trained, and the file ends up with the rows of one uninterrupted local sweep.
 */
class SparkSweepKillTest {
    /** How long the child may take to write its first rows (JVM, Spark and ND4J start-up); not a timing assertion. */
    private static final long STARTUP_LIMIT_SECONDS = 300;
    private static final int ROWS_BEFORE_KILL = 4;

    @TempDir
    Path dir;

    @Test
    void killedDriverLosesNoFinishedRunAndARerunFinishesTheSweep() throws Exception {
        Sweep sweep = SweepFixtures.sweep();
        Path killed = dir.resolve("killed.csv");
        Path log = dir.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g"));
        command.addAll(SparkJvmOptions.documented());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkSweepChild.class.getName(),
                killed.toString(), "local[2]", "300"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        int rowsAtKill = SweepFixtures.killAfterRows(builder.start(), killed, ROWS_BEFORE_KILL, STARTUP_LIMIT_SECONDS,
                log);
        assertTrue(rowsAtKill >= ROWS_BEFORE_KILL && rowsAtKill < sweep.size(),
                "killed mid-sweep: " + rowsAtKill + " of " + sweep.size() + " rows");

        SweepSummary resumed;
        try (SparkSweepExecutor spark = SparkSweepExecutor.create(SparkFixtures.conf("local[2]"))) {
            resumed = new SweepRunner(sweep, killed).withExecutor(spark).run(new LinearTasksTrainer());
        }
        assertEquals(rowsAtKill, resumed.progress().skipped(), "every row the killed driver wrote is kept");
        assertEquals(sweep.size() - rowsAtKill, resumed.progress().succeeded(), "only the missing runs are trained");
        assertTrue(resumed.isComplete());

        Path uninterrupted = dir.resolve("uninterrupted.csv");
        new SweepRunner(sweep, uninterrupted).withExecutor(LocalExecutor.sequential()).run(new LinearTasksTrainer());
        assertEquals(SweepFixtures.rowsWithoutTiming(uninterrupted), SweepFixtures.rowsWithoutTiming(killed));
    }
}
