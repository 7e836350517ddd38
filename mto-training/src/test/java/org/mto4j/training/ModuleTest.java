package org.mto4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.Weights;
import org.nd4j.linalg.factory.Nd4j;

/** The module builds against mto-core and a backend: the one thing it must do before its own issue lands. */
class ModuleTest {
    @Test
    void combinesThroughTheCoreApi() {
        LossWeightingCombiner half = new LossWeightingCombiner(new org.mto4j.core.LossWeighting() {
            @Override
            public Weights weigh(int numTasks, org.mto4j.core.TaskLosses losses) {
                return Weights.of(0.5, 0.5);
            }

            @Override
            public String name() {
                return "half";
            }
        });
        double[] d = half.combine(TaskGradients.of(Nd4j.createFromArray(new double[][] {{2, 0}, {0, 4}})))
                .direction().toDoubleVector();
        assertArrayEquals(new double[] {1, 2}, d, 0);
    }
}
