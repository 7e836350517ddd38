package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Every vendored reference file ({@code src/test/resources/refvectors}: outputs recorded from LibMTL and TorchJD)
 * run through the documented options of the matching method. Each step of a case must satisfy
 * <pre>
 *   ‖d − d_ref‖ ≤ rtol · ‖d_ref‖ + atol · ‖J‖_F
 * </pre>
 * with the file's tolerance: closed forms {@link #EXACT}; iterative solvers that we run iteration for iteration
 * {@link #SAME_ITERATIONS}; references that call an external solver that solver's tolerance. A case is skipped only
 * by an {@link Exclusion} of its row, whose reason is written beside it; files of methods that have not landed are
 * {@link Row#pending pending}, and their test proves the method is still absent.
 *
 * <p><b>Adding a file or a method</b> is one line in {@link #ROWS}:
 * {@code row("LibMTL-DWA", "dwa", EXACT, "T", 2.0)}, options as name-value pairs (a {@link PerTask} value is computed
 * from K). A file whose steps inject state ({@code S} lines) needs {@link Row#withState}. docs/methods.md lists this
 * table.
 */
class ReferenceFidelityTest {

    /** Closed-form methods: the two libraries and we compute the same formula in double. */
    static final Tolerance EXACT = new Tolerance(1e-9, 1e-12);
    /** Iterative solvers matched iteration for iteration (the same algorithm, the same stopping rule). */
    static final Tolerance SAME_ITERATIONS = new Tolerance(1e-6, 1e-8);
    /** CAGrad: TorchJD runs Clarabel, LibMTL SciPy's SLSQP; their tolerance. */
    static final Tolerance CAGRAD_SOLVER = new Tolerance(1e-4, 5e-5);
    /** Nash-MTL: both run a convex-concave procedure with ECOS, stopping at 1e-3. */
    static final Tolerance NASH_SOLVER = new Tolerance(1e-3, 1e-4);

    /** The reference itself moves by more than 1e-6 relative under a 1e-10 perturbation of J (README: ill 1). */
    static final Exclusion ILL_CONDITIONED = new Exclusion("reference unstable (ill 1)", c -> c.illConditioned());

    /** The reference direction holds NaN (LibMTL divides a zero gradient by its zero norm). */
    static final Exclusion REFERENCE_NAN = new Exclusion("reference is NaN",
            c -> c.steps().stream().anyMatch(s -> Arrays.stream(s.direction()).anyMatch(Double::isNaN)));

    /** K-dependent option values: TorchJD's Constant weights (i + 1)/K. */
    static final PerTask RAMP = new PerTask("(i+1)/K", k -> {
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            w[i] = (i + 1.0) / k;
        }
        return w;
    });

    private static final String MGDA_STEP = "point 1: LibMTL's projected-gradient step is not capped at 1";
    private static final String CAGRAD_ZERO = "point 4: TorchJD returns zero weights when norm_eps fires";
    private static final String NASH_KEEP = "point 6: references keep their weights when the sub-problem is infeasible";

    /** One row per reference file. */
    static final List<Row> ROWS = List.of(
            row("torchjd-Mean", "mean", EXACT),
            row("torchjd-Sum", "sum", EXACT),
            row("LibMTL-EW", "sum", EXACT),
            row("torchjd-Constant", "constant", EXACT, "weights", RAMP),
            row("torchjd-PCGrad", "pcgrad", EXACT, "order", "fixed"),
            row("torchjd-PCGrad_reverse", "pcgrad", EXACT, "order", "fixed").reversedTasks(),
            row("LibMTL-PCGrad", "pcgrad", EXACT, "order", "fixed", "self_projection", true, "epsilon", 1e-8),
            row("LibMTL-PCGrad_reverse", "pcgrad", EXACT, "order", "fixed", "self_projection", true, "epsilon", 1e-8)
                    .reversedTasks(),
            row("torchjd-MGDA", "mgda", SAME_ITERATIONS, "solver", "frank-wolfe"),
            row("LibMTL-MGDA_none", "mgda", SAME_ITERATIONS, "solver", "libmtl", "normalization", "none")
                    .pendingFix(MGDA_STEP),
            row("LibMTL-MGDA_l2", "mgda", SAME_ITERATIONS, "solver", "libmtl", "normalization", "l2")
                    .excluding(REFERENCE_NAN).pendingFix(MGDA_STEP),
            row("LibMTL-MGDA_loss", "mgda", SAME_ITERATIONS, "solver", "libmtl", "normalization", "loss")
                    .pendingFix(MGDA_STEP),
            row("LibMTL-MGDA_lossplus", "mgda", SAME_ITERATIONS, "solver", "libmtl", "normalization", "loss+")
                    .excluding(REFERENCE_NAN).pendingFix(MGDA_STEP),
            row("torchjd-IMTLG", "imtl-g", EXACT).pendingFix("point 2: pinv cutoff K·eps of the input type, not K·2⁻²³"),
            row("torchjd-CAGrad", "cagrad", CAGRAD_SOLVER, "c", 0.5).pendingFix(CAGRAD_ZERO),
            row("torchjd-CAGrad_c1", "cagrad", CAGRAD_SOLVER, "c", 1.0).pendingFix(CAGRAD_ZERO),
            row("LibMTL-CAGrad", "cagrad", CAGRAD_SOLVER, "c", 0.5, "rescale", "squared")
                    .pendingFix("norm_eps guard: LibMTL has none (point 4)"),
            row("torchjd-AlignedMTL", "aligned-mtl", EXACT),
            row("torchjd-AlignedMTL_median", "aligned-mtl", EXACT, "scale_mode", "median"),
            row("torchjd-AlignedMTL_rmse", "aligned-mtl", EXACT, "scale_mode", "rmse"),
            row("LibMTL-Aligned_MTL", "aligned-mtl", EXACT, "pref_vector", PerTask.ONES)
                    .pendingFix("point 2: rank_eps 2⁻⁵²"),
            row("torchjd-UPGrad", "upgrad", SAME_ITERATIONS),
            row("LibMTL-UPGrad", "upgrad", SAME_ITERATIONS),
            row("torchjd-DualProj", "dualproj", SAME_ITERATIONS),
            row("torchjd-ConFIG", "config", EXACT).pendingFix("points 2 and 3: pinv cutoff, opposed rows"),
            row("torchjd-Krum_b0_s2", "krum", EXACT, "f", 0, "m", 2, "distance", "euclidean"),
            row("torchjd-Krum_b1_s1", "krum", EXACT, "f", 1, "m", 1, "distance", "euclidean"),
            row("torchjd-Krum_b1_s4", "krum", EXACT, "f", 1, "m", 4, "distance", "euclidean"),
            row("torchjd-NashMTL", "nash-mtl", NASH_SOLVER).pendingFix(NASH_KEEP),
            row("LibMTL-Nash_MTL", "nash-mtl", NASH_SOLVER).pendingFix(NASH_KEEP),
            row("LibMTL-FairGrad", "fairgrad", CAGRAD_SOLVER, "alpha", 1.0)
                    .pendingFix("cases where least_squares stops short of the fixed point: exclusion rule to come"),
            row("LibMTL-GradVac", "gradvac", EXACT, "order", "fixed")
                    .pendingFix("point 5: LibMTL updates every visited pair's target (ema_update=always)"),
            row("LibMTL-IMTL", "imtl", EXACT).excluding(REFERENCE_NAN, ILL_CONDITIONED),
            row("torchjd-TrimmedMean_1", "trimmed-mean", EXACT, "trim_number", 1),
            row("LibMTL-UW", "uw", EXACT, "parameterization", "libmtl"),
            row("LibMTL-DWA", "dwa", EXACT, "temperature", 2.0).withState(EpochReplay.HOOK),
            row("LibMTL-GLS", "gls", EXACT),
            row("LibMTL-STCH", "stch", EXACT, "mu", 1.0, "warmup_epochs", 4).withState(EpochReplay.HOOK),
            row("LibMTL-DB_MTL", "db-mtl", EXACT, "beta", 0.9, "beta_sigma", 0.0),
            // zero_row: LibMTL divides by the zero first excess of a zero row (ExcessMTLTest: ours stays finite).
            row("LibMTL-ExcessMTL", "excess-mtl", EXACT, "convention", "libmtl").excluding(REFERENCE_NAN),
            row("LibMTL-MoCo", "moco", EXACT, "normalization", "loss", "lambda_update", "softmax"));

    // ---------------------------------------------------------------- the tests

    @TestFactory
    Stream<DynamicTest> everyReferenceFile() {
        return ROWS.stream().map(r -> DynamicTest.dynamicTest(r.stem, () -> check(r)));
    }

    @Test
    void everyVendoredFileHasExactlyOneRow() {
        List<String> stems = ReferenceVectors.stems();
        List<String> rowStems = ROWS.stream().map(r -> r.stem).collect(Collectors.toList());
        assertEquals(new TreeSet<>(stems), new TreeSet<>(rowStems), "files without a row, or rows without a file");
        assertEquals(rowStems.size(), new TreeSet<>(rowStems).size(), "a file has two rows: " + rowStems);
    }

    private static void check(Row row) {
        ReferenceVectors.File file = ReferenceVectors.read(row.stem);
        if (row.pending != null) {
            assertFalse(Combiners.names().contains(row.method), row.stem + " is pending (" + row.pending
                    + ") but '" + row.method + "' is registered now: give the file a row");
            return;
        }
        Result result = run(row, file);
        if (row.pendingFix != null) {
            assertFalse(result.failures.isEmpty(), row.stem + " is marked pending-fix (" + row.pendingFix
                    + ") but every checked case agrees now: drop pendingFix from its row");
            return;
        }
        if (!result.failures.isEmpty()) {
            fail(row.stem + ": " + result.failures.size() + " of " + result.checked + " checked cases disagree ("
                    + row.describe() + "):\n  " + String.join("\n  ", result.failures.subList(0,
                            Math.min(20, result.failures.size()))));
        }
        assertTrue(result.checked > 0, row.stem + ": every case is excluded");
    }

    /** Runs every case of a file; failures hold one line per disagreeing case. */
    static Result run(Row row, ReferenceVectors.File file) {
        Result result = new Result();
        for (ReferenceVectors.Case c : file.cases()) {
            Exclusion exclusion = row.exclusionFor(c);
            if (exclusion != null) {
                result.excluded.merge(exclusion.reason, 1, Integer::sum);
                continue;
            }
            result.checked++;
            String failure = runCase(row, c);
            if (failure != null) {
                result.failures.add(c.id() + ": " + failure);
            }
        }
        return result;
    }

    /** Null when every step agrees; else what went wrong at the first step that does not. */
    private static String runCase(Row row, ReferenceVectors.Case c) {
        GradientCombiner combiner;
        try {
            combiner = Combiners.create(row.method, row.options(c.numTasks()));
        } catch (RuntimeException e) {
            return "cannot build " + row.describe() + ": " + e;
        }
        for (int s = 0; s < c.steps().size(); s++) {
            ReferenceVectors.Step step = c.steps().get(s);
            if (step.stateJson() != null) {
                if (row.stateHook == null) {
                    return "step " + s + " injects state " + step.stateJson() + " but the row has no state hook";
                }
                row.stateHook.inject(combiner, c, s);
            }
            double[][] j = row.reversed ? reversed(step.jacobian()) : step.jacobian();
            double[] losses = step.losses() == null ? null : row.reversed ? reversed(step.losses()) : step.losses();
            double[] d;
            try {
                d = GramTestSupport.toDoubles(combiner.combine(GramTestSupport.toGradients(j, DataType.DOUBLE),
                        losses == null ? null : TaskLosses.of(losses)).direction());
            } catch (RuntimeException e) {
                return "step " + s + " threw " + e;
            }
            double error = distance(d, step.direction());
            double allowed = row.tolerance.allowed(norm(step.direction()), step.frobeniusNorm());
            if (!(error <= allowed)) {
                return String.format("step %d: |d - d_ref| = %.3e > %.3e allowed (|d_ref| = %.3e, |J|_F = %.3e)", s,
                        error, allowed, norm(step.direction()), step.frobeniusNorm());
            }
        }
        return null;
    }

    private static double[][] reversed(double[][] j) {
        double[][] r = new double[j.length][];
        for (int i = 0; i < j.length; i++) {
            r[i] = j[j.length - 1 - i];
        }
        return r;
    }

    private static double[] reversed(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[v.length - 1 - i];
        }
        return r;
    }

    static double distance(double[] x, double[] y) {
        double s = 0;
        for (int c = 0; c < x.length; c++) {
            double e = x[c] - y[c];
            s += e * e;
        }
        return Math.sqrt(s);
    }

    static double norm(double[] x) {
        return Math.sqrt(GramTestSupport.dot(x, x));
    }

    // ---------------------------------------------------------------- the table's types

    /** ‖d − d_ref‖ ≤ rtol ‖d_ref‖ + atol ‖J‖_F. */
    record Tolerance(double rtol, double atol) {
        double allowed(double referenceNorm, double jacobianNorm) {
            return rtol * referenceNorm + atol * jacobianNorm;
        }
    }

    /** A rule that skips cases, with the reason written beside it. */
    record Exclusion(String reason, Predicate<ReferenceVectors.Case> applies) {
    }

    /** An option value computed from K, with how docs/methods.md writes it. */
    record PerTask(String text, IntFunction<Object> value) {
        static final PerTask ONES = new PerTask("all 1", k -> {
            double[] w = new double[k];
            Arrays.fill(w, 1.0);
            return w;
        });

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * Applies a file's injected state (the {@code S} line of step {@code step} of case {@code c}, JSON) to the
     * combiner before that step; earlier steps of the case have run.
     */
    interface StateHook {
        void inject(GradientCombiner combiner, ReferenceVectors.Case c, int step);
    }

    /** What one file's run found. */
    static final class Result {
        int checked;
        final Map<String, Integer> excluded = new LinkedHashMap<>();
        final List<String> failures = new ArrayList<>();
    }

    /** One reference file: the method and options that reproduce it, its tolerance and its exclusions. */
    static final class Row {
        final String stem;
        final String method;
        final Tolerance tolerance;
        final Map<String, Object> options;
        final String pending;
        final List<Exclusion> exclusions = new ArrayList<>();
        boolean reversed;
        StateHook stateHook;
        String pendingFix;

        Row(String stem, String method, Tolerance tolerance, Map<String, Object> options, String pending) {
            this.stem = stem;
            this.method = method;
            this.tolerance = tolerance;
            this.options = options;
            this.pending = pending;
        }

        /** Skips the cases {@code exclusion} applies to. */
        Row excluding(Exclusion... more) {
            exclusions.addAll(Arrays.asList(more));
            return this;
        }

        /**
         * The file's tasks visit each other in order K−1, ..., 0 ({@code *_reverse}): the method runs on J with its
         * rows reversed, which gives the same direction as the reverse visiting order with {@code order = fixed}.
         */
        Row reversedTasks() {
            reversed = true;
            return this;
        }

        /** A known disagreement that a fix of issue 10 removes; the test then proves some case still disagrees. */
        Row pendingFix(String reason) {
            pendingFix = reason;
            return this;
        }

        /** How the file's injected state reaches the method. */
        Row withState(StateHook hook) {
            stateHook = hook;
            return this;
        }

        Exclusion exclusionFor(ReferenceVectors.Case c) {
            for (Exclusion e : exclusions) {
                if (e.applies.test(c)) {
                    return e;
                }
            }
            return null;
        }

        Map<String, Object> options(int k) {
            Map<String, Object> resolved = new LinkedHashMap<>();
            options.forEach((name, value) -> resolved.put(name, value instanceof PerTask
                    ? ((PerTask) value).value.apply(k) : value));
            return resolved;
        }

        /** The method and options as docs/methods.md writes them: {@code mgda solver=libmtl normalization=l2}. */
        String describe() {
            String text = "`" + method + "`" + options.entrySet().stream().map(e -> " " + e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining());
            return reversed ? text + ", tasks reversed" : text;
        }
    }

    static Row row(String stem, String method, Tolerance tolerance, Object... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException(stem + ": options must be name-value pairs, got "
                    + Arrays.toString(nameValuePairs));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        for (int q = 0; q < nameValuePairs.length; q += 2) {
            options.put((String) nameValuePairs[q], nameValuePairs[q + 1]);
        }
        return new Row(stem, method, tolerance, options, null);
    }

    static Row pending(String stem, String method, String reason) {
        return new Row(stem, method, EXACT, Map.of(), reason);
    }
}
