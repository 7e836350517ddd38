package org.mto4j.examples.study;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.mto4j.examples.study.data.StudyData;
import org.mto4j.examples.study.data.StudyDatasets;
import org.mto4j.examples.study.report.StudyReport;
import org.mto4j.pareto.Sense;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The study command: trains every method of the plan on a two-task data set and writes the report folder.
 * <pre>
 *   &lt;out&gt;/results.csv        one row per run (RunResult#csvRow: mto-pareto's results format plus run_id, status,
 *                            val:&lt;task&gt;, steps, best_step, seconds, message); a rerun skips finished run ids
 *   &lt;out&gt;/step-times.csv     method, steps, seconds of pure training steps (optional)
 *   &lt;out&gt;/traces/&lt;m&gt;.csv    the weight trace of method m's traced run (RunSpec#traced)
 *   &lt;out&gt;/context.md         the data, the plan and the command, for the report
 *   &lt;out&gt;/report.md, figures/, finished-runs.csv     StudyReport
 * </pre>
 * Training plugs in through {@link RunTrainer}, found with {@link ServiceLoader}: this build has no trainer yet (it
 * comes with mto-training), so without {@code --plan} or {@code --report-only} the command says so and exits
 * with {@link #EXIT_NO_TRAINER}. {@code --plan} loads the data and prints the runs and the time estimate;
 * {@code --report-only} writes the report from an existing results file.
 *
 * <p>Exit codes: 0 success; 2 bad input (unknown method or data set, missing Fashion-MNIST, unreadable results),
 * with the message on stderr and no stack trace; 3 no trainer in this build; 1 anything else.
 *
 * @since 0.1.0
 */
@Command(name = "mto4j-study", mixinStandardHelpOptions = true, version = "mto4j-study 0.1.0", sortOptions = false,
        description = {"Reproduces the study of Xin et al., \"Do Current Multi-Task Optimization Methods in Deep "
                + "Learning Even Help?\" (NeurIPS 2022) on a two-task data set: tuned scalarization against the "
                + "MTO methods, with plots and a report."})
public final class StudyCommand implements Callable<Integer> {
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_NO_TRAINER = 3;
    public static final String RESULTS = "results.csv";
    public static final String STEP_TIMES = "step-times.csv";
    public static final String TRACES = "traces";
    public static final String CONTEXT = "context.md";
    /** Cores the time estimate of {@code --plan} assumes. */
    static final int ESTIMATE_CORES = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", defaultValue = "multi-digits", paramLabel = "NAME",
            description = "multi-digits (embedded), multi-digits-low (right digit labeled on 10 %% of its training "
                    + "images) or multi-fashion (needs dataset-fashion-mnist); default ${DEFAULT-VALUE}")
    String data;

    @Option(names = "--out", defaultValue = "study-out", paramLabel = "DIR",
            description = "the study folder: results, traces and report (default ${DEFAULT-VALUE})")
    Path outDir;

    @Option(names = "--full", description = "the larger grid: 19 weightings, 10 learning rates, 3 seeds, "
            + "up to 4,000 steps")
    boolean full;

    @Option(names = "--methods", split = ",", paramLabel = "METHOD",
            description = "methods to run: ls (scalarization) and registered combiners; default "
                    + "ls,mgda,pcgrad,imtl-g,rlw,cagrad,nash-mtl,upgrad")
    List<String> methods;

    @Option(names = "--seeds", paramLabel = "N", description = "number of seeds (default 2, --full 3)")
    Integer seeds;

    @Option(names = "--steps", paramLabel = "N", description = "step budget of every run (default 1200, --full 4000)")
    Integer steps;

    @Option(names = "--learning-rates", split = ",", paramLabel = "LR",
            description = "Adam learning rates (default 0.001,0.003,0.01)")
    double[] learningRates;

    @Option(names = "--labeled-fraction", paramLabel = "F",
            description = "multi-digits-low: fraction of the right digit's training images that keep their label "
                    + "(default 0.1)")
    Double labeledFraction;

    @Option(names = "--fashion-dir", paramLabel = "DIR", description = "where Fashion-MNIST's idx files are "
            + "(default /usr/share/datasets/fashion-mnist)")
    Path fashionDir;

    @Option(names = "--plan", description = "load the data, print the runs and the time estimate, train nothing")
    boolean plan;

    @Option(names = "--report-only", description = "write the report from an existing results file, train nothing")
    boolean reportOnly;

    @Option(names = "--results", paramLabel = "FILE",
            description = "with --report-only: the results CSV (default <out>/results.csv); its folder's traces/ "
                    + "and step-times.csv are used when present")
    Path results;

    @Option(names = "--senses", paramLabel = "min|max,...",
            description = "with --report-only: min or max per task metric (default: min, the study's losses)")
    String senses;

    @Option(names = "--scalarization", defaultValue = "ls", paramLabel = "NAME",
            description = "with --report-only: the method name of the scalarization runs (default ${DEFAULT-VALUE})")
    String scalarization;

    /** Runs the command; returns the exit code instead of exiting (for tests and embedding). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new StudyCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + e.getMessage());
            line.getErr().flush();
            return e instanceof IllegalArgumentException ? EXIT_BAD_INPUT : 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (plan && reportOnly) {
            throw new IllegalArgumentException("give --plan or --report-only, not both");
        }
        if (reportOnly) {
            return report(out);
        }
        if (results != null || senses != null || !scalarization.equals(StudyMethods.SCALARIZATION)) {
            throw new IllegalArgumentException("--results, --senses and --scalarization go with --report-only");
        }
        StudyData studyData = StudyDatasets.load(data, fashionDir, labeledFraction);
        StudyPlan studyPlan = plan(studyData.tasks().size());
        out.println(studyData.description());
        out.println(studyData.train());
        out.println(studyData.validation());
        out.println(studyData.test());
        out.print(studyPlan.describe());
        out.printf(Locale.ROOT, "estimated time if every run uses its whole step budget: %.0f s on %d cores "
                + "(%.1f ms per step with one backward pass, %.1f ms with per-task gradients, measured by "
                + "MlpStepTiming)%n", studyPlan.estimatedSeconds(StudyPlan.ONE_BACKWARD_MS, StudyPlan.PER_TASK_MS,
                ESTIMATE_CORES), ESTIMATE_CORES, StudyPlan.ONE_BACKWARD_MS, StudyPlan.PER_TASK_MS);
        if (plan) {
            return 0;
        }
        Optional<RunTrainer> trainer = trainer();
        if (trainer.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: this build cannot train yet: training arrives with mto-training (issue 8). Use --plan "
                    + "to see the runs, or --report-only [--results FILE] to write the report of existing results.");
            err.flush();
            return EXIT_NO_TRAINER;
        }
        // Phase B: run studyPlan.runs() through mto-training's resumable sweep with trainer.get(), writing
        // RESULTS, STEP_TIMES, TRACES and CONTEXT into `out`, then write the report as report(out) does.
        throw new IllegalStateException("a RunTrainer was found, but the study's sweep is not wired in this build");
    }

    /** The plan of the options: default or full, with the overrides. */
    StudyPlan plan(int numTasks) {
        StudyPlan p = full ? StudyPlan.full(numTasks) : StudyPlan.defaults(numTasks);
        if (methods != null) {
            p = p.withMethods(methods);
        }
        if (seeds != null) {
            p = p.withSeeds(StudyPlan.seeds(seeds));
        }
        if (learningRates != null) {
            p = p.withLearningRates(learningRates);
        }
        if (steps != null) {
            if (steps < 1) {
                throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
            }
            p = p.withModel(p.model().withMaxSteps(steps));
        }
        return p;
    }

    private int report(PrintWriter out) {
        Path file = results != null ? results : outDir.resolve(RESULTS);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no results file " + file + ": run the study first, or pass "
                    + "--results FILE");
        }
        Path folder = file.toAbsolutePath().getParent();
        Path contextFile = folder.resolve(CONTEXT);
        String context;
        try {
            context = Files.isRegularFile(contextFile) ? Files.readString(contextFile) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading " + contextFile, e);
        }
        context = context + (context.isBlank() ? "" : "\n\n") + "Report written by `mto4j-study --report-only` from `"
                + file.getFileName() + "`.";
        StudyReport.Outcome outcome = StudyReport.write(new StudyReport.Inputs(file, folder.resolve(STEP_TIMES),
                folder.resolve(TRACES), senses == null ? null : senses(senses), scalarization,
                "mto4j study report", context), outDir);
        out.print(outcome.terminalSummary());
        return 0;
    }

    static Sense[] senses(String text) {
        String[] parts = text.split(",");
        Sense[] s = new Sense[parts.length];
        for (int j = 0; j < parts.length; j++) {
            switch (parts[j].trim().toLowerCase(Locale.ROOT)) {
                case "min", "minimize" -> s[j] = Sense.MINIMIZE;
                case "max", "maximize" -> s[j] = Sense.MAXIMIZE;
                default -> throw new IllegalArgumentException("--senses: '" + parts[j] + "' is neither min nor max");
            }
        }
        return s;
    }

    /** The trainer registered through {@code META-INF/services/org.mto4j.examples.study.RunTrainer}, if any. */
    static Optional<RunTrainer> trainer() {
        return ServiceLoader.load(RunTrainer.class).findFirst();
    }
}
