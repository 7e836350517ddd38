package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One table of hand-checked golden values on TorchJD's example J = [[-4, 1, 1], [6, 1, 1]] (its default settings,
 * tolerance 1e-4), by registry name, for the methods that give one deterministic direction on J without losses.
 * Not here, each checked by hand in its own test: krum, gradvac, rlw, graddrop (random draws), trimmed-mean (needs
 * K &ge; 3), db-mtl (needs losses), sdmgrad (20 inner iterations; one iteration by hand).
 */
class GoldenValuesTest {

    static final double[][] J = {{-4, 1, 1}, {6, 1, 1}};
    static final double TOLERANCE = 1e-4;

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("mean", Map.of(), new double[] {1, 1, 1}),
                Arguments.of("sum", Map.of(), new double[] {2, 2, 2}),
                Arguments.of("static", Map.of(), new double[] {2, 2, 2}),
                Arguments.of("constant", Map.of("weights", new double[] {1, 2}), new double[] {8, 3, 3}),
                Arguments.of("mgda", Map.of(), new double[] {0, 1, 1}),
                Arguments.of("pcgrad", Map.of(), new double[] {0.5848, 3.8012, 3.8012}),
                Arguments.of("imtl-g", Map.of(), new double[] {0.0767, 1, 1}),
                Arguments.of("upgrad", Map.of(), new double[] {0.2929, 1.9004, 1.9004}),
                Arguments.of("dualproj", Map.of(), new double[] {0.5563, 1.1109, 1.1109}),
                Arguments.of("aligned-mtl", Map.of(), new double[] {0.2133, 0.9673, 0.9673}),
                Arguments.of("cagrad", Map.of("c", 0.5, "rescale", "none"), new double[] {0.1835, 1.2041, 1.2041}),
                Arguments.of("fairgrad", Map.of("alpha", 1.0), new double[] {0.0766, 0.9985, 0.9985}),
                Arguments.of("nash-mtl", Map.of("max_norm", 1.0), new double[] {0.0542, 0.7061, 0.7061}),
                Arguments.of("config", Map.of(), new double[] {0.1588, 2.0706, 2.0706}),
                // First steps of stateful methods (later steps: each method's own test). Worked out in MoCoTest,
                // CRMOGMTest (MGDA's weights 0.6, 0.4), CrossBatchMethodsTest (MoDo), and for ExcessMTL the
                // initial weights 1/K (the first step only takes the scales).
                Arguments.of("moco", Map.of(), new double[] {-0.125, 0.5, 0.5}),
                Arguments.of("cr-mogm", Map.of(), new double[] {0, 1, 1}),
                Arguments.of("modo", Map.of(), new double[] {0.95, 1, 1}),
                Arguments.of("excess-mtl", Map.of(), new double[] {1, 1, 1}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("table")
    void directionMatchesGoldenValue(String name, Map<String, ?> options, double[] expected) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Combination c = Combiners.create(name, options).combine(GramTestSupport.toGradients(J, type));
            assertArrayEquals(expected, GramTestSupport.toDoubles(c.direction()), TOLERANCE, name + " " + type);
        }
    }
}
