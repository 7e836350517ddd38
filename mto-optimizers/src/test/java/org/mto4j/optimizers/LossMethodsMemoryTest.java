package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Off-heap memory stays flat over 10⁴ training steps at K = 4, P = 10⁵ (FLOAT, the direction into a reused buffer,
 * an epoch every 100 steps): after 100 warm-up steps, the remaining 9,900 run inside one ND4J workspace of 64 KiB
 * that is never reset and fails instead of growing, so a single ND4J allocation of 7 bytes or more per step would
 * fail the run (the control proves it does). ND4J allocations are the only off-heap memory a step could take; the
 * methods' own state is a few K-length arrays on the heap. One method per combiner path: a loss weighting (one
 * GEMV) and a Gram weighting (Gram pass + GEMV).
 */
class LossMethodsMemoryTest {

    static final int K = 4;
    static final long P = 100_000;
    static final int STEPS = 10_000;
    static final int WARM_UP = 100;
    static final long WORKSPACE_BYTES = 64 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"stch", "gradnorm"})
    void tenThousandStepsAllocateNothingOffHeap(String name) {
        run(Combiners.create(name, Map.of()), false);
    }

    @Test
    void theCheckCatchesSixteenBytesPerStep() {
        assertThrows(RuntimeException.class, () -> run(Combiners.create("stch", Map.of()), true));
    }

    private static void run(GradientCombiner combiner, boolean leak) {
        TaskGradients gradients = TaskGradients.of(Nd4j.randn(11, new long[] {K, P}).castTo(DataType.FLOAT));
        INDArray out = Nd4j.create(DataType.FLOAT, P);
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(WORKSPACE_BYTES)
                .maxSize(WORKSPACE_BYTES).policyAllocation(AllocationPolicy.STRICT)
                .policyLearning(LearningPolicy.NONE).policySpill(SpillPolicy.FAIL).build();
        for (int s = 0; s < WARM_UP; s++) {
            step(combiner, gradients, out, s);
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "mto4j-memory-" + leak)) {
            for (int s = WARM_UP; s < STEPS; s++) {
                step(combiner, gradients, out, s);
                if (leak) {
                    Nd4j.create(DataType.FLOAT, 4);
                }
            }
        }
    }

    private static void step(GradientCombiner combiner, TaskGradients gradients, INDArray out, int s) {
        double[] losses = LossMethodTestSupport.fallingLosses(s % 500, K);
        combiner.combineInto(gradients, TaskLosses.of(losses), out);
        if ((s + 1) % 100 == 0) {
            combiner.endEpoch(TaskLosses.of(losses));
        }
    }
}
