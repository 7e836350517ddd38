package org.mto4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.CrossBatchCombiner;
import org.mto4j.core.CrossGramian;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every registered method that can run on a column-sharded J gives the unsharded direction from 3 uneven column
 * shards, over several steps so that stateful methods are covered too:
 * <ul>
 *   <li>Gram methods ({@link GramCombiner}: every Gram weighting, CR-MOGM around any of them): partial Gram
 *   matrices summed, weights once per step, each shard combined with the same weights;</li>
 *   <li>cross-batch methods ({@link CrossBatchCombiner}: MoDo, SDMGrad): the same with the cross Gram matrices of
 *   two batches' shards, each shard of the third batch combined with the weights.</li>
 * </ul>
 * Not covered, because they have no sharded form: loss weightings (their weights need no J; each shard simply
 * applies them) and the full-Jacobian methods (GradDrop, TrimmedMean, MoCo, DB-MTL, ExcessMTL), which work on
 * whole columns or keep K x P state of their own.
 */
class ShardingTest {

    static final double RELATIVE_TOLERANCE = 1e-12;
    static final int STEPS = 3;

    static Stream<String> gramMethods() {
        return Combiners.names().stream().filter(n -> Combiners.create(n, DegenerateInputsTest.defaults(n, 3))
                instanceof GramCombiner);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gramMethods")
    void threeUnevenShardsGiveTheUnshardedDirection(String name) {
        for (int k : new int[] {2, 3, 5}) {
            GramCombiner whole = (GramCombiner) Combiners.create(name, DegenerateInputsTest.defaults(name, k));
            GramCombiner sharded = (GramCombiner) Combiners.create(name, DegenerateInputsTest.defaults(name, k));
            Random random = new Random(17L * k);
            for (int step = 0; step < STEPS; step++) {
                int p = 101;
                double[][] j = GramTestSupport.conflictingMatrix(1000L * k + step, k, p);
                double[] loss = new double[k];
                for (int i = 0; i < k; i++) {
                    loss[i] = 0.1 + random.nextDouble();
                }
                TaskLosses losses = TaskLosses.of(loss);
                TaskGradients g = GramTestSupport.toGradients(j, DataType.DOUBLE);
                Combination expected;
                try {
                    expected = whole.combine(g, losses);
                } catch (IllegalArgumentException tooFewTasks) {
                    // A method that rejects this K (Krum needs K >= f + 3) must reject it on the sharded path too.
                    assertThrows(IllegalArgumentException.class, () -> sharded.weigh(sharded.gramian(g), losses),
                            name + " K=" + k + ": " + tooFewTasks.getMessage());
                    break;
                }

                long[] cuts = {0, 7, 60, p};
                List<Gramian> parts = new ArrayList<>();
                List<TaskGradients> shards = new ArrayList<>();
                for (int s = 0; s < 3; s++) {
                    INDArray view = g.matrix().get(NDArrayIndex.all(), NDArrayIndex.interval(cuts[s], cuts[s + 1]));
                    TaskGradients shard = TaskGradients.of(view);
                    shards.add(shard);
                    parts.add(sharded.gramian(shard));
                }
                Weights w = sharded.weigh(Gramian.sum(parts), losses);
                double[] actual = new double[p];
                for (int s = 0; s < 3; s++) {
                    INDArray out = Nd4j.create(DataType.DOUBLE, cuts[s + 1] - cuts[s]);
                    double[] part = GramTestSupport.toDoubles(sharded.combineShardInto(shards.get(s), w, out));
                    System.arraycopy(part, 0, actual, (int) cuts[s], part.length);
                }
                double[] want = GramTestSupport.toDoubles(expected.direction());
                double err = GramTestSupport.relativeError(actual, want);
                assertTrue(err <= RELATIVE_TOLERANCE, name + " K=" + k + " step " + step + ": relative error " + err);
                assertArrayEquals(expected.weights(), w.values(), 1e-12 * (1 + max(expected.weights())), name);
            }
        }
    }

    static Stream<String> crossBatchMethods() {
        return Combiners.names().stream().filter(n -> Combiners.create(n, DegenerateInputsTest.defaults(n, 3))
                instanceof CrossBatchCombiner);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossBatchMethods")
    void threeUnevenShardsOfThreeBatchesGiveTheUnshardedDirection(String name) {
        for (int k : new int[] {2, 3, 5}) {
            CrossBatchCombiner whole = (CrossBatchCombiner) Combiners.create(name, DegenerateInputsTest.defaults(name,
                    k));
            CrossBatchCombiner sharded = (CrossBatchCombiner) Combiners.create(name,
                    DegenerateInputsTest.defaults(name, k));
            for (int step = 0; step < STEPS; step++) {
                int p = 101;
                TaskGradients[] batches = new TaskGradients[3];
                for (int b = 0; b < 3; b++) {
                    batches[b] = GramTestSupport.toGradients(
                            GramTestSupport.conflictingMatrix(1000L * k + 10 * step + b, k, p), DataType.DOUBLE);
                }
                Combination expected = whole.combine(batches[0], batches[1], batches[2], null);
                long[] cuts = {0, 7, 60, p};
                List<CrossGramian> parts = new ArrayList<>();
                for (int s = 0; s < 3; s++) {
                    parts.add(sharded.crossGramian(shard(batches[0], cuts[s], cuts[s + 1]),
                            shard(batches[1], cuts[s], cuts[s + 1])));
                }
                Weights w = sharded.weigh(CrossGramian.sum(parts), null);
                double[] actual = new double[p];
                for (int s = 0; s < 3; s++) {
                    INDArray out = Nd4j.create(DataType.DOUBLE, cuts[s + 1] - cuts[s]);
                    double[] part = GramTestSupport.toDoubles(
                            sharded.combineShardInto(shard(batches[2], cuts[s], cuts[s + 1]), w, out));
                    System.arraycopy(part, 0, actual, (int) cuts[s], part.length);
                }
                double err = GramTestSupport.relativeError(actual, GramTestSupport.toDoubles(expected.direction()));
                assertTrue(err <= RELATIVE_TOLERANCE, name + " K=" + k + " step " + step + ": relative error " + err);
                assertArrayEquals(expected.weights(), w.values(), 1e-12 * (1 + max(expected.weights())), name);
            }
        }
    }

    private static TaskGradients shard(TaskGradients g, long from, long to) {
        return TaskGradients.of(g.matrix().get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)));
    }

    private static double max(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

}
