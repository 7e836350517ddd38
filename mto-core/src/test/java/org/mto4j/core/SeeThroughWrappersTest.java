package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A caller sees through {@code withListener} what a combiner runs (its loss weighting, its learnable parameters),
 * and a step it computes itself from the loss weighting reaches every listener.
 */
class SeeThroughWrappersTest {

    /** A Gram weighting with one learnable value per task that it does not train itself. */
    static final class LearnableMean implements GramWeighting, LearnableWeighting {
        private double[] values = {};

        @Override
        public Weights weigh(Gramian gramian, TaskLosses losses) {
            if (values.length == 0) {
                values = new double[gramian.size()];
            }
            return Weights.of(values.clone());
        }

        @Override
        public double[] parameters() {
            return values.clone();
        }

        @Override
        public double[] parameterGradient() {
            return new double[values.length];
        }

        @Override
        public void setParameters(double[] v) {
            values = v.clone();
        }

        @Override
        public boolean trainsItself() {
            return false;
        }

        @Override
        public String name() {
            return "learnable-mean";
        }
    }

    @Test
    void theLossWeightingIsSeenThroughListeners() {
        LossWeighting weighting = new TestWeightings.GrowingLossWeighting();
        GradientCombiner plain = new LossWeightingCombiner(weighting);
        assertSame(weighting, plain.lossWeighting().orElseThrow());
        assertSame(weighting, plain.withListener((s, c) -> { }).withListener((s, c) -> { }).lossWeighting()
                .orElseThrow());
        GradientCombiner gram = new GramCombiner(new TestWeightings.NormalizedMean());
        assertTrue(gram.lossWeighting().isEmpty());
        assertTrue(gram.withListener((s, c) -> { }).lossWeighting().isEmpty());
    }

    @Test
    void theLearnableWeightingIsSeenThroughListeners() {
        LearnableMean learnable = new LearnableMean();
        GradientCombiner combiner = new GramCombiner(learnable);
        assertSame(learnable, combiner.learnableWeighting().orElseThrow());
        assertSame(learnable, combiner.withListener((s, c) -> { }).learnableWeighting().orElseThrow());
        assertTrue(new GramCombiner(new TestWeightings.NormalizedMean()).learnableWeighting().isEmpty());
        assertTrue(new LossWeightingCombiner(new TestWeightings.GrowingLossWeighting()).withListener((s, c) -> { })
                .learnableWeighting().isEmpty());
    }

    @Test
    void aStepComputedOutsideReachesEveryListenerInnermostFirst() {
        List<String> seen = new ArrayList<>();
        GradientCombiner combiner = new LossWeightingCombiner(new TestWeightings.GrowingLossWeighting())
                .withListener((s, c) -> seen.add("inner " + s + " " + c.weights()[1]))
                .withListener((s, c) -> seen.add("outer " + s + " " + c.weights()[1]));
        INDArray direction = Nd4j.create(DataType.DOUBLE, 3);
        TaskGradients j = TaskGradients.of(Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}}));
        combiner.combineInto(j, TaskLosses.of(1.0, 2.0), direction);                  // step 0: weights L/2
        Weights w = combiner.lossWeighting().orElseThrow().weigh(2, TaskLosses.of(1.0, 4.0)); // step 1: 1.1 L/2
        combiner.notifyListeners(new Combination(direction, w, null));
        assertEquals(List.of("inner 0 1.0", "outer 0 1.0", "inner 1 2.2", "outer 1 2.2"), seen);
    }

    @Test
    void aCombinerWithoutListenersIgnoresTheStepButNotNull() {
        GradientCombiner plain = new LossWeightingCombiner(new TestWeightings.GrowingLossWeighting());
        plain.notifyListeners(new Combination(Nd4j.create(DataType.DOUBLE, 2), Weights.of(1, 1), null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.notifyListeners(null));
        assertTrue(e.getMessage().contains("combination"), e.getMessage());
        GradientCombiner listened = plain.withListener((s, c) -> { });
        assertThrows(IllegalArgumentException.class, () -> listened.notifyListeners(null));
    }
}
