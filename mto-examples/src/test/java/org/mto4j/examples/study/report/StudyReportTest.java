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
    static void report() throws Exception {
        System.setProperty("java.awt.headless", "true");
        standard = standardReport(shared, true);
    }

    private static StudyReport.Outcome standardReport(Path dir, boolean traces) throws Exception {
        Path results = SyntheticStudy.standard(dir, traces);
        return StudyReport.write(new StudyReport.Inputs(results, dir.resolve("step-times.csv"), dir.resolve("traces"),
                null, null, "Synthetic study", "A synthetic results folder."), dir.resolve("report"));
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
        assertEquals(6, on.runs());
        assertEquals(5, on.dominatedRuns());

        MethodSummary behind = s.get("pcgrad");
        assertEquals(0.05, behind.distance(), TOL);
        assertEquals(Position.BEHIND, behind.position());
        assertEquals(0.01, behind.seedSpread(), TOL);
        assertEquals(5, behind.runs());
        assertEquals(1, behind.failedRuns());
        assertEquals(5, behind.dominatedRuns());

        MethodSummary beyond = s.get("upgrad");
        assertEquals(-0.03, beyond.distance(), TOL);
        assertEquals(Position.BEYOND, beyond.position());
        assertEquals(0.005, beyond.seedSpread(), TOL);
        assertEquals(4, beyond.dominatedRuns()); // its runs at the other learning rates
        assertEquals("ls", analysis.scalarization()); // detected: the method with task weights
    }

    /**
     * A method is judged by the run its validation loss selects, as each front weighting's run is, not by its
     * luckiest run on test: mgda's lr 0.003 run is beyond the front on test but worst on validation.
     */
    @Test
    void eachMethodIsJudgedByTheRunItsValidationLossSelects(@TempDir Path dir) throws Exception {
        org.mto4j.training.sweep.Sweep sweep = org.mto4j.training.sweep.Sweep.builder().tasks("left", "right")
                .scalarization("ls", new double[][] {{0.1, 0.9}, {0.5, 0.5}, {0.9, 0.1}}).method("mgda")
                .learningRates(0.001, 0.003).seeds(1).build();
        Path results = SyntheticStudy.run(dir, sweep, run -> {
            double[] f = SyntheticStudy.front(run.isScalarization() ? run.taskWeights()[0] : 0.5);
            if (run.isScalarization()) {
                return org.mto4j.training.sweep.RunResult.of(f, f, SyntheticStudy.plus(f,
                        run.learningRate() == 0.001 ? 0 : 0.1), 10);
            }
            boolean lucky = run.learningRate() == 0.003;
            return org.mto4j.training.sweep.RunResult.of(f, SyntheticStudy.plus(f, lucky ? 0.1 : 0),
                    SyntheticStudy.plus(f, lucky ? -0.04 : 0.02), 10);
        });
        StudyAnalysis analysis = StudyAnalysis.of(StudyResults.read(results, null), StepTimes.read(results), null);
        MethodSummary mgda = analysis.summaries().get(0);
        assertEquals(0.001, analysis.results().table().runs().get(mgda.selectedRun()).learningRate(), 0.0);
        assertEquals(0.02, mgda.distance(), TOL);
        assertEquals(Position.BEHIND, mgda.position());
        assertEquals(Map.of("mgda", mgda.selectedRun()), analysis.selectedRuns());
        assertEquals(-0.04, java.util.Arrays.stream(analysis.results().table().indicesOf("mgda"))
                .mapToDouble(analysis::distance).min().getAsDouble(), TOL);
    }

    /**
     * Distances are to the front line as the figure draws it: a run on the segment between two front runs is on the
     * front (the staircase of the front runs alone would call it beyond by half the gap). Front (0, 1), (1, 0);
     * the second metric maximised in one table (the same geometry mirrored).
     */
    @Test
    void distancesAreToTheDrawnFrontLine() {
        double[][] points = {{0, 1}, {1, 0}, {0.5, 0.5}, {0.25, 0.25}, {0.6, 0.6}, {-0.5, 2}, {2, -0.25}};
        double[] expected = {0, 0, 0, -0.25, 0.1, -0.5, -0.25};
        for (Sense second : new Sense[] {Sense.MINIMIZE, Sense.MAXIMIZE}) {
            List<org.mto4j.pareto.eval.Run> runs = new java.util.ArrayList<>();
            for (double[] p : points) {
                runs.add(new org.mto4j.pareto.eval.Run("m", 0.01, 0, new double[0], 1, new double[0],
                        new double[] {p[0], second == Sense.MINIMIZE ? p[1] : -p[1]}));
            }
            ResultsTable table = new ResultsTable(List.of("a", "b"), new Sense[] {Sense.MINIMIZE, second}, runs);
            double[] d = StudyAnalysis.lineDistances(table, new int[] {1, 0});
            for (int i = 0; i < points.length; i++) {
                assertEquals(expected[i], d[i], TOL, second + ", point " + i);
            }
        }
    }

    /**
     * Regression: methods were judged by their smallest test distance against a front chosen on validation, so
     * scalarization's own runs, relabelled as a method, could land beyond its front. Seeded random studies: a
     * method whose runs are exactly scalarization's runs at (0.5, 0.5) is never beyond.
     */
    @Test
    void scalarizationsOwnRunsJudgedAsAMethodNeverLandBeyondItsFront(@TempDir Path dir) throws Exception {
        double[][] ws = {{0.1, 0.9}, {0.3, 0.7}, {0.5, 0.5}, {0.7, 0.3}, {0.9, 0.1}};
        org.mto4j.training.sweep.Sweep sweep = org.mto4j.training.sweep.Sweep.builder().tasks("left", "right")
                .scalarization("ls", ws).method("mgda").learningRates(0.001, 0.01).seeds(1, 2).build();
        int everBeyondOnTest = 0;
        for (int study = 0; study < 30; study++) {
            long studySeed = study;
            Path results = SyntheticStudy.run(Files.createDirectories(dir.resolve("s" + study)), sweep, run -> {
                double a = run.isScalarization() ? run.taskWeights()[0] : 0.5;
                java.util.Random r = new java.util.Random(java.util.Objects.hash(studySeed, a, run.learningRate(),
                        run.seed()));
                double[] f = SyntheticStudy.front(a);
                double[] validation = {f[0] + 0.1 * r.nextDouble(), f[1] + 0.1 * r.nextDouble()};
                double[] test = {f[0] + 0.1 * r.nextDouble(), f[1] + 0.1 * r.nextDouble()};
                return org.mto4j.training.sweep.RunResult.of(validation, validation, test, 10);
            });
            StudyAnalysis analysis = StudyAnalysis.of(StudyResults.read(results, null), StepTimes.read(results),
                    "ls");
            MethodSummary copy = analysis.summaries().get(0);
            assertTrue(copy.distance() >= 0, "study " + study + ": " + copy);
            assertTrue(copy.position() != Position.BEYOND, "study " + study + ": " + copy);
            everBeyondOnTest += java.util.Arrays.stream(analysis.results().table().indicesOf("mgda"))
                    .anyMatch(i -> analysis.distance(i) < 0) ? 1 : 0;
        }
        assertTrue(everBeyondOnTest > 0, "the old rule (smallest test distance) would have failed somewhere");
    }

    @Test
    void stepTimesGiveTheOverheadOverScalarization() throws IOException {
        StudyAnalysis analysis = standard.analysis();
        assertEquals(100.0, analysis.scalarizationStepsPerSecond().getAsDouble(), TOL);
        Map<String, MethodSummary> s = byMethod(analysis);
        assertEquals(50.0, s.get("mgda").stepsPerSecond().getAsDouble(), TOL);
        assertEquals(2.0, s.get("mgda").overhead().getAsDouble(), TOL);
        assertEquals(4.0, s.get("pcgrad").overhead().getAsDouble(), TOL);
        assertEquals(1.25, s.get("upgrad").overhead().getAsDouble(), TOL);
        assertEquals(false, s.get("mgda").oneBackward().get());
    }

    @Test
    void verdictsAreOneSentenceWithDistanceSpreadAndCost() throws IOException {
        Map<String, MethodSummary> s = byMethod(standard.analysis());
        assertEquals("mgda's selected run lands on the tuned scalarization front (distance 0, within the seed spread "
                + "±0.01000) at 2.00x the step time of scalarization: no gain over tuned scalarization.",
                s.get("mgda").verdict());
        assertEquals("pcgrad's selected run lands behind the tuned scalarization front by 0.05000 (seed spread 0.01000) "
                + "at 4.00x the step time of scalarization: tuned scalarization is better on this problem.",
                s.get("pcgrad").verdict());
        assertEquals("upgrad's selected run lands beyond the tuned scalarization front by 0.03000, more than the seed "
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
        assertTrue(checks.get("tuning").text().startsWith("for 4 of 4 methods"), checks.get("tuning").text());
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
        assertTrue(report.contains("| pcgrad | 5 | 1 | 0.05000 | 0.01000 | ±0.01000 | **behind** | 25.0 | 4.00x |"),
                report);
        assertTrue(report.contains("| mgda | 6 | 0 | 0 | 0.004000 | ±0.01000 | **on** | 50.0 | 2.00x |"), report);
        assertTrue(report.contains("| ls | 3 | 2 | 0.1000 | 0.003 | 0.02000 | 5.000 |"), report);
        assertTrue(report.contains("| mgda | 3 | 2 | 0.1000 | 0.003 | 0.008000 | 12.50 |"), report);
        assertTrue(report.contains("Measured in this study (step-times.csv)"), report);
        assertTrue(report.contains("best weighted sum on the validation split"), report);
        assertTrue(report.contains("| pcgrad | ") && report.contains(" | failed | "), report);
        assertTrue(report.contains(SyntheticStudy.FAILURE), report);
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
    void resultsAreTheSweepsFileWithFailedRowsSetApart() {
        StudyResults results = standard.analysis().results();
        ResultsTable table = ResultsCsv.read(shared.resolve("results.csv"), Sense.MINIMIZE.times(2));
        assertEquals(54 + 6 + 5 + 6, table.size()); // every row but the failed one
        assertEquals(table.runs(), results.table().runs());
        assertEquals(List.of("ls", "mgda", "pcgrad", "upgrad"), table.methods());
        assertTrue(results.hasValidation());
        assertEquals(1, results.failed().size());
        assertEquals("pcgrad", results.failed().get(0).method());
        assertEquals("failed", results.failed().get(0).status());
        assertEquals(1000.0, results.steps(0), 0.0);
    }

    @Test
    void aRetriedFailureIsNotAFailedRun(@TempDir Path dir) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        org.mto4j.training.sweep.TrainingFunction flaky = run -> {
            if (run.method().equals("pcgrad") && !failedOnce.getAndSet(true)) {
                throw new IllegalStateException("transient");
            }
            double[] test = SyntheticStudy.test(run);
            return org.mto4j.training.sweep.RunResult.of(test, test, test, 10);
        };
        org.mto4j.training.sweep.Sweep sweep = org.mto4j.training.sweep.Sweep.builder().tasks("left", "right")
                .scalarization("ls", new double[][] {{0.5, 0.5}}).method("pcgrad").learningRates(0.003).seeds(1)
                .build();
        SyntheticStudy.run(dir, sweep, flaky);
        Path results = SyntheticStudy.run(dir, sweep, flaky); // the rerun retries the failed run
        StudyResults read = StudyResults.read(results, null);
        assertEquals(2, read.table().size());
        assertEquals(List.of(), read.failed());
        assertEquals(1, read.retriedAttempts());
    }

    /** Regression: XChart's own grid needs rows x cols charts and failed for an odd number of methods. */
    @Test
    void weightTracesOfAnOddNumberOfMethodsFillTheGrid(@TempDir Path dir) throws IOException {
        Map<String, WeightTrace> traces = new java.util.LinkedHashMap<>();
        for (String method : List.of("mgda", "upgrad", "cagrad")) {
            SyntheticStudy.writeTrace(dir.resolve(method + ".csv"), method);
            traces.put(method, WeightTrace.read(dir.resolve(method + ".csv")));
        }
        Path png = dir.resolve("traces.png");
        StudyFigures.weightTraces(png, traces, List.of("left", "right"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(StudyFigures.WIDTH, image.getWidth());
        assertEquals(2 * (StudyFigures.HEIGHT / 2), image.getHeight());
    }

    @Test
    void terminalSummaryListsEveryMethod() throws IOException {
        String summary = standard.terminalSummary();
        assertTrue(summary.contains("ls              54      0           0     0.01000             front        100.0"
                + "     1.00x"), summary);
        assertTrue(summary.contains("pcgrad           5      1     0.05000     0.01000    ±0.01000 behind        25.0"
                + "     4.00x"), summary);
        assertTrue(summary.contains("upgrad           6      0    -0.03000    0.005000    ±0.01000 beyond        80.0"
                + "     1.25x"), summary);
        assertTrue(summary.contains("report: "), summary);
    }

    @Test
    void missingDataLeavesFiguresOutAndSaysWhy(@TempDir Path dir) throws Exception {
        org.mto4j.training.sweep.Sweep sweep = org.mto4j.training.sweep.Sweep.builder().tasks("a", "b", "c")
                .scalarization("ls", new double[][] {{0.2, 0.3, 0.5}, {0.5, 0.3, 0.2}, {1.0 / 3, 1.0 / 3, 1.0 / 3}})
                .method("mgda").learningRates(0.01).seeds(1).build();
        Path results = SyntheticStudy.run(dir, sweep, run -> {
            double[] w = run.isScalarization() ? run.taskWeights() : new double[] {0.3, 0.3, 0.4};
            double[] test = {0.6 - w[0], 0.6 - w[1], 0.6 - w[2]};
            return org.mto4j.training.sweep.RunResult.of(test, test, test, 10);
        });
        StudyReport.Outcome outcome = StudyReport.write(new StudyReport.Inputs(results, null, null, null, null, null,
                null), dir.resolve("out"));
        String report = Files.readString(outcome.report());
        assertTrue(report.contains("_Not drawn: trade-off plots draw two tasks; this study has 3._"), report);
        assertTrue(report.contains("_Not drawn: no weight traces (no traces folder given)._"), report);
        assertTrue(report.contains("_Not drawn: no step times recorded"), report);
        assertEquals(2, outcome.figures().size()); // ranking and tuning
        assertTrue(outcome.analysis().paperChecks().stream().anyMatch(c -> c.topic().equals("tuning")
                && c.agreement() == StudyAnalysis.Agreement.NOT_ASSESSED && c.text().contains("too sparse")));
        assertTrue(report.contains("- Not assessed: the learning-rate grid is too sparse"), report);
    }

    @Test
    void resultsWithoutTheScalarizationMethodAreAClearError(@TempDir Path dir) throws Exception {
        org.mto4j.training.sweep.Sweep sweep = org.mto4j.training.sweep.Sweep.builder().tasks("left", "right")
                .method("mgda").learningRates(0.01).seeds(1).build();
        Path results = SyntheticStudy.run(dir, sweep,
                run -> org.mto4j.training.sweep.RunResult.of(new double[] {0.3, 0.3}, new double[] {0.3, 0.3},
                        new double[] {0.3, 0.3}, 10));
        IllegalArgumentException named = assertThrows(IllegalArgumentException.class, () -> StudyReport.write(
                new StudyReport.Inputs(results, null, null, null, "ls", null, null), dir.resolve("out")));
        assertTrue(named.getMessage().contains("no finished runs of the scalarization method 'ls'")
                && named.getMessage().contains("[mgda]"), named.getMessage());
        IllegalArgumentException detected = assertThrows(IllegalArgumentException.class, () -> StudyReport.write(
                new StudyReport.Inputs(results, null, null, null, null, null, null), dir.resolve("out")));
        assertTrue(detected.getMessage().contains("no method of the results [mgda] has task weights in every run; "
                + "name the scalarization method (--scalarization)"), detected.getMessage());
    }
}
