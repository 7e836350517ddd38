package org.mto4j.training.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mto4j.training.samediff.SameDiffGradientsTest.twoTasks;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.LossWeightingCombiner;
import org.mto4j.core.TaskLosses;
import org.mto4j.training.ExecutionPath;
import org.mto4j.training.StepReport;
import org.mto4j.training.samediff.TwoTaskModel.Loss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Every registered method trains through the SameDiff adapter on the path its kind calls for, across epochs
 * (per-epoch methods get endEpoch); a Gram or loss weighting that cannot serve K = 2 is refused at build.
 */
class EveryMethodTest {

    @Test
    void everyRegisteredMethodTakesItsPathAndSteps() {
        for (String name : Combiners.names()) {
            // trimmed-mean trims one value at each end by default and so needs K >= 3; with K = 2 it runs untrimmed.
            // (It is not a Gram weighting, so the build cannot probe it: TrimmedMeanTest checks its message.)
            Map<String, ?> options = name.equals("constant") ? Map.of("weights", new double[] {1, 2})
                    : name.equals("trimmed-mean") ? Map.of("trim_number", 0) : Map.of();
            GradientCombiner combiner = Combiners.create(name, options);
            if (name.equals("krum")) {
                // Krum needs K >= f + 3 tasks: found at build, before any training.
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> twoTasks(
                        TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 1)).combiner(combiner)
                        .updater(new Adam(0.01)).build());
                assertTrue(e.getMessage().contains("'krum' cannot combine the 2 tasks [left, right]"), e.getMessage());
                continue;
            }
            SameDiffMultiTask step = twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 1))
                    .combiner(combiner).updater(new Adam(0.01)).build();
            assertEquals(combiner instanceof LossWeightingCombiner ? ExecutionPath.WEIGHTED_LOSS
                    : ExecutionPath.PER_TASK_GRADIENTS, step.executionPath(), name);
            for (int epoch = 0; epoch < 2; epoch++) {
                StepReport r = null;
                for (int s = 0; s < 2; s++) {
                    r = step.fit(TwoTaskModel.batch(DataType.DOUBLE, 10 * epoch + s));
                }
                step.endEpoch(r.taskLosses());
                for (double w : r.weights()) {
                    assertTrue(Double.isFinite(w), name + ": " + r);
                }
            }
            assertEquals(4, step.iteration(), name);
            TaskLosses after = step.evaluate(TwoTaskModel.batch(DataType.DOUBLE, 0));
            assertTrue(Double.isFinite(after.get(0) + after.get(1)), name);
        }
    }
}
