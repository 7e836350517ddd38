package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.io.ResultsCsv;

/**
 * A sweep killed for real (a child JVM, {@code destroyForcibly()}, i.e. SIGKILL) and run again gives the results
 * of one uninterrupted run: the same rows with the same numbers, the timing column excepted.
 */
class SweepKillTest {
    /** How long the child may take to write its first rows (JVM and ND4J start-up); not a timing assertion. */
    private static final long STARTUP_LIMIT_SECONDS = 180;
    private static final int ROWS_BEFORE_KILL = 3;

    @TempDir
    Path dir;

    @Test
    void killedSweepResumesToTheFileOfAnUninterruptedRun() throws Exception {
        Sweep sweep = SweepFixtures.sweep();
        Path killed = dir.resolve("killed.csv");
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                SweepChild.class.getName(), killed.toString(), "2", "150")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int rowsAtKill;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_LIMIT_SECONDS);
            while (SweepFixtures.completeRows(killed) < ROWS_BEFORE_KILL) {
                if (!child.isAlive()) {
                    fail("the child sweep ended before it was killed (exit " + child.exitValue() + "):\n"
                            + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("the child sweep wrote no rows in " + STARTUP_LIMIT_SECONDS + " s:\n" + Files.readString(log));
                }
                Thread.sleep(10);
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not die");
        } finally {
            child.destroyForcibly();
        }
        rowsAtKill = SweepFixtures.completeRows(killed);
        assertTrue(rowsAtKill >= ROWS_BEFORE_KILL && rowsAtKill < sweep.size(),
                "killed mid-sweep: " + rowsAtKill + " of " + sweep.size() + " rows");

        SweepSummary resumed = new SweepRunner(sweep, killed).withExecutor(LocalExecutor.parallel(2))
                .run(new LinearTasksTrainer());
        assertEquals(rowsAtKill, resumed.progress().skipped(), "every complete row of the killed run is kept");
        assertEquals(sweep.size() - rowsAtKill, resumed.progress().succeeded());
        assertTrue(resumed.isComplete());

        Path uninterrupted = dir.resolve("uninterrupted.csv");
        new SweepRunner(sweep, uninterrupted).withExecutor(LocalExecutor.sequential()).run(new LinearTasksTrainer());
        assertEquals(SweepFixtures.rowsWithoutTiming(uninterrupted), SweepFixtures.rowsWithoutTiming(killed));
        assertEquals(sweep.size(), ResultsCsv.read(killed, Sense.MINIMIZE.times(2)).size());
    }
}
