package org.mto4j.examples.study.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.mto4j.examples.study.StudyPlan;
import org.mto4j.examples.study.report.StudyAnalysis.MethodSummary;
import org.mto4j.examples.study.report.StudyAnalysis.PaperCheck;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.eval.ResultsTable;
import org.mto4j.pareto.eval.Run;
import org.mto4j.pareto.eval.Split;
import org.mto4j.pareto.eval.TuningSensitivity;
import org.mto4j.pareto.io.Csv;

/**
 * Writes a study's report folder from its results: {@code report.md} with the figures inline and the PNGs under
 * {@code figures/}, and returns the summary for the terminal.
 * <pre>
 *   report.md                 verdict table and sentences; comparison with the paper; one section per figure;
 *                             step-time table; failed runs; how to read the numbers
 *   figures/tradeoff-test.png     Fig. 2, 5     figures/tradeoff-train.png   Fig. 2, 5 (training losses)
 *   figures/weight-traces.png     Fig. 3        figures/ranking.png          Fig. 6 right
 *   figures/tuning.png            Fig. 6 left, Fig. 11
 * </pre>
 * A figure whose data is missing (no weight traces, no training metrics, more than two tasks for the trade-off
 * plots) is left out and the report says why in its place.
 *
 * <p>Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class StudyReport {
    public static final String REPORT = "report.md";
    public static final String FIGURES = "figures";
    public static final String TRADEOFF_TEST = "tradeoff-test.png";
    public static final String TRADEOFF_TRAIN = "tradeoff-train.png";
    public static final String WEIGHT_TRACES = "weight-traces.png";
    public static final String RANKING = "ranking.png";
    public static final String TUNING = "tuning.png";

    /**
     * What a report is made from.
     *
     * @param results       the results CSV (see {@link StudyResults})
     * @param stepTimes     a {@code method,steps,seconds} CSV, or null to use the results' own columns
     * @param traces        a folder of {@code <method>.csv} weight traces, or null
     * @param senses        one sense per task, or null for MINIMIZE (losses)
     * @param scalarization the method name of the scalarization runs, or null to detect it (the one method whose
     *                      runs all have task weights)
     * @param title         the report's title
     * @param context       a markdown paragraph on the data, grid and command (may be empty)
     */
    public record Inputs(Path results, Path stepTimes, Path traces, Sense[] senses, String scalarization,
            String title, String context) {
        public Inputs {
            if (results == null) {
                throw new IllegalArgumentException("results must not be null");
            }
            title = title == null ? "Multi-task optimization study" : title;
            context = context == null ? "" : context;
            senses = senses == null ? null : senses.clone();
        }
    }

    /** What a report produced: its analysis and the terminal summary. */
    public record Outcome(StudyAnalysis analysis, String terminalSummary, Path report, List<Path> figures) {
    }

    private StudyReport() {
    }

    /** Reads the inputs, writes the report folder {@code out} and returns the outcome. */
    public static Outcome write(Inputs in, Path out) {
        Path figures = out.resolve(FIGURES);
        try {
            Files.createDirectories(figures);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + figures, e);
        }
        StudyResults results = StudyResults.read(in.results(), in.senses());
        StepTimes times = in.stepTimes() != null && Files.isRegularFile(in.stepTimes())
                ? StepTimes.read(in.stepTimes()) : StepTimes.read(in.results());
        StudyAnalysis analysis = StudyAnalysis.of(results, times, in.scalarization());
        ResultsTable table = results.table();
        List<String> tasks = table.tasks();
        String selectedOn = results.hasValidation() ? "validation" : "training";
        List<Path> written = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(in.title()).append("\n\n");
        if (!in.context().isBlank()) {
            md.append(in.context().strip()).append("\n\n");
        }
        md.append(String.format(Locale.ROOT, "%d finished runs of %d methods (%d failed), tasks %s, metrics %s; "
                + "scalarization method `%s`.%n%n", table.size(), table.methods().size(), results.failed().size(),
                tasks, senseWords(table.senses()), analysis.scalarization()));
        verdicts(md, analysis);
        md.append("## Compared with the paper\n\n");
        for (PaperCheck check : analysis.paperChecks()) {
            md.append("- ").append(switch (check.agreement()) {
                case AGREES -> "Agrees with the paper: ";
                case DIFFERS -> "**Differs from the paper:** ";
                case NOT_ASSESSED -> "Not assessed: ";
            }).append(check.text()).append('\n');
        }
        md.append('\n');

        md.append("## Trade-off on the test split (the paper's Figures 2 and 5)\n\n");
        if (tasks.size() == 2) {
            Path f = figures.resolve(TRADEOFF_TEST);
            StudyFigures.tradeoff(f, table, Split.TEST, analysis.testFront(), analysis.selectedRuns(),
                    analysis.scalarization(), "Test: tuned scalarization front and each method's non-dominated runs");
            written.add(f);
            md.append(image("Test trade-off", TRADEOFF_TEST));
            md.append(String.format(Locale.ROOT, "The black line joins, for each of the %d task weightings of `%s`, "
                    + "its best run (best weighted sum on the %s split over learning rates, weight decays and "
                    + "seeds) that no other such run dominates on test: %d runs, %d of them supported (reachable "
                    + "by a weighted sum). Grey: every scalarization run. Coloured: each method's non-dominated runs; "
                    + "the label marks its selected run (best mean %s loss), drawn even where another of its runs "
                    + "dominates it.%n%n", analysis.testFront().weightings().length, analysis.scalarization(),
                    selectedOn, analysis.testFront().frontRuns().length, analysis.testFront().supportedRuns().length,
                    selectedOn));
        } else {
            md.append(notDrawn("trade-off plots draw two tasks; this study has " + tasks.size()));
        }

        md.append("## Trade-off on the training split\n\n");
        if (tasks.size() == 2 && analysis.trainFront().isPresent()) {
            Path f = figures.resolve(TRADEOFF_TRAIN);
            StudyFigures.tradeoff(f, table, Split.TRAIN, analysis.trainFront().get(),
                    analysis.selectedRuns(), analysis.scalarization(),
                    "Training: tuned scalarization front and each method's non-dominated runs");
            written.add(f);
            md.append(image("Training trade-off", TRADEOFF_TRAIN));
            md.append("The same on the training losses, each weighting's best run selected on them: what the "
                    + "optimizers reach on the objective they minimise.\n\n");
        } else {
            md.append(notDrawn(tasks.size() != 2 ? "trade-off plots draw two tasks"
                    : "not every run has training metrics (train:<task> columns)"));
        }

        md.append("## Task weights over training (the paper's Figure 3)\n\n");
        Map<String, WeightTrace> traces = traces(in.traces(), table.methods(), analysis.scalarization());
        if (!traces.isEmpty()) {
            Path f = figures.resolve(WEIGHT_TRACES);
            StudyFigures.weightTraces(f, traces, tasks);
            written.add(f);
            md.append(image("Task weights over training", WEIGHT_TRACES));
            md.append("The weights each method gave the tasks at every step of one run (its middle learning rate, "
                    + "first seed), averaged over at most " + StudyFigures.TRACE_POINTS + " bins of consecutive steps. "
                    + "Scalarization would be flat lines at its fixed weights.\n\n");
        } else {
            md.append(notDrawn("no weight traces (" + (in.traces() == null ? "no traces folder given"
                    : "no <method>.csv in " + in.traces()) + ")"));
        }

        md.append("## Ranking under other evaluation weightings (the paper's Figure 6, right)\n\n");
        Path rankingFile = figures.resolve(RANKING);
        StudyFigures.ranking(rankingFile, analysis, tasks);
        written.add(rankingFile);
        md.append(image("Rank of each method per evaluation weighting", RANKING));
        md.append(String.format(Locale.ROOT, "Each method is scored by its best run under each of %d weightings of "
                + "the normalised test metrics (ideal %s, nadir %s); rank 1 is the best utility.%n%n",
                analysis.rankingWeights().length, Arrays.toString(round(analysis.ideal())),
                Arrays.toString(round(analysis.nadir()))));
        md.append("| method | share of weightings won |\n|---|---:|\n");
        double[] shares = analysis.ranking().shares();
        for (int m = 0; m < shares.length; m++) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f %% |%n", analysis.ranking().methods().get(m),
                    100 * shares[m]));
        }
        md.append('\n');

        md.append("## Learning-rate grids against seeds (the paper's Figure 6, left, and Figure 11)\n\n");
        Path tuningFile = figures.resolve(TUNING);
        StudyFigures.tuning(tuningFile, analysis.tuning());
        written.add(tuningFile);
        md.append(image("Spread over sparse learning-rate grids and over seeds", TUNING));
        md.append("Score: the sum of the test metrics (lower is better; scalarization at its weighting nearest to "
                + "uniform). A sparse grid {k·10⁻³, k·10⁻², k·10⁻¹} keeps only the learning rates of that form that "
                + "were run; its best mean score over seeds is what a study with that grid would report.\n\n");
        md.append("| method | learning rates run | grids | grid spread | best learning rate | seed spread there "
                + "| ratio |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, TuningSensitivity> e : analysis.tuning().entrySet()) {
            TuningSensitivity t = e.getValue();
            long rates = table.runs().stream().filter(r -> r.method().equals(e.getKey()))
                    .mapToDouble(Run::learningRate).distinct().count();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s |%n", e.getKey(), rates,
                    t.gridKs().length, StudyAnalysis.num(t.gridSpread()), StudyPlan.plain(t.bestRate()),
                    StudyAnalysis.num(t.seedSpread()), t.gridKs().length < 2 ? "n/a (one grid)"
                            : t.seedScores().length < 2 ? "n/a (one seed)"
                            : Double.isInfinite(t.ratio()) ? "∞" : StudyAnalysis.num(t.ratio())));
        }
        md.append('\n');

        md.append("## Step time (the paper's Table 2)\n\n");
        stepTable(md, analysis, times);

        md.append("## Failed runs\n\n");
        if (results.retriedAttempts() > 0) {
            md.append(results.retriedAttempts() + " failed attempt(s) finished on a later try (not listed).\n\n");
        }
        if (results.failed().isEmpty()) {
            md.append("None.\n\n");
        } else {
            md.append("| method | run | status | message |\n|---|---|---|---|\n");
            for (StudyResults.FailedRun f : results.failed()) {
                md.append("| ").append(f.method()).append(" | ").append(f.runId()).append(" | ").append(f.status())
                        .append(" | ").append(f.message().replace("|", "\\|")).append(" |\n");
            }
            md.append('\n');
        }

        md.append("## How to read the numbers\n\n");
        md.append("- **selected run**: each method's run with the best mean " + selectedOn + " loss over its "
                + "learning rates and seeds, chosen the way the front's run of each weighting is chosen (with the "
                + "uniform weighting the method's early stopping uses). Picking each method's run on test instead "
                + "would favour it: scalarization's own runs would then land beyond its front.\n");
        md.append("- **distance**: additive-ε distance of a method's selected run r to the test front, max over "
                + (tasks.size() == 2 ? "the points f of the front line (as drawn: a scalarization with a weighting "
                        + "between two front runs reaches it on a convex front)" : "the front runs f")
                + " of min over tasks k of (r_k − f_k), in the metrics' units: > 0 behind the front (some point of it "
                + "is better in every task by at least that much), < 0 beyond it.\n");
        md.append("- **seed spread**: how much that distance varies over the seeds of the selected run's setting "
                + "(learning rate, weight decay, task weights). The **noise band** is the larger of it and the "
                + "front's own mean seed spread (" + StudyAnalysis.num(analysis.frontSpread()) + "): a method is "
                + "**on** the front when its distance is within ± the band, **behind** or **beyond** otherwise (the "
                + "verdicts call the band the seed spread). With one seed both spreads are 0 and only an exact tie "
                + "counts as on.\n");
        md.append("- **step time**: steps per second of training, from " + times.source()
                + "; the ratio is scalarization's steps per second divided by the method's.\n");
        md.append("- Paper: D. Xin, B. Ghorbani, A. Garg, O. Firat, J. Gilmer, \"Do Current Multi-Task "
                + "Optimization Methods in Deep Learning Even Help?\", NeurIPS 2022, arXiv:2209.11379.\n");
        Path report = out.resolve(REPORT);
        Csv.writeAtomically(report, w -> w.write(md.toString()));
        return new Outcome(analysis, terminal(analysis, out, report), report, List.copyOf(written));
    }

    private static void verdicts(StringBuilder md, StudyAnalysis analysis) {
        md.append("## Verdict\n\n");
        md.append("| method | runs | failed | distance of the selected run | seed spread of that setting | noise band "
                + "| position | steps/s | step time vs scalarization |\n|---|---:|---:|---:|---:|---:|---|---:|---:|\n");
        OptionalDouble lsSpeed = analysis.scalarizationStepsPerSecond();
        ResultsTable table = analysis.results().table();
        String ls = analysis.scalarization();
        long lsFailed = analysis.results().failed().stream().filter(f -> f.method().equals(ls)).count();
        md.append(String.format(Locale.ROOT, "| %s (reference) | %d | %d | 0 (front: %d runs) | %s (mean over the front) "
                + "| | front | %s | %s |%n", ls, table.indicesOf(ls).length, lsFailed,
                analysis.testFront().frontRuns().length, StudyAnalysis.num(analysis.frontSpread()), speed(lsSpeed),
                lsSpeed.isPresent() ? "1.00x" : "n/a"));
        for (MethodSummary s : analysis.summaries()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | ±%s | **%s** | %s | %s |%n", s.method(),
                    s.runs(), s.failedRuns(), StudyAnalysis.num(s.distance()), StudyAnalysis.num(s.seedSpread()),
                    StudyAnalysis.num(s.band()), s.position().word(), speed(s.stepsPerSecond()), ratio(s.overhead())));
        }
        md.append('\n');
        for (MethodSummary s : analysis.summaries()) {
            md.append("- ").append(s.verdict()).append('\n');
        }
        md.append('\n');
    }

    private static void stepTable(StringBuilder md, StudyAnalysis analysis, StepTimes times) {
        OptionalDouble lsSpeed = analysis.scalarizationStepsPerSecond();
        if (lsSpeed.isEmpty() && analysis.summaries().stream().allMatch(s -> s.stepsPerSecond().isEmpty())) {
            md.append(notDrawn("no step times recorded (no steps and seconds columns, no step-times.csv)"));
            return;
        }
        md.append("Measured in this study (" + times.source() + "), on this machine.\n\n");
        md.append("| method | backward passes per step | steps/s | step time vs scalarization |\n|---|---|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| %s | 1 (weighted loss) | %s | %s |%n", analysis.scalarization(),
                speed(lsSpeed), lsSpeed.isPresent() ? "1.00x" : "n/a"));
        for (MethodSummary s : analysis.summaries()) {
            String passes = s.oneBackward().map(one -> one ? "1 (weighted loss)" : "K (per-task gradients)")
                    .orElse("unknown");
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", s.method(), passes,
                    speed(s.stepsPerSecond()), ratio(s.overhead())));
        }
        md.append('\n');
    }

    /** The terminal summary: one line per method and the comparison with the paper. */
    static String terminal(StudyAnalysis analysis, Path out, Path report) {
        StringBuilder b = new StringBuilder();
        String row = "%-12s %5s %6s %11s %11s %11s %-8s %9s %9s%n";
        b.append(String.format(Locale.ROOT, row, "method", "runs", "failed", "distance", "seed spread", "noise band",
                "position", "steps/s", "vs " + analysis.scalarization()));
        String ls = analysis.scalarization();
        long lsFailed = analysis.results().failed().stream().filter(f -> f.method().equals(ls)).count();
        b.append(String.format(Locale.ROOT, row, ls, analysis.results().table().indicesOf(ls).length, lsFailed, "0",
                StudyAnalysis.num(analysis.frontSpread()), "", "front", speed(analysis.scalarizationStepsPerSecond()),
                analysis.scalarizationStepsPerSecond().isPresent() ? "1.00x" : "n/a"));
        for (MethodSummary s : analysis.summaries()) {
            b.append(String.format(Locale.ROOT, row, s.method(), s.runs(), s.failedRuns(),
                    StudyAnalysis.num(s.distance()), StudyAnalysis.num(s.seedSpread()), "±" + StudyAnalysis.num(s.band()),
                    s.position().word(), speed(s.stepsPerSecond()), ratio(s.overhead())));
        }
        b.append("distance > 0: behind the tuned scalarization front; < 0: beyond it (test metrics' units)\n");
        for (PaperCheck check : analysis.paperChecks()) {
            b.append(check.agreement().words()).append(": ").append(check.text()).append('\n');
        }
        b.append("report: ").append(report).append(" (figures in ").append(out.resolve(FIGURES)).append(")\n");
        return b.toString();
    }

    private static Map<String, WeightTrace> traces(Path dir, List<String> methods, String scalarization) {
        Map<String, WeightTrace> traces = new LinkedHashMap<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return traces;
        }
        List<String> names = new ArrayList<>(methods);
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().filter(n -> !names.contains(n))
                    .forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
        for (String method : names) {
            Path file = dir.resolve(method + ".csv");
            if (!method.equals(scalarization) && Files.isRegularFile(file)) {
                WeightTrace trace = WeightTrace.read(file);
                if (trace.size() > 0) {
                    traces.put(method, trace);
                }
            }
        }
        return traces;
    }

    private static String image(String alt, String name) {
        return "![" + alt + "](" + FIGURES + "/" + name + ")\n\n";
    }

    private static String notDrawn(String why) {
        return "_Not drawn: " + why + "._\n\n";
    }

    private static String speed(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.1f", v.getAsDouble()) : "n/a";
    }

    private static String ratio(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.2fx", v.getAsDouble()) : "n/a";
    }

    private static String senseWords(Sense[] senses) {
        return Arrays.stream(senses).map(s -> s == Sense.MINIMIZE ? "lower is better" : "higher is better")
                .distinct().reduce((a, b) -> a + " / " + b).orElse("");
    }

    private static double[] round(double[] v) {
        return Arrays.stream(v).map(x -> Double.parseDouble(StudyAnalysis.num(x))).toArray();
    }
}
