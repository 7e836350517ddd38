package org.mto4j.examples.study;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mto4j.examples.study.data.StudyData;
import org.mto4j.examples.study.data.StudyDatasets;
import org.mto4j.examples.study.report.StudyReport;
import org.mto4j.examples.study.training.Dl4jStudyTraining;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.io.Csv;
import org.mto4j.spark.SparkSweepExecutor;
import org.mto4j.training.sweep.ProgressBarListener;
import org.mto4j.training.sweep.RunSpec;
import org.mto4j.training.sweep.Sweep;
import org.mto4j.training.sweep.SweepRunner;
import org.mto4j.training.sweep.SweepSummary;
import org.mto4j.training.sweep.TrainingFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The study command: trains every method of the plan on a two-task data set and writes the report folder.
 * <pre>
 *   &lt;out&gt;/results.csv        mto-training's sweep results (mto-pareto's format plus validation:&lt;task&gt;, status,
 *                            steps, seconds, run_id, message); a rerun skips the runs that have an ok row
 *   &lt;out&gt;/step-times.csv     method, steps, CPU seconds of the training steps, run_id (written by the training)
 *   &lt;out&gt;/traces/&lt;m&gt;.csv    the weight trace of method m's traced run (StudyPlan#traced)
 *   &lt;out&gt;/context.md         the data, the plan and the command, for the report
 *   &lt;out&gt;/report.md, figures/                           StudyReport
 * </pre>
 * The command runs the plan's {@link org.mto4j.training.sweep.Sweep} with the {@link StudyTraining}'s function
 * ({@link Dl4jStudyTraining}: mto-training's DL4J adapter) through the resumable {@link SweepRunner} (one run per
 * core, a progress bar on a terminal) and writes the report. {@code --plan} loads the data and prints the runs and
 * the time estimate; {@code --report-only} writes the report from an existing results file. {@code --smoke} is the
 * smallest study that still draws every figure ({@link StudyPlan#smoke}), for CI.
 *
 * <p>Exit codes: 0 success; 2 bad input (unknown method or data set, missing Fashion-MNIST, unreadable results, a
 * {@code --spark} master Spark does not accept, an output folder holding another plan's results), with the message
 * on stderr and no stack trace; 1 anything else.
 *
 * @since 0.1.0
 */
@Command(name = "mto4j-study", mixinStandardHelpOptions = true, version = "mto4j-study 0.1.0", sortOptions = false,
        description = {"Reproduces the study of Xin et al., \"Do Current Multi-Task Optimization Methods in Deep "
                + "Learning Even Help?\" (NeurIPS 2022) on a two-task data set: tuned scalarization against the "
                + "MTO methods, with plots and a report."})
public final class StudyCommand implements Callable<Integer> {
    public static final int EXIT_BAD_INPUT = 2;
    public static final String RESULTS = "results.csv";
    public static final String STEP_TIMES = "step-times.csv";
    public static final String TRACES = "traces";
    public static final String CONTEXT = "context.md";
    private static final String RUN_ID = "run_id";
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

    @Option(names = "--smoke", description = "the smallest study (2 weightings, mgda and rlw, 1 learning rate, 1 "
            + "seed, 60 steps): every part and figure in seconds, for CI")
    boolean smoke;

    @Option(names = "--methods", split = ",", paramLabel = "METHOD",
            description = "methods to run: ls (scalarization) and registered combiners; default "
                    + "ls,mgda,pcgrad,imtl-g,gradnorm,rlw,cagrad,nash-mtl,upgrad")
    List<String> methods;

    @Option(names = "--seeds", paramLabel = "N", description = "number of seeds (default 2, --full 3)")
    Integer seeds;

    @Option(names = "--steps", paramLabel = "N", description = "step budget of every run (default 800, --full 4000)")
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

    @Option(names = "--scalarization", paramLabel = "NAME",
            description = "with --report-only: the method name of the scalarization runs (default: the method whose "
                    + "runs have task weights)")
    String scalarization;

    @Option(names = "--spark", paramLabel = "MASTER", description = "run the sweep on Apache Spark (mto-spark): "
            + "local[*], local[N] or a cluster's master URL; the JVM needs Spark's --add-opens options (the "
            + "command's own child JVM has them)")
    String spark;

    private final StudyTraining training;

    StudyCommand(StudyTraining training) {
        this.training = training;
    }

    /**
     * Runs the command in this JVM with the study's training ({@link Dl4jStudyTraining}); returns the exit code
     * instead of exiting (for tests and embedding).
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(out, err, new Dl4jStudyTraining(), args);
    }

    /** Runs the command with the given training (tests). */
    static int execute(PrintWriter out, PrintWriter err, StudyTraining training, String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new StudyCommand(training));
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

    /**
     * The command line: runs the command in a new single-threaded JVM unless this one is ({@link SingleThreadedJvm}:
     * ND4J's thread pool follows {@code OMP_NUM_THREADS} at start-up only), and exits with its code.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (!SingleThreadedJvm.isSingleThreaded()) {
            System.exit(SingleThreadedJvm.run(StudyCommand.class, args));
        }
        SingleThreadedJvm.exitWithParent();
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
        if (results != null || senses != null || scalarization != null) {
            throw new IllegalArgumentException("--results, --senses and --scalarization go with --report-only");
        }
        StudyData studyData = StudyDatasets.load(data, fashionDir, labeledFraction);
        StudyPlan studyPlan = plan(studyData);
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
        return train(out, studyData, studyPlan, training);
    }

    /** Runs the plan's sweep (resuming what an earlier run of the same plan left), then writes the report. */
    private int train(PrintWriter out, StudyData studyData, StudyPlan studyPlan, StudyTraining trainer) {
        Path resultsFile = outDir.resolve(RESULTS);
        Sweep sweep = studyPlan.sweep();
        requireSamePlan(resultsFile, sweep);
        try {
            Files.createDirectories(outDir.resolve(TRACES));
            Files.writeString(outDir.resolve(CONTEXT), context(studyData, studyPlan));
        } catch (IOException e) {
            throw new UncheckedIOException("writing into " + outDir, e);
        }
        SweepSummary summary;
        SweepRunner runner = new SweepRunner(sweep, resultsFile).withListener(new ProgressBarListener());
        TrainingFunction function = trainer.trainingFunction(studyData, studyPlan, outDir.toAbsolutePath());
        try {
            if (spark == null) {
                summary = runner.run(function);
            } else {
                try (SparkSweepExecutor executor = sparkExecutor()) {
                    summary = runner.withExecutor(executor).run(function);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the study was interrupted; rerun the same command to resume", e);
        }
        out.printf(Locale.ROOT, "%d of %d runs done (%d trained now, %d failed); results in %s%n",
                summary.progress().done(), sweep.size(), summary.progress().succeeded(), summary.progress().failed(),
                resultsFile);
        return report(out, resultsFile);
    }

    /** The executor of {@code --spark}; a master Spark does not accept is a bad input naming the option. */
    private SparkSweepExecutor sparkExecutor() {
        try {
            return SparkSweepExecutor.forMaster(spark);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--spark " + spark + ": " + e.getMessage(), e);
        }
    }

    /** An output folder whose results hold runs of another plan would mix them into the report: refuse it. */
    static void requireSamePlan(Path resultsFile, Sweep sweep) {
        if (!Files.isRegularFile(resultsFile)) {
            return;
        }
        List<Csv.Line> lines = Csv.parse(resultsFile);
        if (lines.isEmpty()) {
            return;
        }
        int id = Arrays.asList(lines.get(0).fields()).indexOf(RUN_ID);
        Set<String> planned = sweep.runs().stream().map(RunSpec::id).collect(Collectors.toSet());
        long foreign = lines.stream().skip(1).filter(l -> id < 0 || id >= l.fields().length
                || !planned.contains(l.fields()[id])).count();
        if (foreign > 0) {
            throw new IllegalArgumentException(resultsFile + " holds " + foreign + " row(s) of runs that are not in "
                    + "this plan (other data, grid or model settings); give another --out folder, or delete it to "
                    + "start over");
        }
    }

    /** The context paragraph of the report: the data, the plan and the command. */
    private String context(StudyData studyData, StudyPlan studyPlan) {
        return "**Data.** " + studyData.description() + "\n\n**Plan.** " + studyPlan.describe().strip()
                .replace("\n", "; ") + "\n\n**Command.** `mto4j-study " + String.join(" ", spec.commandLine()
                        .getParseResult().originalArgs()) + "`";
    }

    /** The plan of the options: default, full or smoke, with the overrides. */
    StudyPlan plan(StudyData studyData) {
        String key = labeledFraction == null ? studyData.name() : studyData.name() + ":" + labeledFraction;
        if (full && smoke) {
            throw new IllegalArgumentException("give --full or --smoke, not both");
        }
        StudyPlan p = full ? StudyPlan.full(key, studyData.tasks())
                : smoke ? StudyPlan.smoke(key, studyData.tasks()) : StudyPlan.defaults(key, studyData.tasks());
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
        return report(out, results != null ? results : outDir.resolve(RESULTS));
    }

    /** Writes the report of a results file into the output folder and prints the summary. */
    private int report(PrintWriter out, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no results file " + file + ": run the study first, or pass "
                    + "--results FILE");
        }
        Path folder = file.toAbsolutePath().getParent();
        Path contextFile = folder.resolve(CONTEXT);
        String context;
        try {
            context = Files.isRegularFile(contextFile) ? Files.readString(contextFile) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + contextFile, e);
        }
        if (reportOnly) {
            context = context + (context.isBlank() ? "" : "\n\n") + "Report written by `mto4j-study --report-only` "
                    + "from `" + file.getFileName() + "`.";
        }
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
}
