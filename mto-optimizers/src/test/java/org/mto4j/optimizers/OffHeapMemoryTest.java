package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 10⁴ training steps at K = 4, P = 10⁵ (FLOAT), taken in turn by methods that cover every path of issue 11 (the
 * column-block direction: graddrop; K x P state updated on the column-block path: moco, db-mtl, excess-mtl; a
 * stateful Gram weighting: cr-mogm; the cross-batch combiner: modo, sdmgrad), leave the process's off-heap memory
 * where it was after the first steps: state is allocated once, nothing leaks per step. Measured as resident memory
 * minus the committed Java heap, after garbage collection; a leak of one K x P array per step would add 16 GB.
 * trimmed-mean takes the same column-block path as graddrop with heap arrays only, and is left out to keep the loop
 * short.
 */
class OffHeapMemoryTest {

    static final int STEPS = 10_000;
    static final int WARM_UP = 400;
    static final int K = 4;
    static final long P = 100_000;
    /** Allowed growth: noise of the allocator and the JIT, far below one K x P array per 100 steps (16 MB). */
    static final long ALLOWED_GROWTH_BYTES = 64L << 20;

    @Test
    void tenThousandStepsDoNotGrowOffHeapMemory() throws InterruptedException {
        List<GradientCombiner> combiners = new ArrayList<>();
        for (String name : new String[] {"graddrop", "moco", "db-mtl", "excess-mtl", "cr-mogm", "modo", "sdmgrad"}) {
            combiners.add(Combiners.create(name, Map.of()));
        }
        TaskGradients g = TaskGradients.allocate(K, P, DataType.FLOAT);
        for (int i = 0; i < K; i++) {
            g.row(i).assign(Nd4j.randn(i, new long[] {P}).muli(i + 1));
        }
        INDArray out = Nd4j.create(DataType.FLOAT, P);
        TaskLosses losses = TaskLosses.of(0.5, 1, 1.5, 2);
        long before = 0;
        for (int step = 0; step < STEPS; step++) {
            if (step == WARM_UP) {
                before = offHeapBytes();
            }
            combiners.get(step % combiners.size()).combineInto(g, losses, out);
        }
        long after = offHeapBytes();
        assertTrue(after - before < ALLOWED_GROWTH_BYTES, "off-heap memory grew by " + (after - before) / (1 << 20)
                + " MB over " + (STEPS - WARM_UP) + " steps");
    }

    private static long offHeapBytes() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // ND4J frees native buffers of collected arrays on its deallocator threads
        }
        return Pointer.physicalBytes() - Runtime.getRuntime().totalMemory();
    }
}
