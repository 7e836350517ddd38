package org.mto4j.examples.study.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mto4j.examples.study.report.StudyAnalysis.MethodSummary;
import org.mto4j.examples.study.report.StudyAnalysis.PaperCheck;
import org.mto4j.examples.study.report.StudyAnalysis.Position;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.eval.ResultsTable;
import org.mto4j.pareto.eval.TuningSensitivity;
import org.mto4j.pareto.io.ResultsCsv;

class StudyReportTest {
    private static final double TOL = 1e-12;

    @TempDir
    static Path shared;
    /** The standard synthetic study with traces, reported once for the tests that only read it. */
    private static StudyReport.Outcome standard;

    @BeforeAll
    static void report() throws IOException {
        System.setProperty("java.awt.headless", "true");
        standard = standardReport(shared, true);
    }

    private static StudyReport.Outcome standardReport(Path dir, boolean traces) throws IOException {
        Path results = SyntheticStudy.standard().write(dir);
        if (traces) {
            SyntheticStudy.writeTrace(dir.resolve("traces/mgda.csv"), "mgda");
            SyntheticStudy.writeTrace(dir.resolve("traces/upgrad.csv"), "upgrad");
        }
        return StudyReport.write(new StudyReport.Inputs(results, null, dir.resolve("traces"), null, "ls",
                "Synthetic study", "A synthetic results folder."), dir.resolve("report"));
    }

    private static Map<String, MethodSummary> byMethod(StudyAnalysis analysis) {
        return analysis.summaries().stream().collect(Collectors.toMap(MethodSummary::method, Function.identity()));
    }

    @Test
    void placesEachMethodOnBehindOrBeyondTheFrontWithItsSeedSpread() throws IOException {
        StudyAnalysis analysis = standard.analysis();
        assertEquals(9, analysis.testFront().frontRuns().length);
        assertEquals(0.01, analysis.frontSpread(), TOL);
        Map<String, MethodSummary> s = byMethod(analysis);
        assertEquals(List.of("mgda", "pcgrad", "upgrad"), analysis.summaries().stream().map(MethodSummary::method).toList());

        MethodSummary on = s.get("mgda");
        assertEquals(0.0, on.distance(), 0.0);
        assertEquals(Position.ON, on.position());
        assertEquals(0.004, on.seedSpread(), TOL);
        assertEquals(0.01, on.band(), TOL);
        assertEquals(2, on.runs());

        MethodSummary behind = s.get("pcgrad");
        assertEquals(0.05, behind.distance(), TOL);
        assertEquals(Position.BEHIND, behind.position());
        assertEquals(0.01, behind.seedSpread(), TOL);
        assertEquals(1, behind.failedRuns());
        assertEquals(2, behind.dominatedRuns());

        MethodSummary beyond = s.get("upgrad");
        assertEquals(-0.03, beyond.distance(), TOL);
        assertEquals(Position.BEYOND, beyond.position());
        assertEquals(0.005, beyond.seedSpread(), TOL);
        assertEquals(0, beyond.dominatedRuns());
    }

    @Test
    void stepTimesGiveTheOverheadOverScalarization() throws IOException {
        StudyAnalysis analysis = standard.analysis();
        assertEquals(100.0, analysis.scalarizationStepsPerSecond().getAsDouble(), TOL);
        Map<String, MethodSummary> s = byMethod(analysis);
        assertEquals(50.0, s.get("mgda").stepsPerSecond().getAsDouble(), TOL);
        assertEquals(2.0, s.get("mgda").overhead().getAsDouble(), TOL);
        assertEquals(4.0, s.get("pcgrad").overhead().getAsDouble(), TOL); // the failed row's 3 s are not counted
        assertEquals(1.25, s.get("upgrad").overhead().getAsDouble(), TOL);
        assertEquals(false, s.get("mgda").oneBackward().get());
    }

