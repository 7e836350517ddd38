package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.factory.Nd4j;

class SweepTest {

    private static Sweep.Builder base() {
        return Sweep.builder().tasks("left", "right").method("mgda").learningRates(0.1).seeds(1);
    }

    @Test
    void expandsSeedsOutermostThenMethodsLearningRatesWeightDecays() {
        Sweep s = Sweep.builder().tasks("left", "right")
                .scalarization(new double[][] {{0.25, 0.75}, {1, 0}})
                .method("cagrad", Map.of("c", 0.4))
                .learningRates(0.01, 0.1).weightDecays(0, 1e-4).seeds(3, 1).build();
        assertEquals(3 * 2 * 2 * 2, s.size());
        StringBuilder order = new StringBuilder();
        for (RunSpec r : s.runs().subList(0, 6)) {
            order.append(r.seed()).append(' ').append(r.method()).append(' ').append(r.learningRate()).append(' ')
                    .append(r.weightDecay()).append(";");
        }
        assertEquals("3 static 0.01 0.0;3 static 0.01 1.0E-4;3 static 0.1 0.0;3 static 0.1 1.0E-4;"
                + "3 static 0.01 0.0;3 static 0.01 1.0E-4;", order.toString());
        RunSpec first = s.runs().get(0);
        assertArrayEquals(new double[] {0.25, 0.75}, first.taskWeights());
        assertTrue(first.isScalarization());
        assertArrayEquals(new double[] {1, 0}, s.runs().get(4).taskWeights());
        RunSpec cagrad = s.runs().get(8);
        assertEquals("cagrad(c=0.4)", cagrad.method());
        assertEquals("cagrad", cagrad.combinerName());
        assertEquals(0, cagrad.taskWeights().length);
        assertEquals(1L, s.runs().get(12).seed());
        assertEquals(s.size(), new HashSet<>(s.runs()).size(), "ids are distinct");
    }

    @Test
    void idsAreStable() {
        // ids are stored in results files: a rerun of an existing file finds its runs by them, so these literals
        // must never change (a new id form gets a new version tag instead of "v1")
        Sweep s = Sweep.builder().tasks("left", "right").scalarization(new double[][] {{0.25, 0.75}})
                .method("cagrad", Map.of("c", 0.4, "rescale", "none")).learningRates(0.001).weightDecays(0.0)
                .seeds(1).setting("epochs", "20").build();
        assertEquals("2aa156e9655b5e55", s.runs().get(0).id());
        assertEquals("1a18b160cf109c05", s.runs().get(1).id());
        assertTrue(s.runs().get(0).id().matches("[0-9a-f]{" + RunSpec.ID_LENGTH + "}"));
    }

