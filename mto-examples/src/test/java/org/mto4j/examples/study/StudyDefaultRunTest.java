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
                "| ls (reference) | 54 | 0 | 0 (front: 6 runs) | 0.003344 (mean over the front) | | front | 374.3 | 1.00x |",
                "| rlw | 54.5 % |", "| cagrad | 29.7 % |", "| ls | 15.8 % |",
                "the winner changes 3 times along the weightings",
                "for only 4 of 9 methods does the choice of a sparse learning-rate grid move the best test score more",
                "(1.87x to 2.42x)")) {
            assertTrue(report.contains(row), row + "\nnot in\n" + report);
        }
        String section = section(Files.readString(Path.of("..", "docs", "study.md")), "## What the default run found");
        assertEquals(8, assertVerdictTableQuotes(section, report));
        assertStepTableQuotes(section, report, 9);
    }

    /**
     * A page's step-time table ({@code | method | passes | ms per step | ratio |}) is the report's: thread CPU ms
     * per step = 1000 / the report's steps per second, the same ratios, one row per method.
     */
    static void assertStepTableQuotes(String page, String report, int methods) {
        Pattern reported = Pattern.compile("(?m)^\\| (\\S+) \\| (?:1 \\(weighted loss\\)|K \\(per-task gradients\\)) "
                + "\\| ([0-9.]+) \\| ([0-9.]+x) \\|$");
        Map<String, String> expected = new TreeMap<>();
        for (Matcher m = reported.matcher(report); m.find(); ) {
            expected.put(m.group(1), String.format(Locale.ROOT, "%.2f %s", 1000 / Double.parseDouble(m.group(2)),
                    m.group(3)));
        }
        Pattern quoted = Pattern.compile("(?m)^\\| (\\S+) \\| (?:1 \\(weighted loss\\)|K = 2) \\| ([0-9.]+) \\| ([0-9.]+x) \\|$");
        Map<String, String> doc = new TreeMap<>();
        for (Matcher m = quoted.matcher(page); m.find(); ) {
            doc.put(m.group(1), m.group(2) + " " + m.group(3));
        }
        assertEquals(methods, expected.size(), report);
        assertEquals(expected, doc);
    }

    /** The part of a Markdown page from a heading to the next heading of the same level. */
    static String section(String page, String heading) {
        int start = page.indexOf(heading + "\n");
        assertTrue(start >= 0, heading + " not found");
        int end = page.indexOf("\n## ", start + heading.length());
        return page.substring(start, end < 0 ? page.length() : end);
    }

    /**
     * Every row {@code | method | distance | ±band | position |} of a page's verdict table is in the report's
     * verdict table with the same numbers; returns the number of rows checked.
     */
    static int assertVerdictTableQuotes(String page, String report) {
        Pattern quoted = Pattern.compile("(?m)^\\| (\\S+) \\| (-?[0-9.]+) \\| (±[0-9.]+) \\| (behind|on|beyond) \\|$");
        int rows = 0;
        for (Matcher m = quoted.matcher(page); m.find(); rows++) {
            Pattern row = Pattern.compile("(?m)^\\| " + Pattern.quote(m.group(1)) + " \\| \\d+ \\| \\d+ \\| "
                    + Pattern.quote(m.group(2)) + " \\| [^|]+ \\| " + Pattern.quote(m.group(3)) + " \\| \\*\\*"
                    + m.group(4) + "\\*\\* \\|");
            assertTrue(row.matcher(report).find(), m.group() + "\nnot in\n" + report);
        }
        return rows;
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