    @Test
    void verdictsAreOneSentenceWithDistanceSpreadAndCost() throws IOException {
        Map<String, MethodSummary> s = byMethod(standard.analysis());
        assertEquals("mgda's best run lands on the tuned scalarization front (distance 0, within the seed spread "
                + "±0.01000) at 2.00x the step time of scalarization: no gain over tuned scalarization.",
                s.get("mgda").verdict());
        assertEquals("pcgrad's best run lands behind the tuned scalarization front by 0.05000 (seed spread 0.01000) "
                + "at 4.00x the step time of scalarization: tuned scalarization is better on this problem.",
                s.get("pcgrad").verdict());
        assertEquals("upgrad's best run lands beyond the tuned scalarization front by 0.03000, more than the seed "
                + "spread 0.01000 at 1.25x the step time of scalarization: it beats tuned scalarization on this "
                + "problem.", s.get("upgrad").verdict());
    }

    @Test
    void statesPlainlyWhereTheResultDiffersFromThePaper() throws IOException {
        StudyReport.Outcome outcome = standard;
        Map<String, PaperCheck> checks = outcome.analysis().paperChecks().stream()
                .collect(Collectors.toMap(PaperCheck::topic, Function.identity()));
        assertTrue(checks.get("front").differs());
        assertEquals("upgrad lands beyond the tuned scalarization front by 0.03000 (seed spread 0.01000), while the "
                + "paper found no method beyond it.", checks.get("front").text());
        assertFalse(checks.get("cost").differs(), checks.get("cost").text());
        assertTrue(checks.get("cost").text().contains("(1.25x to 4.00x)"), checks.get("cost").text());
        assertFalse(checks.get("tuning").differs(), checks.get("tuning").text());
        assertFalse(checks.get("ranking").differs(), checks.get("ranking").text());
        String report = Files.readString(outcome.report());
        assertTrue(report.contains("- **Differs from the paper:** upgrad lands beyond"), report);
        assertTrue(report.contains("- Agrees with the paper: every method that needs per-task gradients"), report);
        assertTrue(outcome.terminalSummary().contains("DIFFERS FROM THE PAPER: upgrad lands beyond"),
                outcome.terminalSummary());
    }

    @Test
    void tuningCompareSparseGridsWithSeeds() throws IOException {
        TuningSensitivity ls = standard.analysis().tuning().get("ls");
        // weighting (0.5, 0.5); mean score over seeds: lr 0.003 -> S + 0.01, lr 0.001 and 0.01 -> S + 0.11
        assertEquals(2, ls.gridKs().length); // k = 1: {0.001, 0.01}; k = 3: {0.003}
        assertEquals(0.1, ls.gridSpread(), 1e-9);
        assertEquals(0.02, ls.seedSpread(), 1e-9);
        assertEquals(0.003, ls.bestRate(), 0.0);
    }

    @Test
    void reportHasEverySectionAndEveryPicture() throws IOException {
        StudyReport.Outcome outcome = standard;
        String report = Files.readString(outcome.report());
        for (String section : List.of("# Synthetic study", "A synthetic results folder.", "## Verdict",
                "## Compared with the paper", "## Trade-off on the test split (the paper's Figures 2 and 5)",
                "## Trade-off on the training split", "## Task weights over training (the paper's Figure 3)",
                "## Ranking under other evaluation weightings (the paper's Figure 6, right)",
                "## Learning-rate grids against seeds (the paper's Figure 6, left, and Figure 11)",
                "## Step time (the paper's Table 2)", "## Failed runs", "## How to read the numbers")) {
            assertTrue(report.contains(section), "missing " + section);
        }
        assertFalse(report.contains("Not drawn"), report);
        assertTrue(report.contains("| pcgrad | 2 | 1 | 0.05000 | 0.01000 | ±0.01000 | **behind** | 25.0 | 4.00x |"),
                report);
        assertTrue(report.contains("| mgda | 2 | 0 | 0 | 0.004000 | ±0.01000 | **on** | 50.0 | 2.00x |"), report);
        assertTrue(report.contains("| ls | 3 | 2 | 0.1000 | 0.003 | 0.02000 | 5.000 |"), report);
        assertTrue(report.contains("| mgda | 1 | 1 | 0 | 0.003 | 0.008000 | n/a (one grid) |"), report);
        assertTrue(report.contains("Measured in this study (results.csv)"), report);
        assertTrue(report.contains("| pcgrad | ls-lr0.01-wd0-s1 |".replace("ls-", "pcgrad-")), report);
        assertTrue(report.contains("diverged: loss is NaN at step 300"), report);
        Path figures = shared.resolve("report/figures");
        for (String png : List.of(StudyReport.TRADEOFF_TEST, StudyReport.TRADEOFF_TRAIN, StudyReport.WEIGHT_TRACES,
                StudyReport.RANKING, StudyReport.TUNING)) {
            assertTrue(report.contains("](figures/" + png + ")"), "no link to " + png);
            BufferedImage image = ImageIO.read(figures.resolve(png).toFile());
            assertNotNull(image, png + " is not a readable image");
            assertTrue(image.getWidth() >= StudyFigures.WIDTH / 2 && image.getHeight() >= StudyFigures.HEIGHT / 2,
                    png + " is " + image.getWidth() + " x " + image.getHeight());
        }
        assertEquals(5, outcome.figures().size());
        BufferedImage traces = ImageIO.read(figures.resolve(StudyReport.WEIGHT_TRACES).toFile());
        assertEquals(StudyFigures.WIDTH, traces.getWidth()); // two panels side by side
    }

