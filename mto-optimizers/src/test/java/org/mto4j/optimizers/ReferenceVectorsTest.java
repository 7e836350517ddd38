package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The vendored reference vectors are all there and parse: 41 files, each case with its declared steps and sizes. */
class ReferenceVectorsTest {

    @Test
    void everyFileParses() {
        List<String> stems = ReferenceVectors.stems();
        assertEquals(41, stems.size());
        for (String stem : stems) {
            ReferenceVectors.File file = ReferenceVectors.read(stem);
            assertEquals(stem, file.method());
            assertFalse(file.cases().isEmpty(), stem);
            for (ReferenceVectors.Case c : file.cases()) {
                assertEquals(file.stepsPerCase(), c.steps().size(), stem + " " + c.id());
                for (ReferenceVectors.Step s : c.steps()) {
                    assertEquals(c.numTasks(), s.jacobian().length);
                    assertEquals(c.numParams(), s.jacobian()[0].length);
                    assertNotNull(s.direction(), stem + " " + c.id());
                }
            }
        }
    }

    @Test
    void goldenFirstCaseOfUPGrad() {
        ReferenceVectors.Case first = ReferenceVectors.read("torchjd-UPGrad").cases().get(0);
        assertEquals("gaussian_K2_P3", first.id());
        ReferenceVectors.Step s = first.steps().get(0);
        assertEquals(-1.150118898007353, s.jacobian()[0][0]);
        assertEquals(-1.7732695816359263, s.jacobian()[1][2]);
        assertEquals(-1.0046999511028583, s.direction()[2]);
        assertEquals(0.5, s.weights()[0]);
    }
}
