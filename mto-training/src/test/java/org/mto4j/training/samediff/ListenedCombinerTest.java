package org.mto4j.training.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mto4j.training.Assertions2.assertClose;
import static org.mto4j.training.samediff.SameDiffGradientsTest.twoTasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mto4j.core.CombinationListener;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.training.ExecutionPath;
import org.mto4j.training.StepReport;
import org.mto4j.training.samediff.TwoTaskModel.Loss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@code withListener} hides nothing from the adapter: a listened loss weighting takes ONE backward pass per step,
 * the same steps as without the listener, and the listener sees every step with d = Σ wᵢ∇Lᵢ of the shared
 * variables.
 */
class ListenedCombinerTest {

    /** What a listener saw of one step. */
    record Seen(long step, double[] weights, double[] direction) {
    }

    private static SameDiffMultiTask step(GradientCombiner combiner, boolean perTask) {
        return twoTasks(TwoTaskModel.build(DataType.DOUBLE, Loss.MSE_OP, Loss.BASIC, 21)).combiner(combiner)
                .updater(new Adam(0.05)).perTaskGradients(perTask).build();
    }

    private static GradientCombiner weights() {
        return Combiners.create("static", Map.of("weights", new double[] {0.2, 0.8}));
    }

    @Test
    void aListenedLossWeightingTakesOnePassAndReportsEveryStep() {
        List<Seen> seen = new ArrayList<>();
        CombinationListener listener = (s, c) -> seen.add(new Seen(s, c.weights(), c.direction().toDoubleVector()));
        SameDiffMultiTask listened = step(weights().withListener(listener), false);
        SameDiffMultiTask plain = step(weights(), false);
        SameDiffMultiTask perTask = step(weights(), true);
        assertEquals(ExecutionPath.WEIGHTED_LOSS, listened.executionPath());
        for (int t = 0; t < 4; t++) {
            Map<String, INDArray> batch = TwoTaskModel.batch(DataType.DOUBLE, 70 + t);
            StepReport r = listened.fit(batch);
            assertEquals(1, r.passNanos().length, "one backward pass");
            plain.fit(batch);
            perTask.fit(batch);
            assertArrayEquals(plain.flatParameters().params().toDoubleVector(),
                    listened.flatParameters().params().toDoubleVector(), 0.0, "the step of the plain combiner");
            assertEquals(t + 1, seen.size());
            Seen last = seen.get(t);
            assertEquals(t, last.step());
            assertArrayEquals(r.weights(), last.weights(), 0.0);
            double[][] j = perTask.lastJacobian().matrix().toDoubleMatrix();
            double[] expected = new double[j[0].length];
            for (int p = 0; p < expected.length; p++) {
                expected[p] = 0.2 * j[0][p] + 0.8 * j[1][p];
            }
            assertClose(expected, last.direction(), 1e-12, "d = Jᵀw of step " + t);
        }
    }
}