    @Test
    void finishedRunsAreWrittenForTheParetoCli() {
        ResultsTable finished = ResultsCsv.read(shared.resolve("report").resolve(StudyReport.FINISHED),
                Sense.MINIMIZE.times(2));
        assertEquals(9 * 3 * 2 + 6, finished.size()); // every row but the failed one
        assertEquals(List.of("ls", "mgda", "pcgrad", "upgrad"), finished.methods());
    }

    @Test
    void terminalSummaryListsEveryMethod() throws IOException {
        String summary = standard.terminalSummary();
        assertTrue(summary.contains("ls              54      0           0     0.01000             front        100.0"
                + "     1.00x"), summary);
        assertTrue(summary.contains("pcgrad           2      1     0.05000     0.01000    ±0.01000 behind        25.0"
                + "     4.00x"), summary);
        assertTrue(summary.contains("upgrad           2      0    -0.03000    0.005000    ±0.01000 beyond        80.0"
                + "     1.25x"), summary);
        assertTrue(summary.contains("report: "), summary);
    }

    @Test
    void missingDataLeavesFiguresOutAndSaysWhy(@TempDir Path dir) throws IOException {
        SyntheticStudy three = new SyntheticStudy(List.of("a", "b", "c"));
        double[][] ws = {{0.2, 0.3, 0.5}, {0.5, 0.3, 0.2}, {1.0 / 3, 1.0 / 3, 1.0 / 3}};
        for (int i = 0; i < ws.length; i++) {
            three.run("ls", ws[i], 0.01, 1, new double[] {0.3 + 0.1 * i, 0.5 - 0.1 * i, 0.4}, 1);
        }
        three.run("mgda", null, 0.01, 1, new double[] {0.35, 0.45, 0.4}, 2);
        Path results = three.write(dir);
        StudyReport.Outcome outcome = StudyReport.write(new StudyReport.Inputs(results, null, null, null, "ls", null,
                null), dir.resolve("out"));
        String report = Files.readString(outcome.report());
        assertTrue(report.contains("_Not drawn: trade-off plots draw two tasks; this study has 3._"), report);
        assertTrue(report.contains("_Not drawn: no weight traces (no traces folder given)._"), report);
        assertEquals(2, outcome.figures().size()); // ranking and tuning
        assertTrue(outcome.analysis().paperChecks().stream().anyMatch(c -> c.topic().equals("tuning")
                && c.agreement() == StudyAnalysis.Agreement.NOT_ASSESSED && c.text().contains("too sparse")));
        assertTrue(report.contains("- Not assessed: the learning-rate grid is too sparse"), report);
    }

    @Test
    void resultsWithoutTheScalarizationMethodAreAClearError(@TempDir Path dir) {
        SyntheticStudy s = new SyntheticStudy(List.of("left", "right"));
        s.run("mgda", null, 0.01, 1, new double[] {0.3, 0.3}, 1);
        Path results = s.write(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyReport.write(
                new StudyReport.Inputs(results, null, null, null, "ls", null, null), dir.resolve("out")));
        assertTrue(e.getMessage().contains("no finished runs of the scalarization method 'ls'")
                && e.getMessage().contains("[mgda]"), e.getMessage());
    }
}
