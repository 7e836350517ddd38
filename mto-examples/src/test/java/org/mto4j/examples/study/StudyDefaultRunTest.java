package org.mto4j.examples.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.examples.study.StudyCommandTest.Result;
import org.mto4j.examples.study.report.StudyReport;
import org.mto4j.pareto.io.Csv;

/**
 * docs/study.md quotes the default run whose results it commits in docs/study/: the report written again from
 * those files says what the page says.
 */
class StudyDefaultRunTest {
    private static final Path RUN = Path.of("..", "docs", "study");

    @Test
    void theReportOfTheCommittedDefaultRunSaysWhatStudyMdQuotes(@TempDir Path out) throws Exception {
        Result r = StudyCommandTest.run("--report-only", "--results", RUN.resolve(StudyCommand.RESULTS).toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String report = Files.readString(out.resolve(StudyReport.REPORT));
        for (String row : List.of(
                "| ls (reference) | 54 | 0 | 0 (front: 6 runs) | 0.003180 (mean over the front) | | front | 374.3 | 1.00x |",
                "| mgda | 6 | 0 | -0.01011 | 0.007722 | ±0.007722 | **beyond** | 200.7 | 1.87x |",
                "| pcgrad | 6 | 0 | -0.003127 | 0.002383 | ±0.003180 | **on** | 184.3 | 2.03x |",
                "| imtl-g | 6 | 0 | -0.005512 | 0.007462 | ±0.007462 | **on** | 192.8 | 1.94x |",
                "| gradnorm | 6 | 0 | -0.004868 | 0.0007327 | ±0.003180 | **beyond** | 189.3 | 1.98x |",
                "| rlw | 6 | 0 | -0.01262 | 0.01156 | ±0.01156 | **beyond** | 358.3 | 1.04x |",
                "| cagrad | 6 | 0 | -0.01354 | 0.01694 | ±0.01694 | **on** | 177.0 | 2.11x |",
                "| nash-mtl | 6 | 0 | -0.005453 | 0.008241 | ±0.008241 | **on** | 154.9 | 2.42x |",
                "| upgrad | 6 | 0 | -0.007477 | 0.01012 | ±0.01012 | **on** | 184.9 | 2.02x |",
                "| rlw | 54.5 % |", "| cagrad | 29.7 % |", "| ls | 15.8 % |",
                "the winner changes 3 times along the weightings",
                "for only 4 of 9 methods does the choice of a sparse learning-rate grid move the best test score more",
                "(1.87x to 2.42x)")) {
            assertTrue(report.contains(row), row + "\nnot in\n" + report);
        }
        // study.md's step-time table: thread CPU ms per step = 1000 / the report's steps per second, same ratios
        Pattern reported = Pattern.compile("(?m)^\\| (\\S+) \\| (?:1 \\(weighted loss\\)|K \\(per-task gradients\\)) "
                + "\\| ([0-9.]+) \\| ([0-9.]+x) \\|$");
        Map<String, String> expected = new TreeMap<>();
        for (Matcher m = reported.matcher(report); m.find(); ) {
            expected.put(m.group(1), String.format(Locale.ROOT, "%.2f %s", 1000 / Double.parseDouble(m.group(2)),
                    m.group(3)));
        }
        Pattern quoted = Pattern.compile("(?m)^\\| (\\S+) \\| (?:1 \\(weighted loss\\)|K = 2) \\| ([0-9.]+) \\| ([0-9.]+x) \\|$");
        Map<String, String> doc = new TreeMap<>();
        for (Matcher m = quoted.matcher(Files.readString(Path.of("..", "docs", "study.md"))); m.find(); ) {
            doc.put(m.group(1), m.group(2) + " " + m.group(3));
        }
        assertEquals(9, expected.size(), report);
        assertEquals(expected, doc);
    }

    @Test
    void theRangeOfTheScalarizationRunsIsTheOneGuideMdQuotes() throws Exception {
        List<Csv.Line> lines = Csv.parse(RUN.resolve(StudyCommand.RESULTS));
        List<String> header = List.of(lines.get(0).fields());
        double[] min = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE};
        int runs = 0;
        for (Csv.Line line : lines.subList(1, lines.size())) {
            if (line.fields()[0].equals(StudyMethods.SCALARIZATION)) {
                runs++;
                for (int k = 0; k < 2; k++) {
                    double v = Double.parseDouble(line.fields()[header.indexOf(k == 0 ? "test:left" : "test:right")]);
                    min[k] = Math.min(min[k], v);
                    max[k] = Math.max(max[k], v);
                }
            }
        }
        String quoted = String.format(Locale.ROOT, "the %d scalarization runs reach test losses from %.2f to %.2f on "
                + "the left digit and from %.2f\nto %.2f on the right one", runs, min[0], max[0], min[1], max[1]);
        assertTrue(Files.readString(Path.of("..", "docs", "guide.md")).contains(quoted), quoted);
    }
}
