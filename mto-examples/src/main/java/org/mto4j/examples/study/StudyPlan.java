package org.mto4j.examples.study;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.mto4j.pareto.WeightVectors;
import org.mto4j.training.sweep.RunSpec;
import org.mto4j.training.sweep.Sweep;

/**
 * The grid of runs of a study: every method at every learning rate, weight decay and seed, and scalarization
 * ({@code ls}) additionally at every task weighting; one {@link ModelSpec} for all. {@link #sweep()} turns it into
 * mto-training's {@link Sweep}, with the data set and the model as fixed settings (part of every run's id).
 * <pre>
 *   default   ls: 9 weightings (0.1, 0.9), (0.2, 0.8), ..., (0.9, 0.1) x 3 learning rates {1e-3, 3e-3, 1e-2}
 *             mgda, pcgrad, imtl-g, imtl, gradnorm, rlw, cagrad, nash-mtl, upgrad: the same 3 learning rates
 *             weight decay 0; seeds 1, 2; ModelSpec.DEFAULT (≤ 800 steps)              54 settings, 108 runs
 *   --full    ls: 19 weightings (0.05 ... 0.95) x 10 learning rates {1, 2, 3, 5, 7} x {1e-3, 1e-2}
 *             every other method: the same 10 learning rates; seeds 1, 2, 3; ModelSpec.FULL (≤ 4,000 steps)
 * </pre>
 * For K tasks the weightings are the Das-Dennis lattice with 10 (full: 20) divisions without its boundary
 * (every weight &gt; 0: a zero weight would leave a head untrained). The full learning rates contain k·10⁻³ and
 * k·10⁻² for several k, so that the report can simulate the sparse grids {k·10⁻³, k·10⁻², k·10⁻¹} of the
 * paper's Figure 6 (left).
 *
 * <p><b>Budget.</b> A step of the default model (batch 64, 96 → 64 → 64 → 2 × 10, FLOAT, one OpenMP thread, plain
 * ND4J, measured with {@link MlpStepTiming} on the project's shared 2-core machine while other builds ran) took
 * a median {@value #ONE_BACKWARD_MS} ms of thread CPU time with one backward pass and {@value #PER_TASK_MS} ms with
 * two per-task backward passes and UPGrad's combination. {@link #estimatedSeconds} turns this into a wall-clock
 * estimate: the default grid needs about 300 CPU-seconds, 149 s on 2 cores if every run uses its whole step budget.
 * The DL4J adapter is slower per step than that plain model, and evaluation and start-up cost too: on an idle
 * 2-core machine the default run took 289 s in all (docs/study.md).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class StudyPlan {
    /** Learning rates of the default grid. */
    public static final double[] DEFAULT_LEARNING_RATES = {1e-3, 3e-3, 1e-2};
    /** Learning rates of {@code --full}. */
    public static final double[] FULL_LEARNING_RATES = {1e-3, 2e-3, 3e-3, 5e-3, 7e-3, 1e-2, 2e-2, 3e-2, 5e-2, 7e-2};
    /** Methods of {@code --smoke}. */
    public static final List<String> SMOKE_METHODS = List.of(StudyMethods.SCALARIZATION, "mgda", "rlw");
    /** Learning rates of {@code --smoke}. */
    public static final double[] SMOKE_LEARNING_RATES = {3e-3};
    /** Lattice divisions of the {@code --smoke} weightings (2 interior weightings for two tasks). */
    public static final int SMOKE_DIVISIONS = 3;
    /** Lattice divisions of the default weightings (9 interior weightings for two tasks). */
    public static final int DEFAULT_DIVISIONS = 10;
    /** Lattice divisions of the {@code --full} weightings (19 for two tasks). */
    public static final int FULL_DIVISIONS = 20;
    public static final int DEFAULT_SEEDS = 2;
    public static final int FULL_SEEDS = 3;
    public static final double[] DEFAULT_WEIGHT_DECAYS = {0.0};
    /** Measured CPU milliseconds of one default-model step with one backward pass (see the class comment). */
    public static final double ONE_BACKWARD_MS = 3.1;
    /** Measured CPU milliseconds of one default-model step with two per-task backward passes. */
    public static final double PER_TASK_MS = 3.9;
    /** The sweep setting that names the data set. */
    public static final String DATA_SETTING = "data";

    private final String data;
    private final List<String> tasks;
    private final List<String> methods;
    private final double[][] weightings;
    private final double[] learningRates;
    private final double[] weightDecays;
    private final long[] seeds;
    private final ModelSpec model;

    /**
     * @param data          the data set's key (its name and anything that changes it), a sweep setting
     * @param tasks         the task names
     * @param methods       study method names (validated by {@link StudyMethods#validate})
     * @param weightings    scalarization task weightings, each with one positive weight per task
     * @param learningRates learning rates, each &gt; 0
     * @param weightDecays  weight decays, each ≥ 0
     * @param seeds         seeds, distinct
     * @param model         the model and budget of every run
     */
    public StudyPlan(String data, List<String> tasks, List<String> methods, double[][] weightings,
            double[] learningRates, double[] weightDecays, long[] seeds, ModelSpec model) {
        if (data == null || data.isBlank() || tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("a plan needs a data set and at least one task, got '" + data + "' and "
                    + tasks);
        }
        this.methods = StudyMethods.validate(methods);
        if (weightings == null || weightings.length == 0) {
            throw new IllegalArgumentException("weightings must hold at least one task weighting");
        }
        for (double[] w : weightings) {
            if (w.length != tasks.size() || Arrays.stream(w).anyMatch(v -> !(v > 0) || !Double.isFinite(v))) {
                throw new IllegalArgumentException("every weighting must have " + tasks.size()
                        + " finite weights > 0 (one per task " + tasks + "), got " + Arrays.toString(w));
            }
        }
        nonEmpty(learningRates, "learningRates", 0, false);
        nonEmpty(weightDecays, "weightDecays", 0, true);
        if (seeds == null || seeds.length == 0 || Arrays.stream(seeds).distinct().count() != seeds.length) {
            throw new IllegalArgumentException("seeds must be distinct, at least one, got " + Arrays.toString(seeds));
        }
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        this.data = data;
        this.tasks = List.copyOf(tasks);
        this.weightings = Arrays.stream(weightings).map(double[]::clone).toArray(double[][]::new);
        this.learningRates = learningRates.clone();
        this.weightDecays = weightDecays.clone();
        this.seeds = seeds.clone();
        this.model = model;
    }

    private static void nonEmpty(double[] values, String name, double bound, boolean inclusive) {
        if (values == null || values.length == 0 || Arrays.stream(values)
                .anyMatch(v -> !Double.isFinite(v) || (inclusive ? v < bound : v <= bound))) {
            throw new IllegalArgumentException(name + " must hold at least one finite value " + (inclusive ? ">= " : "> ")
                    + bound + ", got " + Arrays.toString(values));
        }
    }

    /** The default plan (every default method) for a data set's key and tasks. */
    public static StudyPlan defaults(String data, List<String> tasks) {
        return new StudyPlan(data, tasks, StudyMethods.DEFAULT, interiorWeightings(tasks.size(), DEFAULT_DIVISIONS),
                DEFAULT_LEARNING_RATES, DEFAULT_WEIGHT_DECAYS, seeds(DEFAULT_SEEDS), ModelSpec.DEFAULT);
    }

    /**
     * The {@code --smoke} plan: the smallest study that exercises every part and draws every figure (scalarization
     * at {@value #SMOKE_DIVISIONS}-division interior weightings, MGDA with K backward passes, RLW with one; one
     * learning rate, one seed, {@link ModelSpec#SMOKE}); seconds of training, for CI.
     */
    public static StudyPlan smoke(String data, List<String> tasks) {
        return new StudyPlan(data, tasks, SMOKE_METHODS, interiorWeightings(tasks.size(), SMOKE_DIVISIONS),
                SMOKE_LEARNING_RATES, DEFAULT_WEIGHT_DECAYS, seeds(1), ModelSpec.SMOKE);
    }

    /** The {@code --full} plan for a data set's key and tasks. */
    public static StudyPlan full(String data, List<String> tasks) {
        return new StudyPlan(data, tasks, StudyMethods.DEFAULT, interiorWeightings(tasks.size(), FULL_DIVISIONS),
                FULL_LEARNING_RATES, DEFAULT_WEIGHT_DECAYS, seeds(FULL_SEEDS), ModelSpec.FULL);
    }

    /** The Das-Dennis lattice of K-vectors with the given divisions, without the vectors that have a zero weight. */
    public static double[][] interiorWeightings(int numTasks, int divisions) {
        double[][] lattice = Arrays.stream(WeightVectors.dasDennis(numTasks, divisions))
                .filter(w -> Arrays.stream(w).allMatch(v -> v > 0)).toArray(double[][]::new);
        if (lattice.length == 0) {
            throw new IllegalArgumentException(divisions + " divisions give no weighting of " + numTasks
                    + " tasks with every weight > 0; use at least " + numTasks + " divisions");
        }
        return lattice;
    }

    /** Seeds 1..n. */
    public static long[] seeds(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the number of seeds must be >= 1, got " + n);
        }
        long[] s = new long[n];
        Arrays.setAll(s, i -> i + 1);
        return s;
    }

    public StudyPlan withMethods(List<String> newMethods) {
        return new StudyPlan(data, tasks, newMethods, weightings, learningRates, weightDecays, seeds, model);
    }

    public StudyPlan withSeeds(long[] newSeeds) {
        return new StudyPlan(data, tasks, methods, weightings, learningRates, weightDecays, newSeeds, model);
    }

    public StudyPlan withLearningRates(double[] rates) {
        return new StudyPlan(data, tasks, methods, weightings, rates, weightDecays, seeds, model);
    }

    public StudyPlan withModel(ModelSpec newModel) {
        return new StudyPlan(data, tasks, methods, weightings, learningRates, weightDecays, seeds, newModel);
    }

    /**
     * The plan as mto-training's sweep: {@code ls} as scalarization over the weightings, every other method by its
     * registry name with default options, the learning rates, weight decays and seeds, and the fixed settings
     * {@value #DATA_SETTING} and {@link ModelSpec#settings()}.
     */
    public Sweep sweep() {
        Sweep.Builder b = Sweep.builder().tasks(tasks);
        for (String method : methods) {
            if (method.equals(StudyMethods.SCALARIZATION)) {
                b.scalarization(StudyMethods.SCALARIZATION, weightings);
            } else {
                b.method(method);
            }
        }
        b.learningRates(learningRates).weightDecays(weightDecays).seeds(seeds).setting(DATA_SETTING, data);
        model.settings().forEach(b::setting);
        return b.build();
    }

    /** Every run, in the sweep's order (seed, method, learning rate, weight decay). */
    public List<RunSpec> runs() {
        return sweep().runs();
    }

    /**
     * Whether a run writes its weight trace: one run of each method other than scalarization, at the middle
     * learning rate, the first weight decay and the first seed.
     */
    public boolean traced(RunSpec run) {
        return !run.isScalarization() && run.learningRate() == learningRates[learningRates.length / 2]
                && run.weightDecay() == weightDecays[0] && run.seed() == seeds[0];
    }

    /**
     * Estimated wall-clock seconds if every run trains its full step budget, with {@code oneBackwardMs} and
     * {@code perTaskMs} CPU milliseconds per step and runs spread over {@code cores} single-threaded workers.
     */
    public double estimatedSeconds(double oneBackwardMs, double perTaskMs, int cores) {
        double ms = 0;
        for (RunSpec run : runs()) {
            boolean one = StudyMethods.oneBackwardPass(run.method()).orElse(false);
            ms += (double) model.maxSteps() * (one ? oneBackwardMs : perTaskMs);
        }
        return ms / 1000 / Math.max(1, cores);
    }

    /** The data set's key (the sweep's {@value #DATA_SETTING} setting). */
    public String data() {
        return data;
    }

    public List<String> tasks() {
        return tasks;
    }

    public List<String> methods() {
        return methods;
    }

    public double[][] weightings() {
        return Arrays.stream(weightings).map(double[]::clone).toArray(double[][]::new);
    }

    public double[] learningRates() {
        return learningRates.clone();
    }

    public double[] weightDecays() {
        return weightDecays.clone();
    }

    public long[] seeds() {
        return seeds.clone();
    }

    public ModelSpec model() {
        return model;
    }

    /** A number as the plan prints it: no exponent, no trailing zeros (0.003, 1, 0.25). */
    public static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** A few lines for the terminal and the report: methods, grid, run count, model. */
    public String describe() {
        int runs = runs().size();
        return String.format(Locale.ROOT, "data %s, tasks %s; methods %s%n", data, tasks, methods)
                + String.format(Locale.ROOT, "ls weightings (%d): %s%n", weightings.length, Arrays.stream(weightings)
                        .map(w -> Arrays.stream(w).mapToObj(StudyPlan::plain).collect(Collectors.joining("/")))
                        .collect(Collectors.joining(" ")))
                + String.format(Locale.ROOT, "learning rates %s, weight decays %s, seeds %s%n",
                        Arrays.stream(learningRates).mapToObj(StudyPlan::plain).toList(),
                        Arrays.stream(weightDecays).mapToObj(StudyPlan::plain).toList(), Arrays.toString(seeds))
                + String.format(Locale.ROOT, "%d runs; model: %s%n", runs, model);
    }
}
