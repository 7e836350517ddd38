package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The end-of-epoch hook reaches the weighting through every combiner wrapper, and is a no-op elsewhere. */
class EndEpochTest {

    /** A loss weighting that records what it is told at the end of each epoch. */
    static final class EpochRecorder implements LossWeighting {
        final List<double[]> epochs = new ArrayList<>();

        @Override
        public Weights weigh(int numTasks, TaskLosses losses) {
            return Weights.of(new double[numTasks]);
        }

        @Override
        public void endEpoch(TaskLosses epochMeanLosses) {
            epochs.add(epochMeanLosses.toArray());
        }

        @Override
        public String name() {
            return "epoch-recorder";
        }
    }

    @Test
    void reachesTheWeightingThroughCombinerAndListener() {
        EpochRecorder recorder = new EpochRecorder();
        GradientCombiner combiner = new LossWeightingCombiner(recorder).withListener((step, c) -> { });
        combiner.endEpoch(TaskLosses.of(1.5, 2.5));
        combiner.endEpoch(TaskLosses.of(1.0, 2.0));
        assertEquals(2, recorder.epochs.size());
        assertArrayEquals(new double[] {1.5, 2.5}, recorder.epochs.get(0));
        assertArrayEquals(new double[] {1.0, 2.0}, recorder.epochs.get(1));
    }

    @Test
    void isANoOpForOtherMethodsButRejectsNull() {
        GradientCombiner gram = new GramCombiner(new TestWeightings.NormalizedMean());
        assertDoesNotThrow(() -> gram.endEpoch(TaskLosses.of(1.0, 2.0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gram.endEpoch(null));
        assertEquals(true, e.getMessage().contains("epochMeanLosses"), e.getMessage());
    }
}
