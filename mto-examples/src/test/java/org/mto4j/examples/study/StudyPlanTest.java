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
import org.mto4j.core.Combiners;
import org.nd4j.linalg.api.buffer.DataType;

class StudyPlanTest {

    @Test
    void defaultGridHasNineWeightingsThreeRatesAndEveryMethod() {
        StudyPlan plan = StudyPlan.defaults(2);
        assertEquals(StudyMethods.DEFAULT, plan.methods());
        assertEquals(9, plan.weightings().length);
        assertArrayEquals(new double[] {0.9, 0.1}, plan.weightings()[0], 1e-15);
        assertArrayEquals(new double[] {0.1, 0.9}, plan.weightings()[8], 1e-15);
        assertArrayEquals(new double[] {1e-3, 3e-3, 1e-2}, plan.learningRates());
        List<RunSpec> runs = plan.runs();
        assertEquals((27 + 7 * 3) * 2, runs.size());
        Map<String, Long> perMethod = runs.stream().collect(Collectors.groupingBy(RunSpec::method,
                Collectors.counting()));
        assertEquals(54L, perMethod.get("ls"));
        for (String m : List.of("mgda", "pcgrad", "imtl-g", "rlw", "cagrad", "nash-mtl", "upgrad")) {
            assertEquals(6L, perMethod.get(m), m);
        }
        assertEquals(runs.size(), runs.stream().map(RunSpec::id).distinct().count(), "run ids are unique");
        List<RunSpec> traced = runs.stream().filter(RunSpec::traced).toList();
        assertEquals(7, traced.size());
        assertTrue(traced.stream().allMatch(r -> r.learningRate() == 3e-3 && r.seed() == 1 && !r.method().equals("ls")));
    }

    @Test
    void fullGridSupportsTheSparseGridAnalysis() {
        StudyPlan plan = StudyPlan.full(2);
        assertEquals(19, plan.weightings().length);
        assertEquals(10, plan.learningRates().length);
        assertEquals(3, plan.seeds().length);
        assertEquals(19 * 10 * 3 + 7 * 10 * 3, plan.runs().size());
        assertEquals(ModelSpec.FULL, plan.model());
    }

    @Test
    void runsCarryTheRegistryCombinerAndOptions() {
        RunSpec ls = RunSpec.of("ls", new double[] {0.3, 0.7}, 0.003, 0, 2, false);
        assertEquals("static", ls.combiner());
        assertArrayEquals(new double[] {0.3, 0.7}, (double[]) ls.options().get("weights"));
        assertEquals("ls-w0.3_0.7-lr0.003-wd0-s2", ls.id());
        RunSpec pcgrad = RunSpec.of("pcgrad", null, 1e-2, 1e-4, 5, true);
        assertEquals(Map.of("seed", 5L), pcgrad.options());
        assertEquals("pcgrad-lr0.01-wd0.0001-s5", pcgrad.id());
        assertEquals(Map.of(), RunSpec.of("mgda", null, 1e-3, 0, 1, false).options());
        // every default run builds its combiner from the registry
        for (RunSpec run : StudyPlan.defaults(2).runs()) {
            assertEquals(run.combiner(), Combiners.create(run.combiner(), run.options()).name(), run.id());
        }
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
        // 60 one-backward runs (ls 54, rlw 6) x 1,200 steps x 2 ms + 36 per-task runs x 1,200 x 3 ms, over 2 cores
        assertEquals((60 * 1200 * 2.0 + 36 * 1200 * 3.0) / 1000 / 2,
                StudyPlan.defaults(2).estimatedSeconds(2.0, 3.0, 2), 1e-9);
        assertTrue(StudyPlan.defaults(2).estimatedSeconds(StudyPlan.ONE_BACKWARD_MS, StudyPlan.PER_TASK_MS, 2) < 300);
    }

    @Test
    void modelSpecIsTheDocumentedMlp() {
        ModelSpec m = ModelSpec.DEFAULT;
        assertArrayEquals(new int[] {64, 64}, m.hidden());
        assertEquals(64, m.batchSize());
        assertEquals(1200, m.maxSteps());
        assertEquals(DataType.FLOAT, m.dataType());
        assertEquals(96 * 64 + 64 + 64 * 64 + 64, m.sharedParameters(96));
        assertEquals(40, m.withMaxSteps(40).evalEvery());
    }

    @Test
    void badPlansNameTheProblem() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> StudyPlan.defaults(2).withMethods(List.of("ls", "foo")));
        assertTrue(unknown.getMessage().contains("unknown method 'foo'") && unknown.getMessage().contains("upgrad"),
                unknown.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> StudyPlan.defaults(2).withMethods(List.of("mgda", "MGDA")));
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
        IllegalArgumentException rates = assertThrows(IllegalArgumentException.class,
                () -> StudyPlan.defaults(2).withLearningRates(new double[] {0.01, -1}));
        assertTrue(rates.getMessage().contains("learningRates") && rates.getMessage().contains("-1.0"),
                rates.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StudyPlan.seeds(0));
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec(new int[] {8}, 0, 10, 5, 1, DataType.FLOAT));
        assertTrue(batch.getMessage().contains("batchSize = 0"), batch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(new int[] {8}, 4, 10, 5, 1, DataType.INT32));
        assertThrows(IllegalArgumentException.class, () -> StudyPlan.interiorWeightings(3, 2));
        assertFalse(StudyPlan.interiorWeightings(3, 3).length == 0);
    }

    @Test
    void resultRowsFollowTheHeader() {
        RunSpec spec = RunSpec.of("ls", new double[] {0.5, 0.5}, 0.01, 0, 1, false);
        RunResult ok = new RunResult(spec, RunResult.Status.OK, null, new double[] {0.1, 0.2},
                new double[] {0.3, 0.4}, new double[] {0.5, 0.6}, 1500, 1200, 4.5);
        List<String> header = RunResult.csvHeader(List.of("left", "right"));
        assertEquals(List.of("run_id", "status", "method", "learning_rate", "weight_decay", "seed", "weight:left",
                "weight:right", "train:left", "train:right", "val:left", "val:right", "test:left", "test:right",
                "steps", "best_step", "seconds", "message"), header);
        assertEquals(List.of("ls-w0.5_0.5-lr0.01-wd0-s1", "ok", "ls", "0.01", "0.0", "1", "0.5", "0.5", "0.1", "0.2",
                "0.3", "0.4", "0.5", "0.6", "1500", "1200", "4.5", ""), ok.csvRow(2));
        RunResult failed = RunResult.failed(RunSpec.of("mgda", null, 0.01, 0, 1, false), "diverged", 10, 0.5);
        assertEquals(List.of("mgda-lr0.01-wd0-s1", "failed", "mgda", "0.01", "0.0", "1", "", "", "", "", "", "", "",
                "", "10", "-1", "0.5", "diverged"), failed.csvRow(2));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> new RunResult(spec,
                RunResult.Status.OK, "", new double[] {0.1, 0.2}, null, new double[] {0.5, 0.6}, 1, 1, 1));
        assertTrue(missing.getMessage().contains("train, validation and test metrics"), missing.getMessage());
    }
}
