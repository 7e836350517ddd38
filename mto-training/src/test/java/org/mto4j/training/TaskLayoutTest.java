package org.mto4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The name-level checks both adapters share, on a model t → {a, b}: trunk t, heads ha (task a), hb (task b). */
class TaskLayoutTest {

    private static final List<String> TASKS = List.of("a", "b");
    private static final List<String> TRAINABLES = List.of("t", "ha", "hb", "unused");
    private static final List<Set<String>> REACH = List.of(Set.of("x", "t", "ha"), Set.of("x", "t", "hb"));

    private static TaskLayout check(List<List<String>> heads, List<String> shared) {
        return TaskLayout.check("part", TASKS, heads, shared, shared == null ? n -> true : null, TRAINABLES, REACH);
    }

    private static void rejects(List<List<String>> heads, List<String> shared, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check(heads, shared));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should mention '" + f + "'");
        }
    }

    @Test
    void validLayouts() {
        assertEquals(List.of("t"), check(List.of(List.of("ha"), List.of("hb")), List.of("t")).shared());
        // The predicate takes every trainable part that is no head and feeds a loss ("unused" feeds none).
        assertEquals(List.of("t"), check(List.of(List.of("ha"), List.of("hb")), null).shared());
    }

    @Test
    void violations() {
        rejects(List.of(List.of("ha"), List.of("hb", "ha")), List.of("t"), "head part 'ha'", "'a' and 'b'");
        rejects(List.of(List.of("ha"), List.of("hb")), List.of("t", "ha"), "'ha'", "both as shared and as a head");
        rejects(List.of(List.of("ha"), List.of("hb")), List.of("t", "t"), "'t' is listed twice");
        rejects(List.of(List.of("ha"), List.of("hb")), List.of("t", "unused"), "'unused' feeds none");
        rejects(List.of(List.of("ha", "t"), List.of("hb")), List.of(), "'t' of task 'a'",
                "also feeds the loss of task 'b'");
        rejects(List.of(List.of("hb"), List.of()), List.of("t"), "'hb' of task 'a' does not feed its loss");
        rejects(List.of(List.of("ha"), List.of()), List.of("t"), "'hb' feeds the loss of task 'b'",
                "neither shared nor a head");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskLayout.check("part",
                TASKS, List.of(List.of("ha"), List.of("hb")), null, n -> n.startsWith("z"), TRAINABLES, REACH));
        assertTrue(e.getMessage().contains("matches the shared predicate"), e.getMessage());
    }
}
