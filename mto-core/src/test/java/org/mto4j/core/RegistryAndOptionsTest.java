package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RegistryAndOptionsTest {

    enum Mode { NONE, L2, LOSS_PLUS, INV_ONE_PLUS_C }

    static final Set<String> ALLOWED = Set.of("c", "n", "flag", "mode", "w", "name");

    @Test
    void typedGettersConvertNumbersStringsAndLists() {
        Options o = Options.of("m", Map.of("c", "0.5", "n", 3.0, "flag", "true", "mode", "loss+",
                "w", List.of(1, 2.5)), ALLOWED);
        assertEquals(0.5, o.getDouble("c", 1));
        assertEquals(3, o.getInt("n", 0));
        assertTrue(o.getBoolean("flag", false));
        assertEquals(Mode.LOSS_PLUS, o.getEnum("mode", Mode.class, Mode.NONE));
        assertArrayEquals(new double[] {1, 2.5}, o.getDoubleArray("w", null));
        assertEquals("x", o.getString("name", "x"));
        assertFalse(o.has("name"));
        assertArrayEquals(new double[] {1, 2}, Options.of("m", Map.of("w", "[1, 2]"), ALLOWED).getDoubleArray("w", null));
        assertEquals(Mode.INV_ONE_PLUS_C, Options.of("m", Map.of("mode", "inv-one-plus-c"), ALLOWED)
                .getEnum("mode", Mode.class, Mode.NONE));
    }

    @Test
    void unknownOptionsListTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.of("cagrad", Map.of("cc", 1), ALLOWED));
        assertTrue(e.getMessage().contains("[cc]") && e.getMessage().contains("cagrad")
                && e.getMessage().contains("[c, flag, mode, n, name, w]"), e.getMessage());
    }

    @Test
    void wrongTypesNameTheOptionAndValue() {
        Options o = Options.of("m", Map.of("c", "abc", "n", 2.5, "flag", 1, "mode", "l3", "w", "1,x"), ALLOWED);
        assertMessage(() -> o.getDouble("c", 0), "'c'", "'abc'");
        assertMessage(() -> o.getInt("n", 0), "'n'", "2.5");
        assertMessage(() -> o.getBoolean("flag", false), "'flag'", "1");
        assertMessage(() -> o.getEnum("mode", Mode.class, Mode.NONE), "'l3'", "loss+");
        assertMessage(() -> o.getDoubleArray("w", null), "'w'", "1,x");
    }

    private static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), e.getMessage() + " should contain " + p);
        }
    }

    @Test
    void unknownCombinerNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Combiners.create("no-such"));
        assertTrue(e.getMessage().contains("no-such"), e.getMessage());
    }

    @Test
    void specsCheckTheirName() {
        assertThrows(IllegalArgumentException.class,
                () -> new CombinerSpec("UPGrad", "x", Set.of(), o -> null));
    }

    @Test
    void stateSnapshotsAreCopiesAndNameTheirOwner() {
        double[] v = {1, 2};
        CombinerState s = CombinerState.of("gradvac", Map.of("ema", v));
        v[0] = 5;
        assertArrayEquals(new double[] {1, 2}, s.get("ema"));
        assertEquals(s, CombinerState.of("gradvac", Map.of("ema", new double[] {1, 2})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.get("step"));
        assertTrue(e.getMessage().contains("[ema]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.requireOwner("nash-mtl"));
        assertTrue(e.getMessage().contains("gradvac") && e.getMessage().contains("nash-mtl"), e.getMessage());
    }
}
