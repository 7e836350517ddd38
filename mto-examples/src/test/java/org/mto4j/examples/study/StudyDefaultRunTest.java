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
        String text = reportSaysWhatTheSectionQuotes(RUN, "## What the default run found", out, List.of(
                "| ls (reference) | 54 | 0 | 0 (front: 3 runs) | 0.008217 (mean over the front) | | front | 310.3 | 1.00x |",
                "- Agrees with the paper: no method's selected run lands beyond the tuned scalarization front",
                "| ls | 57.4 % |", "| rlw | 42.6 % |",
                "the winner changes 2 times along the weightings",
                "for 5 of 10 methods the choice of a sparse learning-rate grid moves the best test score more",
                "(1.77x to 2.23x)"));
        double[] totals = stepTotals(RUN);
        assertTrue(text.contains(String.format(Locale.ROOT, "the training steps of all 108 runs used %d CPU-seconds",
                Math.round(totals[1]))), text);
        assertTrue(text.contains(String.format(Locale.ROOT, "(%,d steps in all)", (long) totals[0])), text);
    }

    @Test
    void theReportOfTheCommittedFullRunSaysWhatStudyMdQuotes(@TempDir Path out) throws Exception {
        String text = reportSaysWhatTheSectionQuotes(RUN.resolve("full"), "## What the full run found", out, List.of(
                "840 finished runs of 10 methods (0 failed)",
                "| ls (reference) | 570 | 0 | 0 (front: 5 runs) | 0.01699 (mean over the front) | | front | 391.7 | 1.00x |",
                "- Agrees with the paper: no method's selected run lands beyond the tuned scalarization front",
                "| rlw | 57.4 % |", "| nash-mtl | 21.8 % |", "| ls | 20.8 % |",
                "the winner changes 3 times along the weightings",
                "for 10 of 10 methods the choice of a sparse learning-rate grid moves the best test score more",
                "| rlw | 10 | 5 | 0.03128 | 0.001 | 0.02565 | 1.219 |",
                "| upgrad | 10 | 5 | 0.06384 | 0.001 | 0.002420 | 26.37 |",
                "(1.87x to 2.57x)"));
        double[] totals = stepTotals(RUN.resolve("full"));
        assertTrue(text.contains(String.format(Locale.ROOT, "(%,d steps in all, %,d per run on average)",
                (long) totals[0], Math.round(totals[0] / 840))), text);
        assertTrue(text.contains(String.format(Locale.ROOT, "the training steps used %,d CPU-seconds",
                Math.round(totals[1]))), text);
    }

    /**
     * Writes the report of a committed run again, checks that it holds the given lines and that study.md's section
     * quotes its verdict and step-time tables; returns the section with its white space collapsed.
     */
    private static String reportSaysWhatTheSectionQuotes(Path run, String heading, Path out, List<String> lines)
            throws Exception {
        Result r = StudyCommandTest.run("--report-only", "--results", run.resolve(StudyCommand.RESULTS).toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String report = Files.readString(out.resolve(StudyReport.REPORT));
        for (String line : lines) {
            assertTrue(report.contains(line), line + "\nnot in\n" + report);
        }
        String section = section(Files.readString(Path.of("..", "docs", "study.md")), heading);
        assertEquals(9, assertVerdictTableQuotes(section, report));
        assertStepTableQuotes(section, report, 10);
        return section.replaceAll("\\s+", " ");
    }

    /** Total steps and training CPU seconds of a committed run's step-times.csv. */
    static double[] stepTotals(Path run) throws java.io.IOException {
        double[] totals = new double[2];
        List<Csv.Line> times = Csv.parse(run.resolve("step-times.csv"));
        for (Csv.Line line : times.subList(1, times.size())) {
            totals[0] += Long.parseLong(line.fields()[1]);
            totals[1] += Double.parseDouble(line.fields()[2]);
        }
        return totals;
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
