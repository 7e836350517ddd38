package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Regression: FLOAT GEMMs of nearly orthogonal rows give G_ij and G_ji that differ in their leading digits. */
class GramianSymmetryTest {

    @Test
    void roundingRelativeToTheNormsIsAcceptedAndAveraged() {
        // ‖g₀‖‖g₁‖ = 60; an asymmetry of 1.3e-7 is FLOAT rounding there, though 4e-6 relative to G_01 itself.
        Gramian g = Gramian.of(new double[][] {{36, -0.02922514}, {-0.02922501, 100}});
        assertEquals(-0.029225075, g.get(0, 1), 1e-12);
        assertEquals(g.get(0, 1), g.get(1, 0), 0.0);
    }

    @Test
    void realAsymmetryIsStillRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gramian.of(new double[][] {{36, 1}, {2, 100}}));
        assertEquals(true, e.getMessage().contains("symmetric"), e.getMessage());
    }
}
