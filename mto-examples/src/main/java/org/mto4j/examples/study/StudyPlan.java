package org.mto4j.examples.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.mto4j.pareto.WeightVectors;

/**
 * The grid of runs of a study: every method at every learning rate, weight decay and seed, and scalarization
 * ({@code ls}) additionally at every task weighting; one {@link ModelSpec} for all.
 * <pre>
 *   default   ls: 9 weightings (0.1, 0.9), (0.2, 0.8), ..., (0.9, 0.1) x 3 learning rates {1e-3, 3e-3, 1e-2}
 *             mgda, pcgrad, imtl-g, rlw, cagrad, nash-mtl, upgrad: the same 3 learning rates
 *             weight decay 0; seeds 1, 2; ModelSpec.DEFAULT (≤ 1,200 steps)            48 settings, 96 runs
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
 * estimate: the default grid needs about 390 CPU-seconds, 196 s on 2 cores if every run uses its whole step budget
 * (early stopping shortens many), which leaves room within 5 minutes for evaluation, start-up and a slower
 * training adapter.
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

    private final List<String> methods;
    private final double[][] weightings;
    private final double[] learningRates;
    private final double[] weightDecays;
    private final long[] seeds;
    private final ModelSpec model;

    /**
     * @param methods       study method names (validated by {@link StudyMethods#validate})
     * @param weightings    scalarization task weightings, each with one positive weight per task
     * @param learningRates learning rates, each &gt; 0
     * @param weightDecays  weight decays, each ≥ 0
     * @param seeds         seeds, distinct
     * @param model         the model and budget of every run
     */
    public StudyPlan(List<String> methods, double[][] weightings, double[] learningRates, double[] weightDecays,
            long[] seeds, ModelSpec model) {
        this.methods = StudyMethods.validate(methods);
        if (weightings == null || weightings.length == 0) {
            throw new IllegalArgumentException("weightings must hold at least one task weighting");
        }
        for (double[] w : weightings) {
            if (w.length != weightings[0].length || Arrays.stream(w).anyMatch(v -> !(v > 0) || !Double.isFinite(v))) {
                throw new IllegalArgumentException("every weighting must have " + weightings[0].length
                        + " finite weights > 0, got " + Arrays.toString(w));
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

    /** The default plan for {@code numTasks} tasks (every default method). */
    public static StudyPlan defaults(int numTasks) {
        return new StudyPlan(StudyMethods.DEFAULT, interiorWeightings(numTasks, DEFAULT_DIVISIONS),
                DEFAULT_LEARNING_RATES, DEFAULT_WEIGHT_DECAYS, seeds(DEFAULT_SEEDS), ModelSpec.DEFAULT);
    }

    /** The {@code --full} plan for {@code numTasks} tasks. */
    public static StudyPlan full(int numTasks) {
        return new StudyPlan(StudyMethods.DEFAULT, interiorWeightings(numTasks, FULL_DIVISIONS), FULL_LEARNING_RATES,
                DEFAULT_WEIGHT_DECAYS, seeds(FULL_SEEDS), ModelSpec.FULL);
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
        return new StudyPlan(newMethods, weightings, learningRates, weightDecays, seeds, model);
    }

    public StudyPlan withSeeds(long[] newSeeds) {
        return new StudyPlan(methods, weightings, learningRates, weightDecays, newSeeds, model);
    }

    public StudyPlan withLearningRates(double[] rates) {
        return new StudyPlan(methods, weightings, rates, weightDecays, seeds, model);
    }

    public StudyPlan withModel(ModelSpec newModel) {
        return new StudyPlan(methods, weightings, learningRates, weightDecays, seeds, newModel);
    }

    /**
     * Every run, in a fixed order: method by method (in the order given), then weighting, learning rate,
     * weight decay, seed. Each non-scalarization method traces one run: its middle learning rate, first weight
     * decay and first seed.
     */
    public List<RunSpec> runs() {
        List<RunSpec> runs = new ArrayList<>();
        double tracedRate = learningRates[learningRates.length / 2];
        for (String method : methods) {
            boolean ls = method.equals(StudyMethods.SCALARIZATION);
            double[][] ws = ls ? weightings : new double[][] {new double[0]};
            for (double[] w : ws) {
                for (double lr : learningRates) {
                    for (double wd : weightDecays) {
                        for (long seed : seeds) {
                            boolean traced = !ls && lr == tracedRate && wd == weightDecays[0] && seed == seeds[0];
                            runs.add(RunSpec.of(method, w, lr, wd, seed, traced));
                        }
                    }
                }
            }
        }
        return runs;
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

    /** A few lines for the terminal and the report: methods, grid, run count, model. */
    public String describe() {
        int runs = runs().size();
        return String.format(Locale.ROOT, "methods %s%n", methods)
                + String.format(Locale.ROOT, "ls weightings (%d): %s%n", weightings.length, Arrays.stream(weightings)
                        .map(w -> Arrays.stream(w).mapToObj(RunSpec::plain).collect(Collectors.joining("/")))
                        .collect(Collectors.joining(" ")))
                + String.format(Locale.ROOT, "learning rates %s, weight decays %s, seeds %s%n",
                        Arrays.stream(learningRates).mapToObj(RunSpec::plain).toList(),
                        Arrays.stream(weightDecays).mapToObj(RunSpec::plain).toList(), Arrays.toString(seeds))
                + String.format(Locale.ROOT, "%d runs; model: %s%n", runs, model);
    }
}
