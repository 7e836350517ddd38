package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.nd4j.linalg.api.buffer.DataType;

class StaticWeightingTest {

    @Test
    void equalWeightsAreOnesOrOneOverKWhenNormalised() {
        assertArrayEquals(new double[] {1, 1, 1}, StaticWeighting.equal().weigh(3, null).values(), 0);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25},
                StaticWeighting.equal().withNormalize(true).weigh(4, null).values(), 1e-15);
    }

    @Test
    void fixedWeightsAreUsedAsGivenOrNormalised() {
        assertArrayEquals(new double[] {1, 3}, StaticWeighting.of(1, 3).weigh(2, null).values(), 0);
        assertArrayEquals(new double[] {0.25, 0.75},
                StaticWeighting.of(1, 3).withNormalize(true).weigh(2, null).values(), 1e-15);
    }

    @Test
    void directionIsTheWeightedSumByHand() {
        double[][] j = {{1, 2}, {3, -4}};
        GradientCombiner c = Combiners.create("static", Map.of("weights", new double[] {2, 0.5}));
        assertArrayEquals(new double[] {3.5, 2.0},
                GramTestSupport.toDoubles(c.combine(GramTestSupport.toGradients(j, DataType.DOUBLE)).direction()), 1e-12);
    }

    @Test
    void badWeightsAreRejectedWithTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StaticWeighting.of(1, -2));
        assertTrue(e.getMessage().contains("weights[1] = -2.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StaticWeighting.of(0, 0));
        assertTrue(e.getMessage().contains("all be 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StaticWeighting.of(1, Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StaticWeighting.of());
    }

    @Test
    void weightsOfTheWrongLengthAreRejectedWithBothCounts() {
        GradientCombiner c = Combiners.create("constant", Map.of("weights", new double[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.combine(GramTestSupport.toGradients(new double[3][4], DataType.DOUBLE)));
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void constantRequiresWeightsAndOptionsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Combiners.create("constant"));
        assertTrue(e.getMessage().contains("weights"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Combiners.create("static", Map.of("weight", 1)));
        assertTrue(e.getMessage().contains("weight") && e.getMessage().contains("[normalize, weights]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create("static", Map.of("normalize", "maybe")));
        assertTrue(e.getMessage().contains("normalize") && e.getMessage().contains("maybe"), e.getMessage());
    }

    @Test
    void registryListsTheFirstMethods() {
        assertTrue(Combiners.names().containsAll(java.util.List.of("static", "constant", "mean", "sum")),
                Combiners.names().toString());
        assertEquals("static", Combiners.create("  Static ").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Combiners.create("nope"));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("mean"), e.getMessage());
    }
}
