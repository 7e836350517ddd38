package org.mto4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.nd4j.linalg.api.buffer.DataType;

/** Comparisons of vectors with one tolerance relative to the expected vector's scale. */
public final class Assertions2 {

    /** Relative tolerance for FLOAT results. */
    public static final double FLOAT_TOLERANCE = 1e-6;
    /** Relative tolerance for DOUBLE results. */
    public static final double DOUBLE_TOLERANCE = 1e-12;

    private Assertions2() {
    }

    public static double tolerance(DataType type) {
        return type == DataType.FLOAT ? FLOAT_TOLERANCE : DOUBLE_TOLERANCE;
    }

    /** |actual − expected|∞ ≤ tolerance · max(1, |expected|∞). */
    public static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1.0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        if (!(worst <= tolerance * scale)) {
            fail(what + ": differs by " + worst + " at index " + at + " (expected " + expected[at] + ", got "
                    + actual[at] + "), tolerance " + tolerance * scale);
        }
    }
}
