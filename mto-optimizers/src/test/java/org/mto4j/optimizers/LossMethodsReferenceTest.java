package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * UW, IMTL, DWA, GLS and STCH against the outputs recorded from LibMTL (refvectors), through the options that
 * docs/methods.md lists. Each step must satisfy ‖d − d_ref‖ ≤ 1e-9 ‖d_ref‖ + 1e-12 ‖J‖_F (closed forms, DOUBLE).
 * Per-epoch state (the S lines: DWA's epoch and loss buffer, STCH's epoch) is replayed through {@code endEpoch},
 * the call a training loop makes.
 */
class LossMethodsReferenceTest {

    static final double RTOL = 1e-9;
    static final double ATOL = 1e-12;
    /** The library's reported weights are not the true ones (GLS, STCH): only directions are compared. */
    static final double NO_WEIGHTS = -1;

    @Test
    void uwWithLibMTLsParameterization() {
        List<ReferenceVectors.Case> cases = checkFile("LibMTL-UW", "uw", Map.of("parameterization", "libmtl"),
                c -> false, RTOL);
        assertEquals(65, cases.size());
    }

    @Test
    void glsGivesLibMTLsDirectionWithTheTrueDerivativeAsWeights() {
        assertEquals(65, checkFile("LibMTL-GLS", "gls", Map.of(), c -> false, NO_WEIGHTS).size());
        // LibMTL reports Lᵢ / (K Πⱼ Lⱼ); the derivative of (Πⱼ Lⱼ)^(1/K) is (Πⱼ Lⱼ)^(1/K) / (K Lᵢ).
        ReferenceVectors.Step s = ReferenceVectors.read("LibMTL-GLS").cases().get(0).steps().get(0);
        double[] l = s.losses();
        double gm = Math.sqrt(l[0] * l[1]);
        Combination c = Combiners.create("gls", Map.of()).combine(
                GramTestSupport.toGradients(s.jacobian(), DataType.DOUBLE), TaskLosses.of(l));
        assertEquals(gm / (2 * l[0]), c.weights()[0], 1e-15);
        assertEquals(gm / (2 * l[1]), c.weights()[1], 1e-15);
        assertEquals(l[0] / (2 * l[0] * l[1]), s.weights()[0], 1e-15, "what LibMTL reports");
    }

    @Test
    void dwaReplayingLibMTLsLossBufferThroughEndEpoch() {
        assertEquals(65, checkFile("LibMTL-DWA", "dwa", Map.of("temperature", 2.0), c -> false, RTOL).size());
    }

    @Test
    void stchReplayingLibMTLsEpochsThroughEndEpoch() {
        assertEquals(65, checkFile("LibMTL-STCH", "stch", Map.of("mu", 1.0, "warmup_epochs", 4), c -> false,
                NO_WEIGHTS).size());
    }

    @Test
    void imtlAtLibMTLsInitialScales() {
        // LibMTL divides by the norm of a zero gradient and outputs NaN (zero_row); ill-conditioned references move
        // by more than 1e-6 under a 1e-10 perturbation of J. The weights of nearly parallel gradients are determined
        // only to about cond(G)·ε (cond(G) up to 1e8 in near_parallel), their direction to ε: weights to 1e-6.
        assertEquals(32, checkFile("LibMTL-IMTL", "imtl", Map.of(),
                c -> c.family().equals("zero_row") || c.illConditioned(), 1e-6).size());
    }

    /**
     * Runs every case of a file and fails with one line per disagreeing case.
     *
     * @param excluded       cases not compared (the caller says why)
     * @param weightTolerance relative tolerance of the weights when the library reports the true ones, else
     *                        {@link #NO_WEIGHTS}
     * @return the cases compared
     */
    static List<ReferenceVectors.Case> checkFile(String stem, String method, Map<String, ?> options,
            Predicate<ReferenceVectors.Case> excluded, double weightTolerance) {
        List<String> failures = new ArrayList<>();
        List<ReferenceVectors.Case> checked = new ArrayList<>();
        for (ReferenceVectors.Case c : ReferenceVectors.read(stem).cases()) {
            if (excluded.test(c)) {
                continue;
            }
            checked.add(c);
            String failure = runCase(Combiners.create(method, options), c, weightTolerance);
            if (failure != null) {
                failures.add(c.id() + ": " + failure);
            }
        }
        if (!failures.isEmpty()) {
            fail(stem + ": " + failures.size() + " of " + checked.size() + " cases disagree:\n  "
                    + String.join("\n  ", failures));
        }
        assertTrue(checked.size() > 0, stem + ": every case excluded");
        return checked;
    }

