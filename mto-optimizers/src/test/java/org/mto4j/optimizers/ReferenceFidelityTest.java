package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mto4j.core.Combination;
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
    /** TorchJD's CAGrad runs Clarabel (its default tolerances, 1e-8 on the gap, reach about 1e-5 on w). */
    static final Tolerance CLARABEL = new Tolerance(1e-4, 5e-5);
    /**
     * LibMTL's CAGrad runs SciPy's SLSQP, which stops when the objective changes by less than 1e-6 (absolute): near
     * the minimum that leaves w uncertain by about √1e-6 = 1e-3.
     */
    static final Tolerance SLSQP = new Tolerance(1e-3, 5e-4);
    /** LibMTL's FairGrad runs SciPy's least_squares (ftol, xtol, gtol 1e-8). */
    static final Tolerance LEAST_SQUARES = new Tolerance(1e-4, 5e-5);
    /** Nash-MTL: both run a convex-concave procedure with ECOS, stopping at 1e-3. */
    static final Tolerance NASH_SOLVER = new Tolerance(1e-3, 1e-4);

    /** Relative size of the perturbation of J that {@link #ROUNDING_SENSITIVE} applies: 16 units in the last place. */
    static final double ROUNDING_PERTURBATION = 0x1p-48;

    /** The reference itself moves by more than 1e-6 relative under a 1e-10 perturbation of J (README: ill 1). */
    static final Exclusion ILL_CONDITIONED = new Exclusion("reference unstable (ill 1)",
            (row, c) -> c.illConditioned());

    /** The reference direction holds NaN (LibMTL divides a zero gradient by its zero norm). */
    static final Exclusion REFERENCE_NAN = new Exclusion("reference is NaN", (row, c) -> c.steps().stream()
            .anyMatch(s -> Arrays.stream(s.direction()).anyMatch(Double::isNaN)));

    /**
     * Rounding decides the output at the tolerance: multiplying J's entries by 1 ± 2⁻⁴⁸ moves our direction by more
     * than half the tolerance. A pseudo-inverse whose kept eigenvalues span 1e8 amplifies the rounding of G itself
     * (which differs between any two BLAS and eigensolvers) past 1e-9, so no two implementations agree that
     * closely there.
     */
    static final Exclusion ROUNDING_SENSITIVE = new Exclusion("rounding of J moves the output by half the tolerance",
            ReferenceFidelityTest::roundingSensitive);

    /**
     * Our diagnostics report at some step that G does not determine the result: GradVac's corrected gradient
     * cancelled below the rounding of G (LibMTL, working on the vectors, still resolves it).
     */
    static final Exclusion UNRESOLVED_BY_G = new Exclusion("a corrected gradient cancels below G's rounding "
            + "(reported in our diagnostics)", (row, c) -> combinations(row, c, 0).stream()
                    .anyMatch(x -> !x.diagnostics().converged()));

    /**
     * Two task gradients are exactly opposed up to rounding (cos &lt; −1 + 1e-12, an exact tie): GradVac corrects
     * such a pair with √(1 − φ²), which turns the rounding of a cosine of −1 into up to 1e-8 of the output.
     */
    static final Exclusion OPPOSED_ROWS = new Exclusion("two gradients exactly opposed (exact tie)",
            (row, c) -> c.steps().stream().anyMatch(s -> hasOpposedRows(s.jacobian())));

    /**
     * The reference solver returned its starting point 1/K although 1/K is not CAGrad's optimum (the projected
     * gradient of CAGrad's objective at 1/K exceeds 1e-6): SciPy's SLSQP, started at 1/K in LibMTL, gives up on
     * problems whose objective spans 1e6 (rows of norms 1e-3 to 1e3).
     */
    static final Exclusion REFERENCE_DID_NOT_MOVE = new Exclusion("reference solver did not move from 1/K",
            (row, c) -> c.steps().stream().anyMatch(s -> isUniform(s.weights())
                    && cagradStationarity(s.jacobian(), (Double) row.options.get("c")) > 1e-6));

    /**
     * The reference's weights miss FairGrad's equations (Gw)ᵢ = wᵢ^(−1/α) by more than 1e-3 on a task with a non-zero
     * gradient: no fixed point exists (0 is a non-negative combination of the gradients) or SciPy's least_squares
     * stopped early.
     */
    static final Exclusion NOT_A_FIXED_POINT = new Exclusion("reference is not a fixed point (none exists, or "
            + "least_squares stopped early)", (row, c) -> c.steps().stream().anyMatch(s -> fixedPointResidual(
                    s.jacobian(), s.weights(), (Double) row.options.get("alpha")) > 1e-3));

    /**
     * At some step the reference's weights are neither its previous weights (all ones before the first step; up to
     * the norm clipping) nor a Nash-MTL fixed point (αᵢ (Gα)ᵢ equal for every task with a non-zero gradient, to
     * 1 %): ECOS returned an inaccurate solution of a sub-problem (gradients of norms 1e-3 and 1e3, or entries of
     * 1e2 with 1e-1) and the convex-concave loop stopped there.
     */
    static final Exclusion ECOS_STOPPED_INSIDE = new Exclusion("reference neither kept its weights nor reached "
            + "the fixed point (ECOS stopped inside a sub-problem)", ReferenceFidelityTest::nashReferenceStalled);

    /** K-dependent option values: TorchJD's Constant weights (i + 1)/K. */
    static final PerTask RAMP = new PerTask("(i+1)/K", k -> {
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            w[i] = (i + 1.0) / k;
        }
        return w;
    });


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
            row("LibMTL-MGDA_none", "mgda", SAME_ITERATIONS, "solver", "libmtl", "normalization", "none"),
            row("LibMTL-MGDA_l2", "mgda", SAME_ITERATIONS, "solver", "libmtl", "normalization", "l2")
                    .excluding(REFERENCE_NAN),
            row("LibMTL-MGDA_loss", "mgda", SAME_ITERATIONS, "solver", "libmtl", "normalization", "loss"),
            row("LibMTL-MGDA_lossplus", "mgda", SAME_ITERATIONS, "solver", "libmtl", "normalization", "loss+")
                    .excluding(REFERENCE_NAN),
            row("torchjd-IMTLG", "imtl-g", EXACT).excluding(ROUNDING_SENSITIVE),
            row("torchjd-CAGrad", "cagrad", CLARABEL, "c", 0.5, "degenerate", "zero"),
            row("torchjd-CAGrad_c1", "cagrad", CLARABEL, "c", 1.0, "degenerate", "zero"),
            row("LibMTL-CAGrad", "cagrad", SLSQP, "c", 0.5, "rescale", "squared", "norm_eps", 0.0)
                    .excluding(REFERENCE_DID_NOT_MOVE),
            row("torchjd-AlignedMTL", "aligned-mtl", EXACT).excluding(ROUNDING_SENSITIVE),
            row("torchjd-AlignedMTL_median", "aligned-mtl", EXACT, "scale_mode", "median")
                    .excluding(ROUNDING_SENSITIVE),
            row("torchjd-AlignedMTL_rmse", "aligned-mtl", EXACT, "scale_mode", "rmse").excluding(ROUNDING_SENSITIVE),
            row("LibMTL-Aligned_MTL", "aligned-mtl", EXACT, "pref_vector", PerTask.ONES, "rank_eps", PerTask.EPS_64)
                    .excluding(ROUNDING_SENSITIVE),
            row("torchjd-UPGrad", "upgrad", SAME_ITERATIONS),
            row("LibMTL-UPGrad", "upgrad", SAME_ITERATIONS),
            row("torchjd-DualProj", "dualproj", SAME_ITERATIONS),
            row("torchjd-ConFIG", "config", EXACT).excluding(ROUNDING_SENSITIVE),
            row("torchjd-Krum_b0_s2", "krum", EXACT, "f", 0, "m", 2, "distance", "euclidean"),
            row("torchjd-Krum_b1_s1", "krum", EXACT, "f", 1, "m", 1, "distance", "euclidean"),
            row("torchjd-Krum_b1_s4", "krum", EXACT, "f", 1, "m", 4, "distance", "euclidean"),
            row("torchjd-NashMTL", "nash-mtl", NASH_SOLVER, "infeasible", "keep").excluding(ECOS_STOPPED_INSIDE),
            row("LibMTL-Nash_MTL", "nash-mtl", NASH_SOLVER, "infeasible", "keep").excluding(ECOS_STOPPED_INSIDE),
            row("LibMTL-FairGrad", "fairgrad", LEAST_SQUARES, "alpha", 1.0).excluding(NOT_A_FIXED_POINT),
            row("LibMTL-GradVac", "gradvac", EXACT, "order", "fixed").excluding(OPPOSED_ROWS, UNRESOLVED_BY_G),
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

    /** docs/methods.md shows this table as it runs: its fidelity section, and the verified column of each method. */
    @Test
    void docsListExactlyWhatThisTestRuns() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "methods.md"), StandardCharsets.UTF_8);
        int begin = doc.indexOf(DOCS_BEGIN);
        int end = doc.indexOf(DOCS_END);
        assertTrue(begin >= 0 && end > begin, "docs/methods.md must hold the markers " + DOCS_BEGIN + " and "
                + DOCS_END);
        assertEquals(docsTable(), doc.substring(begin + DOCS_BEGIN.length(), end).strip(),
                "docs/methods.md's fidelity table is out of date");
        for (String method : ROWS.stream().filter(r -> r.pending == null).map(r -> r.method).distinct()
                .collect(Collectors.toList())) {
            String line = doc.lines().filter(l -> l.startsWith("| `" + method + "` |")).findFirst().orElse("");
            assertTrue(line.contains("| " + verifiedCell(method) + " |"), "the verified column of '" + method
                    + "' in docs/methods.md must read: " + verifiedCell(method) + "\n  it reads: " + line);
        }
    }

    static final String DOCS_BEGIN = "<!-- fidelity table: written from ReferenceFidelityTest -->";
    static final String DOCS_END = "<!-- end of fidelity table -->";

    /** The markdown table of every row with its counts. */
    static String docsTable() {
        StringBuilder t = new StringBuilder("| reference file | method and options | rtol / atol | cases checked | "
                + "excluded |\n|---|---|---|---|---|");
        for (Row row : ROWS) {
            t.append("\n| `").append(row.stem).append("` | ");
            if (row.pending != null) {
                t.append("pending: ").append(row.pending).append(" | | | |");
                continue;
            }
            Result r = result(row);
            int total = r.checked + r.excluded.values().stream().mapToInt(Integer::intValue).sum();
            t.append(row.describe()).append(" | ").append(text(row.tolerance.rtol)).append(" / ")
                    .append(text(row.tolerance.atol)).append(" | ");
            if (row.pendingFix != null) {
                t.append("disagrees until ").append(row.pendingFix).append(" | |");
                continue;
            }
            t.append(r.checked).append(" of ").append(total)
                    .append(" | ").append(r.excluded.isEmpty() ? "—" : r.excluded.entrySet().stream()
                            .map(e -> e.getValue() + ": " + e.getKey()).collect(Collectors.joining("; ")))
                    .append(" |");
        }
        return t.toString();
    }

    /** The verified column of one method: every file of it with its checked and total cases. */
    static String verifiedCell(String method) {
        return ROWS.stream().filter(r -> r.method.equals(method) && r.pending == null).map(r -> {
            Result result = result(r);
            int total = result.checked + result.excluded.values().stream().mapToInt(Integer::intValue).sum();
            return r.stem + (r.pendingFix != null ? " (fix pending)" : " " + result.checked + "/" + total);
        }).collect(Collectors.joining(", "));
    }

    private static final Map<String, Result> RESULTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The run of a row, computed once per JVM (the dynamic tests and the docs check share it). */
    static Result result(Row row) {
        return RESULTS.computeIfAbsent(row.stem, stem -> run(row, ReferenceVectors.read(stem)));
    }

    /** Option values and tolerances as docs/methods.md writes them: 0.5, 1, 1e-8. */
    static String text(Object value) {
        if (value instanceof Double) {
            double d = (Double) value;
            if (d != 0 && Math.abs(d) < 1e-3) {
                return String.format(Locale.ROOT, "%.0e", d).replace("e-0", "e-");
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    @Test
    void everyVendoredFileHasExactlyOneRow() {
        List<String> stems = ReferenceVectors.stems();
        List<String> rowStems = ROWS.stream().map(r -> r.stem).collect(Collectors.toList());
        assertEquals(new TreeSet<>(stems), new TreeSet<>(rowStems), "files without a row, or rows without a file");
        assertEquals(rowStems.size(), new TreeSet<>(rowStems).size(), "a file has two rows: " + rowStems);
    }

    private static void check(Row row) {
        if (row.pending != null) {
            assertFalse(Combiners.names().contains(row.method), row.stem + " is pending (" + row.pending
                    + ") but '" + row.method + "' is registered now: give the file a row");
            return;
        }
        Result result = result(row);
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
        List<double[]> directions;
        try {
            directions = directions(row, c, 0);
        } catch (RuntimeException e) {
            return e.toString();
        }
        for (int s = 0; s < directions.size(); s++) {
            ReferenceVectors.Step step = c.steps().get(s);
            double error = distance(directions.get(s), step.direction());
            double allowed = row.tolerance.allowed(norm(step.direction()), step.frobeniusNorm());
            if (!(error <= allowed)) {
                return String.format("step %d: |d - d_ref| = %.3e > %.3e allowed (|d_ref| = %.3e, |J|_F = %.3e)", s,
                        error, allowed, norm(step.direction()), step.frobeniusNorm());
            }
        }
        return null;
    }

    /**
     * Our direction at every step of a case, from one fresh instance; with {@code perturbationSeed} ≠ 0 each entry
     * of J is first multiplied by 1 ± {@link #ROUNDING_PERTURBATION} (signs from the seed).
     */
    static List<double[]> directions(Row row, ReferenceVectors.Case c, long perturbationSeed) {
        return combinations(row, c, perturbationSeed).stream().map(x -> GramTestSupport.toDoubles(x.direction()))
                .collect(Collectors.toList());
    }

    /** {@link #directions} with the weights and diagnostics of every step. */
    static List<Combination> combinations(Row row, ReferenceVectors.Case c, long perturbationSeed) {
        GradientCombiner combiner = Combiners.create(row.method, row.options(c.numTasks()));
        Random signs = new Random(perturbationSeed);
        List<Combination> directions = new ArrayList<>();
        for (int s = 0; s < c.steps().size(); s++) {
            ReferenceVectors.Step step = c.steps().get(s);
            if (step.stateJson() != null) {
                if (row.stateHook == null) {
                    throw new IllegalStateException("step " + s + " injects state " + step.stateJson()
                            + " but the row has no state hook");
                }
                row.stateHook.inject(combiner, c, s);
            }
            double[][] j = row.reversed ? reversed(step.jacobian()) : step.jacobian().clone();
            for (int i = 0; perturbationSeed != 0 && i < j.length; i++) {
                j[i] = j[i].clone();
                for (int col = 0; col < j[i].length; col++) {
                    j[i][col] *= 1 + (signs.nextBoolean() ? ROUNDING_PERTURBATION : -ROUNDING_PERTURBATION);
                }
            }
            double[] losses = step.losses() == null ? null : row.reversed ? reversed(step.losses()) : step.losses();
            try {
                directions.add(combiner.combine(GramTestSupport.toGradients(j, DataType.DOUBLE),
                        losses == null ? null : TaskLosses.of(losses)));
            } catch (RuntimeException e) {
                throw new IllegalStateException("step " + s + " threw " + e, e);
            }
        }
        return directions;
    }

    /**
     * True when perturbing J at rounding level moves our direction, at some step, by more than half the distance
     * the row's tolerance allows from the reference: two implementations that each carry that much rounding error
     * can differ by the whole tolerance, so the case does not decide whether they agree.
     */
    static boolean roundingSensitive(Row row, ReferenceVectors.Case c) {
        List<double[]> base = directions(row, c, 0);
        for (long seed = 1; seed <= 3; seed++) {
            List<double[]> perturbed = directions(row, c, seed);
            for (int s = 0; s < base.size(); s++) {
                ReferenceVectors.Step step = c.steps().get(s);
                if (2 * distance(perturbed.get(s), base.get(s)) > row.tolerance.allowed(norm(step.direction()),
                        step.frobeniusNorm())) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean nashReferenceStalled(Row row, ReferenceVectors.Case c) {
        double[] previous = new double[c.numTasks()];
        Arrays.fill(previous, 1.0);
        for (ReferenceVectors.Step s : c.steps()) {
            double[] w = s.weights();
            double ratio = w[0] / previous[0];
            boolean kept = true;
            for (int i = 0; i < w.length; i++) {
                kept &= Math.abs(w[i] - ratio * previous[i]) <= 1e-3 * Math.abs(ratio * previous[i]);
            }
            double lowest = Double.POSITIVE_INFINITY;
            double highest = 0;
            for (int i = 0; i < w.length; i++) {
                double[] gi = s.jacobian()[i];
                if (norm(gi) > 0) {
                    double gw = 0;
                    for (int m = 0; m < w.length; m++) {
                        gw += GramTestSupport.dot(gi, s.jacobian()[m]) * w[m];
                    }
                    lowest = Math.min(lowest, w[i] * gw);
                    highest = Math.max(highest, w[i] * gw);
                }
            }
            boolean fixedPoint = lowest > 0 && highest <= 1.01 * lowest;
            if (!kept && !fixedPoint) {
                return true;
            }
            previous = w;
        }
        return false;
    }

    /** maxᵢ |wᵢ^(1/α) (Gw)ᵢ − 1| over the rows of J that are not zero. */
    static double fixedPointResidual(double[][] j, double[] w, double alpha) {
        double worst = 0;
        for (int i = 0; i < j.length; i++) {
            if (norm(j[i]) == 0) {
                continue;
            }
            double gw = 0;
            for (int m = 0; m < j.length; m++) {
                gw += GramTestSupport.dot(j[i], j[m]) * w[m];
            }
            worst = Math.max(worst, Math.abs(Math.pow(w[i], 1 / alpha) * gw - 1));
        }
        return worst;
    }

    static boolean isUniform(double[] w) {
        return w != null && Arrays.stream(w).allMatch(x -> x == 1.0 / w.length);
    }

    /**
     * ‖P(u − ∇F(u)) − u‖_∞ at u = 1/K for CAGrad's objective F(w) = wᵀĜ1/K + c √(1ᵀĜ1)/K · √(wᵀĜw), Ĝ = G / tr G:
     * 0 exactly when 1/K is the optimum.
     */
    static double cagradStationarity(double[][] j, double c) {
        int k = j.length;
        double[] g = new double[k * k];
        double trace = 0;
        for (int a = 0; a < k; a++) {
            trace += GramTestSupport.dot(j[a], j[a]);
        }
        double total = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                g[a * k + b] = GramTestSupport.dot(j[a], j[b]) / trace;
                total += g[a * k + b];
            }
        }
        double[] u = new double[k];
        Arrays.fill(u, 1.0 / k);
        double[] gu = SmallMatrix.multiply(g, k, u, new double[k]);
        double norm = Math.sqrt(SmallMatrix.dot(u, gu));
        double s = c * Math.sqrt(total) / k;
        double[] step = new double[k];
        for (int a = 0; a < k; a++) {
            step[a] = u[a] - (gu[a] + (norm > 0 ? s * gu[a] / norm : 0));
        }
        SimplexProjection.project(step, step);
        double worst = 0;
        for (int a = 0; a < k; a++) {
            worst = Math.max(worst, Math.abs(step[a] - u[a]));
        }
        return worst;
    }

    static boolean hasOpposedRows(double[][] j) {
        for (int a = 0; a < j.length; a++) {
            for (int b = a + 1; b < j.length; b++) {
                double na = norm(j[a]);
                double nb = norm(j[b]);
                if (na > 0 && nb > 0 && GramTestSupport.dot(j[a], j[b]) / (na * nb) < -1 + 1e-12) {
                    return true;
                }
            }
        }
        return false;
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
    record Exclusion(String reason, BiPredicate<Row, ReferenceVectors.Case> applies) {
    }

    /** An option value computed from K, with how docs/methods.md writes it. */
    record PerTask(String text, IntFunction<Object> value) {
        static final PerTask ONES = new PerTask("all 1", k -> {
            double[] w = new double[k];
            Arrays.fill(w, 1.0);
            return w;
        });
        /** DOUBLE's machine epsilon, written as a power of two. */
        static final PerTask EPS_64 = new PerTask("2⁻⁵²", k -> 0x1p-52);

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
                if (e.applies.test(this, c)) {
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

        /** The method and options as docs/methods.md writes them: {@code `mgda` solver=libmtl normalization=l2}. */
        String describe() {
            String text = "`" + method + "`" + options.entrySet().stream()
                    .map(e -> " " + e.getKey() + "=" + text(e.getValue())).collect(Collectors.joining());
            return reversed ? text + ", tasks in reverse order" : text;
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
