package org.mto4j.examples.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mto4j.training.sweep.RunSpec;
import org.nd4j.linalg.api.buffer.DataType;

class StudyPlanTest {
    private static final List<String> TASKS = List.of("left", "right");

    private static StudyPlan defaults() {
        return StudyPlan.defaults("multi-digits", TASKS);
    }

    @Test
    void defaultGridHasNineWeightingsThreeRatesAndEveryMethod() {
        StudyPlan plan = defaults();
        assertEquals(StudyMethods.DEFAULT, plan.methods());
        assertEquals(9, plan.weightings().length);
        assertArrayEquals(new double[] {0.9, 0.1}, plan.weightings()[0], 1e-15);
        assertArrayEquals(new double[] {0.1, 0.9}, plan.weightings()[8], 1e-15);
        assertArrayEquals(new double[] {1e-3, 3e-3, 1e-2}, plan.learningRates());
        List<RunSpec> runs = plan.runs();
        assertEquals((27 + 9 * 3) * 2, runs.size());
        Map<String, Long> perMethod = runs.stream().collect(Collectors.groupingBy(RunSpec::method,
                Collectors.counting()));
        assertEquals(54L, perMethod.get("ls"));
        for (String m : List.of("mgda", "pcgrad", "imtl-g", "imtl", "gradnorm", "rlw", "cagrad", "nash-mtl",
                "upgrad")) {
            assertEquals(6L, perMethod.get(m), m);
        }
        assertEquals(runs.size(), runs.stream().map(RunSpec::id).distinct().count(), "run ids are unique");
        List<RunSpec> traced = runs.stream().filter(plan::traced).toList();
        assertEquals(9, traced.size());
        assertTrue(traced.stream().allMatch(r -> r.learningRate() == 3e-3 && r.seed() == 1 && !r.method().equals("ls")));
        assertEquals(54, runs.stream().filter(RunSpec::isScalarization).count());
    }

    @Test
    void fullGridSupportsTheSparseGridAnalysis() {
        StudyPlan plan = StudyPlan.full("multi-digits", TASKS);
        assertEquals(19, plan.weightings().length);
        assertEquals(10, plan.learningRates().length);
        assertEquals(3, plan.seeds().length);
        assertEquals(19 * 10 * 3 + 9 * 10 * 3, plan.runs().size());
        assertEquals(ModelSpec.FULL, plan.model());
    }

    @Test
    void theSweepCarriesTheDataAndTheModelInEveryRunsSettings() {
        for (RunSpec run : defaults().runs()) {
            assertEquals("multi-digits", run.setting(StudyPlan.DATA_SETTING));
            assertEquals(ModelSpec.DEFAULT, ModelSpec.fromSettings(run.settings()));
            assertEquals(run.isScalarization() ? "static" : run.method(), run.combinerName());
            assertEquals(run.combinerName(), run.combiner().name(), run.method());
        }
        RunSpec ls = defaults().runs().stream().filter(RunSpec::isScalarization).findFirst().get();
        assertEquals("ls", ls.method());
        assertArrayEquals(new double[] {0.9, 0.1}, ls.taskWeights(), 1e-15);
        // another model or data set gives other run ids, so a rerun never mixes their rows
        java.util.Set<String> ids = defaults().runs().stream().map(RunSpec::id).collect(Collectors.toSet());
        assertTrue(defaults().withModel(ModelSpec.DEFAULT.withMaxSteps(100)).runs().stream()
                .noneMatch(r -> ids.contains(r.id())));
        assertTrue(StudyPlan.defaults("multi-digits-low", TASKS).runs().stream().noneMatch(r -> ids.contains(r.id())));
    }

    @Test
    void oneBackwardPassForScalarizationAndLossWeightingsOnly() {
        assertEquals(Optional.of(true), StudyMethods.oneBackwardPass("ls"));
        assertEquals(Optional.of(true), StudyMethods.oneBackwardPass("rlw"));
        assertEquals(Optional.of(false), StudyMethods.oneBackwardPass("mgda"));
        assertEquals(Optional.of(false), StudyMethods.oneBackwardPass("upgrad"));
        assertEquals(Optional.empty(), StudyMethods.oneBackwardPass("no-such-method"));
    }

    @Test
    void estimateCountsOneAndPerTaskBackwardSteps() {
        // 60 one-backward runs (ls 54, rlw 6) x 800 steps x 2 ms + 48 per-task runs x 800 x 3 ms, over 2 cores
        assertEquals((60 * 800 * 2.0 + 48 * 800 * 3.0) / 1000 / 2,
                defaults().estimatedSeconds(2.0, 3.0, 2), 1e-9);
        assertTrue(defaults().estimatedSeconds(StudyPlan.ONE_BACKWARD_MS, StudyPlan.PER_TASK_MS, 2) < 300);
    }

    @Test
    void modelSpecIsTheDocumentedMlp() {
        ModelSpec m = ModelSpec.DEFAULT;
        assertArrayEquals(new int[] {64, 64}, m.hidden());
        assertEquals(64, m.batchSize());
        assertEquals(800, m.maxSteps());
        assertEquals(DataType.FLOAT, m.dataType());
        assertEquals(96 * 64 + 64 + 64 * 64 + 64, m.sharedParameters(96));
        assertEquals(40, m.withMaxSteps(40).evalEvery());
        assertEquals(Map.of("hidden", "64,64", "batch_size", "64", "max_steps", "800", "eval_every", "100",
                "patience", "5", "dtype", "FLOAT"), m.settings());
        assertEquals(ModelSpec.FULL, ModelSpec.fromSettings(ModelSpec.FULL.settings()));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.fromSettings(Map.of("hidden", "8")));
        assertTrue(missing.getMessage().contains("the model setting 'batch_size' is missing"), missing.getMessage());
    }

    @Test
    void badPlansNameTheProblem() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> defaults().withMethods(List.of("ls", "foo")));
        assertTrue(unknown.getMessage().contains("unknown method 'foo'") && unknown.getMessage().contains("upgrad"),
                unknown.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> defaults().withMethods(List.of("mgda", "MGDA")));
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
        IllegalArgumentException rates = assertThrows(IllegalArgumentException.class,
                () -> defaults().withLearningRates(new double[] {0.01, -1}));
        assertTrue(rates.getMessage().contains("learningRates") && rates.getMessage().contains("-1.0"),
                rates.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StudyPlan.seeds(0));
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec(new int[] {8}, 0, 10, 5, 1, DataType.FLOAT));
        assertTrue(batch.getMessage().contains("batchSize = 0"), batch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(new int[] {8}, 4, 10, 5, 1, DataType.INT32));
        assertThrows(IllegalArgumentException.class, () -> StudyPlan.interiorWeightings(3, 2));
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class, () -> new StudyPlan("d", TASKS,
                List.of("ls"), new double[][] {{0.5, 0.3, 0.2}}, new double[] {0.01}, new double[] {0}, new long[] {1},
                ModelSpec.DEFAULT));
        assertTrue(weights.getMessage().contains("one per task [left, right]"), weights.getMessage());
        assertFalse(StudyPlan.interiorWeightings(3, 3).length == 0);
    }
}