    private static String runCase(GradientCombiner combiner, ReferenceVectors.Case c, double weightTolerance) {
        EpochReplay replay = new EpochReplay();
        for (int s = 0; s < c.steps().size(); s++) {
            ReferenceVectors.Step step = c.steps().get(s);
            replay.before(combiner, step);
            Combination out = combiner.combine(GramTestSupport.toGradients(step.jacobian(), DataType.DOUBLE),
                    step.losses() == null ? null : TaskLosses.of(step.losses()));
            double[] d = GramTestSupport.toDoubles(out.direction());
            double error = distance(d, step.direction());
            double allowed = RTOL * norm(step.direction()) + ATOL * step.frobeniusNorm();
            if (!(error <= allowed)) {
                return String.format("step %d: |d - d_ref| = %.3e > %.3e allowed; d = %s, d_ref = %s", s, error,
                        allowed, Arrays.toString(d), Arrays.toString(step.direction()));
            }
            if (weightTolerance != NO_WEIGHTS
                    && distance(out.weights(), step.weights()) > weightTolerance * norm(step.weights())) {
                return "step " + s + ": weights " + Arrays.toString(out.weights()) + ", reference "
                        + Arrays.toString(step.weights());
            }
            replay.after(step);
        }
        return null;
    }

    /**
     * Replays a file's injected per-epoch state through {@code endEpoch}, as a training loop would: before a step
     * recorded in epoch e, every epoch below e that has not ended yet is ended, with the column of LibMTL's
     * {@code train_loss_buffer} when the file gives one, else with the mean of the losses of the steps replayed in
     * that epoch (STCH's nadir is the mean loss of its last warm-up epoch); an epoch without steps gets the last
     * losses seen (only the nadir epoch's values matter, and it always has a step).
     */
    static final class EpochReplay {

        private static final Pattern EPOCH = Pattern.compile("\"epoch\"\\s*:\\s*(\\d+)");
        private static final Pattern BUFFER = Pattern.compile("\"train_loss_buffer\"\\s*:\\s*\\[(.*)\\]\\s*[,}]");

        private int ended;
        private int currentEpoch;
        private double[] sum;
        private int count;
        private double[] last;

        void before(GradientCombiner combiner, ReferenceVectors.Step step) {
            if (step.stateJson() == null) {
                return;
            }
            Matcher m = EPOCH.matcher(step.stateJson());
            if (!m.find()) {
                throw new IllegalStateException("no epoch in " + step.stateJson());
            }
            int epoch = Integer.parseInt(m.group(1));
            double[][] buffer = buffer(step.stateJson());
            while (ended < epoch) {
                double[] mean;
                if (buffer != null) {
                    mean = new double[buffer.length];
                    for (int i = 0; i < buffer.length; i++) {
                        mean[i] = buffer[i][ended];
                    }
                } else if (count > 0 && currentEpoch == ended) {
                    mean = sum.clone();
                    for (int i = 0; i < mean.length; i++) {
                        mean[i] /= count;
                    }
                } else {
                    mean = last != null ? last : step.losses();
                }
                combiner.endEpoch(TaskLosses.of(mean));
                ended++;
            }
            if (epoch != currentEpoch) {
                currentEpoch = epoch;
                sum = null;
                count = 0;
            }
        }

        void after(ReferenceVectors.Step step) {
            double[] l = step.losses();
            if (l == null) {
                return;
            }
            if (sum == null) {
                sum = new double[l.length];
            }
            for (int i = 0; i < l.length; i++) {
                sum[i] += l[i];
            }
            count++;
            last = l;
        }

        private static double[][] buffer(String json) {
            Matcher m = BUFFER.matcher(json);
            if (!m.find()) {
                return null;
            }
            String[] rows = m.group(1).replace(" ", "").split("\\],\\[");
            double[][] buffer = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                buffer[i] = Arrays.stream(rows[i].replace("[", "").replace("]", "").split(","))
                        .mapToDouble(Double::parseDouble).toArray();
            }
            return buffer;
        }
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
}
