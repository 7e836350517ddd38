package org.mto4j.examples.study.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.mto4j.examples.study.StudyMethods;
import org.mto4j.pareto.Normalization;
import org.mto4j.pareto.Sense;
import org.mto4j.pareto.WeightVectors;
import org.mto4j.pareto.eval.FrontComparison;
import org.mto4j.pareto.eval.ResultsTable;
import org.mto4j.pareto.eval.Run;
import org.mto4j.pareto.eval.ScalarizationFront;
import org.mto4j.pareto.eval.Split;
import org.mto4j.pareto.eval.TuningSensitivity;
import org.mto4j.pareto.eval.WeightingRanking;

/**
 * The numbers behind a study's report, computed with mto-pareto's evaluation workflow (Xin, Ghorbani, Garg,
 * Firat, Gilmer, "Do Current Multi-Task Optimization Methods in Deep Learning Even Help?", NeurIPS 2022,
 * arXiv:2209.11379).
 * <pre>
 *   test front    ScalarizationFront(ls): each weighting's best run selected on validation (on train when the
 *                 results have no validation: columns), the non-dominated ones on test               (Fig. 2, 5)
 *   train front   the same selected and evaluated on train (when every run has train metrics), for its figure
 *   distance(r)   max over points f of the front line (two tasks: the front runs joined in order, as drawn) of
 *                 min_k (r_k − f_k) on test; &gt; 0 behind, &lt; 0 beyond.  More than two tasks: FrontComparison's
 *                 distance to the front runs themselves (max_f over front runs)
 *   method m      selected run b = argmin over m's runs of (1/K) Σ_k ±metric_k on validation (on train when the
 *                 results have no validation: columns): chosen the way each front weighting's run is chosen,
 *                 with the uniform weighting that m's early stopping uses;  d = distance(b)
 *                 config(r) = (lr, weight decay, task weights);  spread(c) = max − min distance over c's seeds
 *                 seed spread s = spread(config(b));  front spread f = mean spread(config(p)) over front runs p
 *                 band = max(s, f);   position = BEHIND if d &gt; band, BEYOND if d &lt; −band, else ON
 *   overhead      steps per second of ls / steps per second of m   (paper's Table 2)
 *   ranking       WeightingRanking on test, metrics normalised by the table's ideal and nadir, 101 weightings
 *                 for two tasks                                                                (Fig. 6 right)
 *   tuning        TuningSensitivity per method on the test score Σ_k ±metric_k: spread of the sparse grids
 *                 {k·10⁻³, k·10⁻², k·10⁻¹} against the seed spread (ls: at the weighting nearest to uniform)
 *                                                                                       (Fig. 6 left, Fig. 11)
 * </pre>
 * A single seed gives a seed spread of 0, so the position is then the sign of d alone (up to round-off,
 * {@link #ROUND_OFF}): a run exactly on the front's attainment surface is ON.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class StudyAnalysis {
    /** Distances within this of the noise band are treated as on the band (floating-point round-off). */
    public static final double ROUND_OFF = 1e-12;
    /** Evaluation weightings of the ranking for two tasks: a lattice with this many divisions. */
    public static final int RANKING_DIVISIONS = 100;

    /** Where a method's selected run lands relative to the scalarization front. */
    public enum Position {
        BEHIND, ON, BEYOND;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One method's line of the report.
     *
     * @param method         its name
     * @param runs           finished runs
     * @param failedRuns     runs that did not finish
     * @param dominatedRuns  finished runs dominated by a test-front run
     * @param selectedRun    the run index (into the table) of its selected run: the best mean validation loss
     * @param distance       that run's distance (test metrics' units)
     * @param seedSpread     the spread of the distance over the seeds of the selected run's configuration
     * @param band           max(seed spread, front spread)
     * @param position       behind, on or beyond
     * @param stepsPerSecond measured training speed
     * @param overhead       scalarization's steps per second divided by this method's
     * @param oneBackward    whether the method trains with one backward pass (empty when unknown)
     * @param verdict        one sentence
     */
    public record MethodSummary(String method, int runs, int failedRuns, int dominatedRuns, int selectedRun,
            double distance, double seedSpread, double band, Position position, OptionalDouble stepsPerSecond,
            OptionalDouble overhead, Optional<Boolean> oneBackward, String verdict) {
    }

    /** Whether this study agrees with one of the paper's findings. */
    public enum Agreement {
        AGREES("agrees with the paper"), DIFFERS("DIFFERS FROM THE PAPER"), NOT_ASSESSED("not assessed");

        private final String words;

        Agreement(String words) {
            this.words = words;
        }

        /** How the terminal summary introduces the statement. */
        public String words() {
            return words;
        }
    }

    /**
     * One finding of the paper and whether this study agrees.
     *
     * @param topic     short name: front, cost, tuning, ranking
     * @param agreement agrees, differs or not assessed
     * @param text      the statement, one sentence
     */
    public record PaperCheck(String topic, Agreement agreement, String text) {
        /** Whether this study's result differs from the paper's. */
        public boolean differs() {
            return agreement == Agreement.DIFFERS;
        }
    }

    private final StudyResults results;
    private final String scalarization;
    private final ResultsTable selection;
    private final ScalarizationFront testFront;
    private final FrontComparison test;
    private final double[] distance;
    private final ScalarizationFront trainFront;
    private final double frontSpread;
    private final List<MethodSummary> summaries;
    private final OptionalDouble scalarizationSpeed;
    private final double[][] rankingWeights;
    private final WeightingRanking ranking;
    private final double[] ideal;
    private final double[] nadir;
    private final Map<String, TuningSensitivity> tuning;
    private final List<PaperCheck> paper;

    private StudyAnalysis(StudyResults results, StepTimes times, String scalarization) {
        this.results = results;
        this.scalarization = scalarization;
        ResultsTable table = results.table();
        if (table.indicesOf(scalarization).length == 0) {
            throw new IllegalArgumentException("the results have no finished runs of the scalarization method '"
                    + scalarization + "' to compare with; methods with finished runs: " + table.methods());
        }
        this.selection = results.selectionTable();
        this.testFront = ScalarizationFront.of(selection, scalarization, Split.TRAIN, Split.TEST);
        this.test = FrontComparison.of(table, testFront);
        this.distance = table.tasks().size() == 2 ? lineDistances(table, testFront.frontRuns())
                : java.util.stream.IntStream.range(0, table.size()).mapToDouble(test::distance).toArray();
        this.trainFront = everyRunHas(table, Split.TRAIN)
                ? ScalarizationFront.of(table, scalarization, Split.TRAIN, Split.TRAIN) : null;
        this.frontSpread = Arrays.stream(testFront.frontRuns()).mapToDouble(this::configSpread).average().orElse(0);
        this.scalarizationSpeed = times.stepsPerSecond(scalarization);
        this.summaries = new ArrayList<>();
        for (int m = 0; m < test.methods().size(); m++) {
            String method = test.methods().get(m);
            if (!method.equals(scalarization)) {
                summaries.add(summarize(method, m, times));
            }
        }
        int tasks = table.tasks().size();
        this.rankingWeights = WeightVectors.dasDennis(tasks, tasks == 2 ? RANKING_DIVISIONS : tasks == 3 ? 30 : 8);
        double[][] points = table.points(Split.TEST);
        this.ideal = Normalization.ideal(points, table.senses());
        this.nadir = Normalization.nadir(points, table.senses());
        for (int k = 0; k < tasks; k++) {
            if (nadir[k] == ideal[k]) {
                nadir[k] = ideal[k] + (table.senses()[k] == Sense.MINIMIZE ? 1 : -1);
            }
        }
        this.ranking = WeightingRanking.of(table, Split.TEST, rankingWeights, ideal, nadir);
        this.tuning = new LinkedHashMap<>();
        for (String method : table.methods()) {
            tuning.put(method, sensitivity(method));
        }
        this.paper = comparePaper();
    }

    /**
     * Analyses a study's results.
     *
     * @param scalarization the method name of the scalarization runs, or null for the one method whose runs all
     *                      have task weights
     * @throws IllegalArgumentException if that method has no finished runs, or none or several qualify
     */
    public static StudyAnalysis of(StudyResults results, StepTimes times, String scalarization) {
        if (results == null || times == null) {
            throw new IllegalArgumentException("results and times must not be null");
        }
        return new StudyAnalysis(results, times, scalarization != null ? scalarization
                : detectScalarization(results.table()));
    }

    /** The one method whose runs all have task weights. */
    static String detectScalarization(ResultsTable table) {
        List<String> weighted = table.methods().stream().filter(m -> Arrays.stream(table.indicesOf(m))
                .allMatch(i -> table.runs().get(i).taskWeights().length > 0)).toList();
        if (weighted.size() != 1) {
            throw new IllegalArgumentException((weighted.isEmpty() ? "no method" : "several methods " + weighted)
                    + " of the results " + table.methods() + (weighted.size() > 1 ? " have" : " has")
                    + " task weights in every run; name the scalarization method (--scalarization)");
        }
        return weighted.get(0);
    }

    private static boolean everyRunHas(ResultsTable table, Split split) {
        int k = table.tasks().size();
        return table.runs().stream().allMatch(r -> r.metrics(split).length == k);
    }

    /** Runs with the same method, learning rate, weight decay and task weights as run i (its seeds). */
    int[] seedsOf(int run) {
        ResultsTable table = results.table();
        Run r = table.runs().get(run);
        return java.util.stream.IntStream.range(0, table.size()).filter(i -> {
            Run o = table.runs().get(i);
            return o.method().equals(r.method()) && o.learningRate() == r.learningRate()
                    && o.weightDecay() == r.weightDecay() && Arrays.equals(o.taskWeights(), r.taskWeights());
        }).toArray();
    }

    /**
     * The signed additive-ε distance of every run to the front as the trade-off figure draws it: the line through
     * the front runs in order, whose points a scalarization with an intermediate weighting reaches on a convex
     * front. {@code max over points p of the line of min_k (r_k − p_k)}, in minimization form: on each segment the
     * inner minimum is the lower of two linear functions, so its maximum lies at an end or where they cross.
     */
    static double[] lineDistances(ResultsTable table, int[] frontRuns) {
        Sense[] senses = table.senses();
        double[][] q = table.points(Split.TEST);
        for (double[] point : q) {
            for (int k = 0; k < point.length; k++) {
                point[k] = senses[k] == Sense.MINIMIZE ? point[k] : -point[k];
            }
        }
        double[][] line = Arrays.stream(frontRuns).mapToObj(f -> q[f])
                .sorted(java.util.Comparator.<double[]>comparingDouble(v -> v[0]).thenComparingDouble(v -> -v[1]))
                .toArray(double[][]::new);
        double[] out = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            double[] r = q[i];
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < line.length; j++) {
                double[] a = line[j];
                best = Math.max(best, Math.min(r[0] - a[0], r[1] - a[1]));
                if (j + 1 < line.length) {
                    double[] b = line[j + 1];
                    double a0 = r[0] - a[0];
                    double a1 = r[1] - a[1];
                    double d0 = b[0] - a[0];
                    double d1 = b[1] - a[1];
                    double cross = d0 != d1 ? (a0 - a1) / (d0 - d1) : -1; // a0 − λ d0 = a1 − λ d1
                    if (cross > 0 && cross < 1) {
                        best = Math.max(best, Math.min(a0 - cross * d0, a1 - cross * d1));
                    }
                }
            }
            out[i] = best + 0.0;
        }
        return out;
    }

    /** The signed distance of run i to the test front ({@link #lineDistances} for two tasks, else the staircase). */
    public double distance(int run) {
        return distance[run];
    }

    private double configSpread(int run) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i : seedsOf(run)) {
            lo = Math.min(lo, distance[i]);
            hi = Math.max(hi, distance[i]);
        }
        return hi - lo;
    }

    private MethodSummary summarize(String method, int m, StepTimes times) {
        int[] runs = results.table().indicesOf(method);
        int best = selected(runs);
        double d = distance[best];
        double spread = configSpread(best);
        double band = Math.max(spread, frontSpread);
        Position position = d > band + ROUND_OFF ? Position.BEHIND
                : d < -(band + ROUND_OFF) ? Position.BEYOND : Position.ON;
        OptionalDouble speed = times.stepsPerSecond(method);
        OptionalDouble overhead = speed.isPresent() && scalarizationSpeed.isPresent() && speed.getAsDouble() > 0
                ? OptionalDouble.of(scalarizationSpeed.getAsDouble() / speed.getAsDouble()) : OptionalDouble.empty();
        int failed = (int) results.failed().stream().filter(f -> f.method().equals(method)).count();
        return new MethodSummary(method, runs.length, failed, test.dominatedCounts()[m], best, d, spread, band,
                position, speed, overhead, StudyMethods.oneBackwardPass(method),
                verdict(method, position, d, spread, band, overhead));
    }

    /**
     * The run a practitioner would keep: the best uniform weighted sum of the selection metrics (validation, or
     * training without validation), as each front weighting's run is chosen; ties go to the first run. Choosing
     * on test instead (the smallest distance) would pick each method's luckiest run against a front chosen on
     * validation: scalarization's own runs would then land beyond its front.
     */
    private int selected(int[] runs) {
        Sense[] senses = selection.senses();
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int i : runs) {
            Run r = selection.runs().get(i);
            if (r.metrics(Split.TRAIN).length != senses.length) {
                throw new IllegalArgumentException("run " + i + " (" + r + ") has no " + (results.hasValidation()
                        ? "validation" : "training") + " metrics to select the best run of '" + r.method() + "' on");
            }
            double score = score(r, senses, Split.TRAIN); // the uniform weighting's sum, up to the factor 1/K
            if (score < bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    static String verdict(String method, Position position, double d, double spread, double band,
            OptionalDouble overhead) {
        String cost = overhead.isPresent()
                ? String.format(Locale.ROOT, " at %.2fx the step time of scalarization", overhead.getAsDouble()) : "";
        return switch (position) {
            case BEHIND -> String.format(Locale.ROOT, "%s's selected run lands behind the tuned scalarization front by "
                    + "%s (seed spread %s)%s: tuned scalarization is better on this problem.", method, num(d),
                    num(band), cost);
            case ON -> String.format(Locale.ROOT, "%s's selected run lands on the tuned scalarization front (distance %s, "
                    + "within the seed spread ±%s)%s: no gain over tuned scalarization.", method, num(d), num(band),
                    cost);
            case BEYOND -> String.format(Locale.ROOT, "%s's selected run lands beyond the tuned scalarization front by %s, "
                    + "more than the seed spread %s%s: it beats tuned scalarization on this problem.", method,
                    num(-d), num(band), cost);
        };
    }

    /** A number for the report: 4 significant digits. */
    static String num(double v) {
        if (v == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private TuningSensitivity sensitivity(String method) {
        ResultsTable table = results.table();
        Sense[] senses = table.senses();
        List<Run> runs = new ArrayList<>();
        int[] indices = table.indicesOf(method);
        double[] target = null;
        if (method.equals(scalarization)) {
            double[] uniform = new double[senses.length];
            Arrays.fill(uniform, 1.0 / senses.length);
            double bestGap = Double.POSITIVE_INFINITY;
            for (double[] w : testFront.weightings()) {
                double sum = Arrays.stream(w).sum();
                double gap = 0;
                for (int k = 0; k < w.length; k++) {
                    gap += Math.abs(w[k] / sum - uniform[k]);
                }
                if (gap < bestGap) {
                    bestGap = gap;
                    target = w;
                }
            }
        }
        for (int i : indices) {
            Run r = table.runs().get(i);
            if (target == null || Arrays.equals(r.taskWeights(), target)) {
                runs.add(r);
            }
        }
        double wd = runs.stream().min((a, b) -> Double.compare(score(a, senses, Split.TEST),
                score(b, senses, Split.TEST))).get().weightDecay();
        runs.removeIf(r -> r.weightDecay() != wd);
        return TuningSensitivity.of(runs, r -> score(r, senses, Split.TEST), Sense.MINIMIZE);
    }

    /** A run's score on a split: Σ_k metric_k for minimised metrics, minus for maximised ones (lower is better). */
    static double score(Run run, Sense[] senses, Split split) {
        double[] m = run.metrics(split);
        double s = 0;
        for (int k = 0; k < m.length; k++) {
            s += senses[k] == Sense.MINIMIZE ? m[k] : -m[k];
        }
        return s;
    }

    private List<PaperCheck> comparePaper() {
        List<PaperCheck> checks = new ArrayList<>();
        List<MethodSummary> beyond = summaries.stream().filter(s -> s.position() == Position.BEYOND).toList();
        if (summaries.isEmpty()) {
            checks.add(new PaperCheck("front", Agreement.NOT_ASSESSED, "only scalarization was run, so no method is "
                    + "compared with its front."));
        } else if (beyond.isEmpty()) {
            checks.add(new PaperCheck("front", Agreement.AGREES, "no method's selected run lands beyond the tuned "
                    + "scalarization front by more than the seed spread; the paper found none beyond it either."));
        } else {
            checks.add(new PaperCheck("front", Agreement.DIFFERS, String.join("; ", beyond.stream().map(s ->
                    s.method() + " lands beyond the tuned scalarization front by " + num(-s.distance())
                            + " (seed spread " + num(s.band()) + ")").toList())
                    + ", while the paper found no method beyond it."));
        }
        List<MethodSummary> perTask = summaries.stream()
                .filter(s -> s.oneBackward().isPresent() && !s.oneBackward().get() && s.overhead().isPresent())
                .toList();
        if (perTask.isEmpty()) {
            checks.add(new PaperCheck("cost", Agreement.NOT_ASSESSED, "no step times of methods that need per-task "
                    + "gradients were recorded, so their cost is not compared."));
        } else {
            List<MethodSummary> cheap = perTask.stream().filter(s -> s.overhead().getAsDouble() <= 1.0).toList();
            double lo = perTask.stream().mapToDouble(s -> s.overhead().getAsDouble()).min().getAsDouble();
            double hi = perTask.stream().mapToDouble(s -> s.overhead().getAsDouble()).max().getAsDouble();
            if (cheap.isEmpty()) {
                checks.add(new PaperCheck("cost", Agreement.AGREES, String.format(Locale.ROOT, "every method that "
                        + "needs per-task gradients takes longer per step than scalarization (%.2fx to %.2fx), as in "
                        + "the paper's Table 2.", lo, hi)));
            } else {
                checks.add(new PaperCheck("cost", Agreement.DIFFERS, String.join(", ", cheap.stream().map(s ->
                        String.format(Locale.ROOT, "%s runs at %.2fx scalarization's step time", s.method(),
                                s.overhead().getAsDouble())).toList()) + ", although it needs per-task gradients; in "
                        + "the paper's Table 2 such methods cost more per step."));
            }
        }
        List<String> assessable = new ArrayList<>();
        List<String> gridWins = new ArrayList<>();
        tuning.forEach((method, t) -> {
            if (t.gridKs().length >= 2 && t.seedScores().length >= 2) {
                assessable.add(method);
                if (t.gridSpread() > t.seedSpread()) {
                    gridWins.add(method);
                }
            }
        });
        if (assessable.isEmpty()) {
            checks.add(new PaperCheck("tuning", Agreement.NOT_ASSESSED, "the learning-rate grid is too sparse (or "
                    + "there is one seed) to compare the spread of sparse grids with the seed spread; --full runs a "
                    + "grid that can."));
        } else if (gridWins.size() * 2 >= assessable.size()) {
            checks.add(new PaperCheck("tuning", Agreement.AGREES, String.format(Locale.ROOT, "for %d of %d methods "
                    + "the choice of a sparse learning-rate grid moves the best test score more than the seed does, "
                    + "as in the paper's Figure 6 (left).", gridWins.size(), assessable.size())));
        } else {
            checks.add(new PaperCheck("tuning", Agreement.DIFFERS, String.format(Locale.ROOT, "for only %d of %d "
                    + "methods does the choice of a sparse learning-rate grid move the best test score more than "
                    + "the seed does, while the paper's Figure 6 (left) found the grid to matter more.",
                    gridWins.size(), assessable.size())));
        }
        int flips = ranking.flips().length;
        double[] shares = ranking.shares();
        int top = 0;
        for (int s = 1; s < shares.length; s++) {
            top = shares[s] > shares[top] ? s : top;
        }
        if (ranking.methods().size() < 2) {
            checks.add(new PaperCheck("ranking", Agreement.NOT_ASSESSED, "one method only: nothing to rank."));
        } else if (flips > 0) {
            checks.add(new PaperCheck("ranking", Agreement.AGREES, String.format(Locale.ROOT, "which method is best "
                    + "depends on how the tasks are weighted (the winner changes %d time%s along the weightings; %s "
                    + "wins %.0f %% of them), as in the paper's Figure 6 (right).", flips, flips == 1 ? "" : "s",
                    ranking.methods().get(top), 100 * shares[top])));
        } else {
            checks.add(new PaperCheck("ranking", Agreement.DIFFERS, String.format(Locale.ROOT, "%s is best under "
                    + "every evaluation weighting, while in the paper's Figure 6 (right) the best method changes "
                    + "with the weighting.", ranking.methods().get(top))));
        }
        return List.copyOf(checks);
    }

    public StudyResults results() {
        return results;
    }

    public String scalarization() {
        return scalarization;
    }

    /** The test front (selected on validation when available). */
    public ScalarizationFront testFront() {
        return testFront;
    }

    /** Every run against the test front. */
    public FrontComparison testComparison() {
        return test;
    }

    /** The training front, when every run has training metrics. */
    public Optional<ScalarizationFront> trainFront() {
        return Optional.ofNullable(trainFront);
    }

    /** Per method other than scalarization, its selected run (the run index its summary reports on). */
    public Map<String, Integer> selectedRuns() {
        Map<String, Integer> runs = new LinkedHashMap<>();
        summaries.forEach(s -> runs.put(s.method(), s.selectedRun()));
        return runs;
    }

    /** The mean seed spread of the front's configurations (part of every method's noise band). */
    public double frontSpread() {
        return frontSpread;
    }

    /** One summary per method other than scalarization, in table order. */
    public List<MethodSummary> summaries() {
        return List.copyOf(summaries);
    }

    /** Steps per second of scalarization, when measured. */
    public OptionalDouble scalarizationStepsPerSecond() {
        return scalarizationSpeed;
    }

    /** The evaluation weightings of the ranking. */
    public double[][] rankingWeights() {
        return Arrays.stream(rankingWeights).map(double[]::clone).toArray(double[][]::new);
    }

    public WeightingRanking ranking() {
        return ranking;
    }

    /** The normalisation of the ranking: ideal point (0). */
    public double[] ideal() {
        return ideal.clone();
    }

    /** The normalisation of the ranking: nadir point (1). */
    public double[] nadir() {
        return nadir.clone();
    }

    /** Tuning sensitivity per method (every method of the table, scalarization first if listed first). */
    public Map<String, TuningSensitivity> tuning() {
        return java.util.Collections.unmodifiableMap(tuning);
    }

    /** The paper's findings, each with whether this study agrees. */
    public List<PaperCheck> paperChecks() {
        return paper;
    }
}