    @Test
    void idsDependOnSettingsNotOnHowTheyWereWritten() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("c", 0.4);
        ordered.put("rescale", "none");
        Map<String, Object> reversed = new LinkedHashMap<>();
        reversed.put("rescale", "none");
        reversed.put("c", 0.4);
        Supplier<Sweep.Builder> b = () -> Sweep.builder().tasks("left", "right").learningRates(0.1).seeds(1);
        String id = b.get().method("cagrad", ordered).build().runs().get(0).id();
        assertEquals(id, b.get().method("cagrad", reversed).build().runs().get(0).id());
        assertEquals(id, b.get().method("cagrad", reversed).build().runs().get(0).id(), "same in a new sweep");
        assertEquals(b.get().method("mgda", Map.of("max_iters", 50)).build().runs().get(0).id(),
                b.get().method("mgda", Map.of("max_iters", 50.0)).build().runs().get(0).id(), "50 and 50.0 alike");
        assertEquals(b.get().method("mgda").build().runs().get(0).id(),
                b.get().method("MGDA").build().runs().get(0).id(), "registry names are case-insensitive");
        String mgda = b.get().method("mgda").build().runs().get(0).id();
        assertNotEquals(mgda, b.get().method("mgda").setting("epochs", "3").build().runs().get(0).id());
        assertNotEquals(mgda, Sweep.builder().tasks("left", "right").learningRates(0.2).seeds(1).method("mgda")
                .build().runs().get(0).id());
        assertNotEquals(mgda, Sweep.builder().tasks("left", "other").learningRates(0.1).seeds(1).method("mgda")
                .build().runs().get(0).id());
        assertNotEquals(mgda, b.get().method("label", "mgda", Map.of()).build().runs().get(0).id());
    }

    @Test
    void combinerIsFreshAndSeededByTheRun() {
        Sweep s = Sweep.builder().tasks("left", "right").method("rlw").method("rlw-7", "rlw", Map.of("seed", 7))
                .learningRates(0.1).seeds(2).build();
        TaskGradients j = TaskGradients.of(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}));
        TaskLosses l = TaskLosses.of(1, 1);
        double[] expected = Combiners.create("rlw", Map.of("seed", 2L)).combine(j, l).weights();
        assertArrayEquals(expected, s.runs().get(0).combiner().combine(j, l).weights(), 0,
                "a method with a seed option gets the run's seed");
        assertArrayEquals(expected, s.runs().get(0).combiner().combine(j, l).weights(), 0, "fresh state each call");
        assertArrayEquals(Combiners.create("rlw", Map.of("seed", 7)).combine(j, l).weights(),
                s.runs().get(1).combiner().combine(j, l).weights(), 0, "unless the sweep set it");
        assertArrayEquals(new double[] {0.25, 0.75},
                Sweep.builder().tasks("a", "b").scalarization(new double[][] {{0.25, 0.75}}).learningRates(1)
                        .seeds(1).build().runs().get(0).combiner().combine(j).weights(), 0);
    }

    @Test
    void optionsAndSettingsCannotBeChangedAfterTheFact() {
        double[] w = {0.5, 0.5};
        Map<String, Object> options = new LinkedHashMap<>(Map.of("pref_vector", new double[] {1, 1}));
        Sweep s = Sweep.builder().tasks("a", "b").scalarization(new double[][] {w}).method("upgrad", options)
                .learningRates(0.1).seeds(1).build();
        String ids = s.runs().toString();
        w[0] = 9;
        ((double[]) options.get("pref_vector"))[0] = 9;
        ((double[]) s.runs().get(1).combinerOptions().get("pref_vector"))[1] = 9;
        s.runs().get(0).taskWeights()[0] = 9;
        assertEquals(ids, s.runs().toString());
        assertArrayEquals(new double[] {1, 1}, (double[]) s.runs().get(1).combinerOptions().get("pref_vector"));
        assertEquals("upgrad(pref_vector=[1, 1])", s.runs().get(1).method());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.runs().get(0)
                .setting("epochs"));
        assertEquals("the sweep has no setting 'epochs'; its settings are []", e.getMessage());
    }

    private static void rejects(Supplier<Sweep.Builder> sweep, String... inMessage) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sweep.get().build());
        for (String s : inMessage) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should contain '" + s + "'");
        }
    }

    @Test
    void badInputIsRejectedNamingTheThing() {
        rejects(() -> base().tasks(), "tasks must not be empty");
        rejects(() -> base().tasks(List.of()), "tasks must not be empty");
        rejects(() -> base().tasks("left", "left"), "tasks must be distinct", "[left, left]");
        rejects(() -> base().tasks("left", " "), "tasks[1]");
        rejects(() -> Sweep.builder().tasks("a").learningRates(0.1).seeds(1), "no methods");
        rejects(() -> base().learningRates(), "learningRates must not be empty");
        rejects(() -> base().learningRates(0.1, -0.01), "learningRates[1] must be finite and > 0, got -0.01");
        rejects(() -> base().learningRates(0), "learningRates[0] must be finite and > 0, got 0.0");
        rejects(() -> base().learningRates(Double.NaN), "learningRates[0]", "NaN");
        rejects(() -> base().learningRates(0.1, 0.1), "learningRates has 0.1 twice");
        rejects(() -> base().weightDecays(), "weightDecays must not be empty");
        rejects(() -> base().weightDecays(-1e-4), "weightDecays[0] must be finite and >= 0, got -1.0E-4");
        rejects(() -> base().seeds(), "seeds must not be empty");
        rejects(() -> base().seeds(4, 4), "seeds has 4 twice");
        rejects(() -> base().scalarization(new double[][] {{0.2, 0.3, 0.5}}),
                "weight vector [0.2, 0.3, 0.5] has 3 entries, but the sweep has 2 tasks [left, right]");
        rejects(() -> base().scalarization(new double[][] {{-0.2, 1.2}}), "task 'left'", "-0.2");
        rejects(() -> base().scalarization(new double[][] {{0, 0}}), "[0.0, 0.0] is all zero");
        rejects(() -> base().scalarization(new double[][] {{0.5, 0.5}, {0.5, 0.5}}), "twice", "[0.5, 0.5]");
        rejects(() -> base().method("nosuch"), "unknown combiner 'nosuch'", "mgda");
        rejects(() -> base().method("cagrad", Map.of("cc", 1)), "unknown option [cc]", "'cagrad'");
        rejects(() -> base().method("cagrad", Map.of("c", -1)), "method 'cagrad(c=-1)'");
        rejects(() -> base().method("cagrad", Map.of("c", new Object())), "option 'c'", "java.lang.Object");
        rejects(() -> base().method("mgda"), "'mgda' is in the sweep twice");
        rejects(() -> base().method("mgda", "cagrad", Map.of()), "label 'mgda' names two different settings");
        rejects(() -> base().scalarization("mgda", new double[][] {{1, 0}}), "label 'mgda' is used by scalarization");
        assertThrows(IllegalArgumentException.class, () -> base().scalarization(new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> base().setting("epochs", null));
    }
}
