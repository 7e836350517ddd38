package org.mto4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The usage example of README.md, verbatim between the markers, so it always compiles and runs. */
class ReadmeExampleTest {

    @Test
    void readmeUsageExample() {
        int numTasks = 2;
        long numParams = 3;
        // README-BEGIN
        // One buffer for the K per-task gradients and one for the direction, reused every step.
        TaskGradients grads = TaskGradients.allocate(numTasks, numParams, DataType.FLOAT);
        INDArray direction = Nd4j.create(DataType.FLOAT, numParams);
        GradientCombiner combiner = Combiners.create("static", Map.of("weights", new double[] {1.0, 2.0}));

        // In the training loop: write task i's gradient of the shared parameters into row i ...
        grads.row(0).assign(Nd4j.createFromArray(-4f, 1f, 1f));
        grads.row(1).assign(Nd4j.createFromArray(6f, 1f, 1f));
        // ... combine (no allocation of size P), and hand the direction to your updater.
        Combination step = combiner.combineInto(grads, TaskLosses.of(0.7, 1.3), direction);
        double[] taskWeights = step.weights(); // [1.0, 2.0]; direction = 1.0 g0 + 2.0 g1 = [8, 3, 3]
        // README-END
        assertArrayEquals(new double[] {1, 2}, taskWeights, 0);
        assertArrayEquals(new double[] {8, 3, 3}, direction.toDoubleVector(), 1e-6);
    }

    @Test
    void demoPrintsEveryRegisteredMethod() {
        String report = CombinerDemo.run(3, 1000, 7);
        for (String name : Combiners.names()) {
            assertTrue(report.contains("\n" + name + " "), "demo report lacks " + name + ":\n" + report);
        }
        assertEquals(Combiners.names().size() + 2, report.split("\n").length, report);
    }
}
