package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mto4j.core.Combination;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The state lifecycle of every stateful loss-based method over a 50-step run with an epoch every
 * {@value #STEPS_PER_EPOCH} steps (and FAMO's explicit update on every other step): a snapshot taken after step 20
 * and restored into a fresh instance gives bit-identical steps 21..50 in DOUBLE, also after Java serialization;
 * {@code copy()} and {@code reset()} give fresh state; and the state matters (a fresh instance differs at step 21).
 */
class LossMethodsStateTest {

    static final int K = 3;
    static final int P = 20;
    static final int STEPS = 50;
    static final int SNAPSHOT_AFTER = 20;
    static final int STEPS_PER_EPOCH = 4;

    static Stream<Arguments> statefulMethods() {
        return Stream.of(
                Arguments.of("uw", Map.of("lr", 0.05)),
                Arguments.of("imtl-l", Map.of("lr", 0.05)),
                Arguments.of("imtl", Map.of("lr", 0.05)),
                Arguments.of("dwa", Map.of()),
                Arguments.of("stch", Map.of("warmup_epochs", 1)),
                Arguments.of("famo", Map.of()),
                Arguments.of("cosmos", Map.of("seed", 3L)),
                Arguments.of("gradnorm", Map.of("lr", 0.1)),
                Arguments.of("gradnorm", Map.of("lr", 0.1, "variant", "libmtl")));
    }

    /** One recorded step: direction and weights. */
    record Step(double[] direction, double[] weights) {
    }

    static double[] losses(int step) {
        double[] l = new double[K];
        for (int i = 0; i < K; i++) {
            l[i] = 0.1 + (1.0 + 0.5 * i) * Math.exp(-0.03 * step * (i + 1)) + 0.05 * Math.sin(step + i);
        }
        return l;
    }

    /** Steps {@code from} .. {@code to − 1}; epochs end and FAMO updates at fixed step numbers. */
    static List<Step> run(GradientCombiner combiner, int from, int to) {
        List<Step> out = new ArrayList<>();
        for (int s = from; s < to; s++) {
            double[][] j = GramTestSupport.conflictingMatrix(1000 + s, K, P);
            Combination c = combiner.combine(GramTestSupport.toGradients(j, DataType.DOUBLE),
                    TaskLosses.of(losses(s)));
            out.add(new Step(GramTestSupport.toDoubles(c.direction()), c.weights()));
            if (combiner instanceof LossWeightingCombiner
                    && ((LossWeightingCombiner) combiner).weighting() instanceof FAMO && s % 2 == 1) {
                double[] after = losses(s);
                for (int i = 0; i < K; i++) {
                    after[i] *= 0.97 - 0.01 * i;
                }
                ((FAMO) ((LossWeightingCombiner) combiner).weighting()).update(TaskLosses.of(after));
            }
            if ((s + 1) % STEPS_PER_EPOCH == 0) {
                double[] mean = new double[K];
                for (int t = s + 1 - STEPS_PER_EPOCH; t <= s; t++) {
                    for (int i = 0; i < K; i++) {
                        mean[i] += losses(t)[i] / STEPS_PER_EPOCH;
                    }
                }
                combiner.endEpoch(TaskLosses.of(mean));
            }
        }
        return out;
    }

    static void assertSameSteps(List<Step> expected, List<Step> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int s = 0; s < expected.size(); s++) {
            assertArrayEquals(expected.get(s).direction(), actual.get(s).direction(), 0.0, what + ": step " + s);
            assertArrayEquals(expected.get(s).weights(), actual.get(s).weights(), 0.0, what + ": weights, step " + s);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("statefulMethods")
    void snapshotAfterStep20RestoredIntoAFreshInstanceRepeatsSteps21To50BitForBit(String name, Map<String, ?> o)
            throws Exception {
        GradientCombiner original = Combiners.create(name, o);
        assertTrue(original.isStateful(), name);
        run(original, 0, SNAPSHOT_AFTER);
        CombinerState state = original.snapshot();
        List<Step> expected = run(original, SNAPSHOT_AFTER, STEPS);

        GradientCombiner resumed = Combiners.create(name, o);
        resumed.restore(state);
        assertSameSteps(expected, run(resumed, SNAPSHOT_AFTER, STEPS), name + " restored");

        GradientCombiner fromDisk = Combiners.create(name, o);
        fromDisk.restore(serializedRoundTrip(state));
        assertSameSteps(expected, run(fromDisk, SNAPSHOT_AFTER, STEPS), name + " restored after serialization");

        List<Step> fresh = run(Combiners.create(name, o), SNAPSHOT_AFTER, SNAPSHOT_AFTER + 1);
        assertFalse(Arrays.equals(fresh.get(0).weights(), expected.get(0).weights()),
                name + ": a fresh instance gives the same weights at step 21, so the test proves nothing");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("statefulMethods")
    void copyHasFreshStateAndResetForgetsEverything(String name, Map<String, ?> o) {
        List<Step> freshRun = run(Combiners.create(name, o), 0, 12);
        GradientCombiner used = Combiners.create(name, o);
        run(used, 0, 15);
        GradientCombiner copy = used.copy();
        assertSameSteps(freshRun, run(copy, 0, 12), name + " copy");
        used.reset();
        assertSameSteps(freshRun, run(used, 0, 12), name + " after reset");
    }

    private static CombinerState serializedRoundTrip(CombinerState state) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (CombinerState) in.readObject();
        }
    }
}
