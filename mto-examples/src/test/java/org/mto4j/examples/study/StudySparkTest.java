package org.mto4j.examples.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.examples.study.StudyCommandTest.Result;
import org.mto4j.examples.study.report.StudyReport;

/**
 * {@code --spark MASTER}: the study's sweep through mto-spark's {@code SparkSweepExecutor} on {@code local[2]} (in
 * this JVM, which surefire starts with Spark's JVM options) gives the rows of the local runner.
 */
class StudySparkTest {

    @Test
    void smokeStudyOnSparkLocalGivesTheRowsOfTheLocalRunner(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("local");
        Result l = StudyCommandTest.run("--smoke", "--out", local.toString());
        assertEquals(0, l.code(), l.err());
        Path spark = dir.resolve("spark");
        Result s = StudyCommandTest.run("--smoke", "--spark", "local[2]", "--out", spark.toString());
        assertEquals(0, s.code(), s.out() + s.err());
        assertTrue(s.out().contains("4 of 4 runs done (4 trained now, 0 failed)"), s.out());
        assertEquals(StudyEndToEndTest.rowsById(local.resolve(StudyCommand.RESULTS)),
                StudyEndToEndTest.rowsById(spark.resolve(StudyCommand.RESULTS)));
        assertTrue(Files.isRegularFile(spark.resolve(StudyReport.REPORT)));
        assertTrue(Files.isRegularFile(spark.resolve(StudyCommand.TRACES).resolve("mgda.csv")),
                "the executors (this machine) write the traces into the study folder");
    }

    @Test
    void aMasterSparkDoesNotAcceptIsABadInputNamingTheOption(@TempDir Path dir) {
        Result r = StudyCommandTest.run("--smoke", "--spark", "nonsense://x", "--out", dir.toString());
        assertEquals(StudyCommand.EXIT_BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: --spark nonsense://x: "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(dir.resolve(StudyCommand.RESULTS).resolveSibling("step-times.csv")));
    }

    @Test
    void theChildJvmGetsTheSparkOptionsThatScaleOutMdDocuments() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "scale-out.md"));
        int start = lines.indexOf("<!-- jvm-options: tested by SparkJvmOptionsTest and SparkSweepKillTest -->");
        assertTrue(start >= 0, "the marker of scale-out.md's JVM options");
        List<String> documented = new ArrayList<>();
        for (String line : lines.subList(start + 2, lines.size())) {
            if (line.startsWith("```")) {
                break;
            }
            documented.add(line.strip());
        }
        assertEquals(documented, SingleThreadedJvm.sparkJvmOptions());
    }
}
