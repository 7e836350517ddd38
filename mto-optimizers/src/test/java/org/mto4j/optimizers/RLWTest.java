package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.CombinerState;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.nd4j.linalg.api.buffer.DataType;

class RLWTest {

    /** The documented draw of step t: softmax of the first K nextGaussian() of SplittableRandom(streamSeed). */
    static double[] documentedWeights(long seed, long step, int k) {
        SplittableRandom random = new SplittableRandom(RLW.streamSeed(seed, step));
        double[] e = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            e[i] = Math.exp(random.nextGaussian());
            sum += e[i];
        }
        for (int i = 0; i < k; i++) {
            e[i] /= sum;
        }
        return e;
    }

    @Test
    void agreesWithAVectorSpaceReferenceInFloatAndDouble() {
        for (int k : new int[] {1, 2, 3, 5, 8, 32}) {
            int p = k == 32 ? 10_000 : 300;
            double[][] j = GramTestSupport.conflictingMatrix(1100 + k, k, p);
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                GradientCombiner rlw = Combiners.create(RLW.NAME, Map.of("seed", 42L));
                for (int step = 0; step < 3; step++) {
                    double[] w = documentedWeights(42, step, k);
                    Combination c = rlw.combine(GramTestSupport.toGradients(j, type));
                    assertArrayEquals(w, c.weights(), 1e-15, "K=" + k + " step " + step);
                    double err = GramTestSupport.relativeError(GramTestSupport.toDoubles(c.direction()),
                            GramTestSupport.combine(j, w));
                    assertTrue(err <= (type == DataType.DOUBLE ? 1e-12 : 1e-6), "K=" + k + " " + type + ": " + err);
                }
            }
        }
    }

    @Test
    void weightsArePositiveSumToOneAndChangeEveryStep() {
        for (long seed = 0; seed < 20; seed++) {
            RLW rlw = RLW.defaults().withSeed(seed);
            double[] previous = null;
            for (int step = 0; step < 50; step++) {
                int k = 1 + (step % 9);
                double[] w = rlw.weigh(k, null).values();
                double sum = 0;
                for (double v : w) {
                    assertTrue(v > 0 && v < 1 + 1e-15, "seed " + seed + ": " + Arrays.toString(w));
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-14);
                if (k > 1 && previous != null && previous.length == k) {
                    assertFalse(Arrays.equals(previous, w), "seed " + seed + " step " + step);
                }
                previous = w;
            }
        }
    }

    @Test
    void reproducibleFromTheSeedAndDifferentAcrossSeeds() {
        RLW a = RLW.defaults().withSeed(7);
        RLW b = RLW.defaults().withSeed(7);
        RLW other = RLW.defaults().withSeed(8);
        for (int step = 0; step < 10; step++) {
            double[] wa = a.weigh(5, null).values();
            assertArrayEquals(wa, b.weigh(5, null).values(), 0.0, "same seed, step " + step);
            assertFalse(Arrays.equals(wa, other.weigh(5, null).values()), "seeds 7 and 8, step " + step);
        }
        assertEquals(RLW.DEFAULT_SEED, RLW.defaults().seed());
        // K = 1: the only weight is 1.
        assertArrayEquals(new double[] {1}, RLW.defaults().weigh(1, null).values(), 0.0);
    }

    @Test
    void snapshotRestoreResetAndCopy() {
        RLW rlw = RLW.defaults().withSeed(3);
        for (int s = 0; s < 4; s++) {
            rlw.weigh(4, null);
        }
        CombinerState state = rlw.snapshot();
        double[] fifth = rlw.weigh(4, null).values();
        assertArrayEquals(documentedWeights(3, 4, 4), fifth, 1e-15);
        RLW resumed = RLW.defaults().withSeed(3);
        resumed.restore(state);
        assertArrayEquals(fifth, resumed.weigh(4, null).values(), 0.0);
        RLW copy = rlw.copy();
        rlw.reset();
        assertArrayEquals(documentedWeights(3, 0, 4), rlw.weigh(4, null).values(), 1e-15, "after reset");
        assertArrayEquals(documentedWeights(3, 0, 4), copy.weigh(4, null).values(), 1e-15, "copy starts fresh");
        assertEquals(rlw, copy);
        assertNotEquals(rlw, RLW.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rlw.restore(CombinerState.empty("krum")));
        assertTrue(e.getMessage().contains("krum"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> rlw.restore(CombinerState.of(RLW.NAME, Map.of("step", new double[] {-1}))));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void badSeedIsRejectedWithItsNameAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Combiners.create(RLW.NAME, Map.of("seed", "lucky")));
        assertTrue(e.getMessage().contains("seed") && e.getMessage().contains("lucky"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Combiners.create(RLW.NAME, Map.of("seed", 0.5)));
        assertTrue(e.getMessage().contains("seed") && e.getMessage().contains("0.5"), e.getMessage());
    }
}
