package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
        int rowsAtKill = SweepFixtures.killAfterRows(child, killed, ROWS_BEFORE_KILL, STARTUP_LIMIT_SECONDS, log);
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
