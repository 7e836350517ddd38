package org.mto4j.examples.study;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.examples.study.data.Minibatch;
import org.mto4j.examples.study.data.MinibatchStream;
import org.mto4j.examples.study.data.MultiDigits;
import org.mto4j.examples.study.data.StudyData;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Measures what one training step of the study's model ({@link ModelSpec#DEFAULT} on Multi-Digits) costs in plain
 * ND4J, to size the default grid ({@link StudyPlan#ONE_BACKWARD_MS}, {@link StudyPlan#PER_TASK_MS}) before
 * mto-training's adapters exist. Hand-written forward and backward passes of the 96 → 64 → 64 → 2 × 10 MLP with
 * the masked cross-entropy, Adam on the flat gradient, minibatches from {@link MinibatchStream}:
 * <pre>
 *   one backward   the gradient of Σ_k w_k L_k: one pass back through the trunk (scalarization, RLW)
 *   per task       K passes back through the trunk into a K x P TaskGradients buffer, then upgrad's combineInto
 * </pre>
 * It reports the calling thread's CPU time per step (the cost on an idle core; on a shared machine wall-clock time
 * mostly measures the other processes) and the wall-clock time, as medians over repetitions. Run with one
 * OpenMP thread, as the study runs each run single-threaded:
 * <pre>
 *   OMP_NUM_THREADS=1 java -cp ... org.mto4j.examples.study.MlpStepTiming [steps per repetition] [repetitions]
 * </pre>
 * Not a benchmark of mto4j: the training adapters will have their own costs.
 */
public final class MlpStepTiming {
    private static final int CLASSES = 10;

    private MlpStepTiming() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        StudyData data = MultiDigits.standard();
        ModelSpec model = ModelSpec.DEFAULT;
        System.out.printf(Locale.ROOT, "model %s%nshared parameters %d, %d steps per repetition, %d repetitions, "
                + "OMP_NUM_THREADS=%s, %d cores%n", model, model.sharedParameters(data.train().numFeatures()), steps,
                reps, System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors());
        for (boolean perTask : new boolean[] {false, true}) {
            Step step = new Step(data, model, perTask);
            step.run(steps); // warm-up
            double[] cpu = new double[reps];
            double[] wall = new double[reps];
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int r = 0; r < reps; r++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                step.run(steps);
                wall[r] = (System.nanoTime() - t0) / 1e6 / steps;
                cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e6 / steps;
            }
            System.out.printf(Locale.ROOT, "%-44s median thread CPU %.2f ms/step, median wall %.2f ms/step "
                    + "(CPU per repetition %s)%n", perTask ? "per task (2 backward passes + upgrad)"
                            : "one backward (weighted loss)", median(cpu), median(wall),
                    Arrays.toString(Arrays.stream(cpu).map(v -> Math.round(v * 100) / 100.0).toArray()));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** One model and its training state. */
    private static final class Step {
        private final MinibatchStream batches;
        private final boolean perTask;
        private final INDArray w1;
        private final INDArray b1;
        private final INDArray w2;
        private final INDArray b2;
        private final INDArray[] head = new INDArray[2];
        private final INDArray[] headBias = new INDArray[2];
        private final INDArray flatGradient;
        private final INDArray sharedGradient;
        private final GradientUpdater<?> adam;
        private final TaskGradients jacobian;
        private final GradientCombiner combiner = Combiners.create("upgrad", Map.of());
        private final long sharedCount;
        private int iteration;

        Step(StudyData data, ModelSpec model, boolean perTask) {
            this.perTask = perTask;
            this.batches = data.train().shuffled(model.batchSize(), 1, model.dataType());
            int d = data.train().numFeatures();
            int h1 = model.hidden()[0];
            int h2 = model.hidden()[1];
            Nd4j.getRandom().setSeed(1);
            var type = model.dataType();
            w1 = Nd4j.randn(type, d, h1).muli(Math.sqrt(2.0 / d));
            b1 = Nd4j.zeros(type, 1, h1);
            w2 = Nd4j.randn(type, h1, h2).muli(Math.sqrt(2.0 / h1));
            b2 = Nd4j.zeros(type, 1, h2);
            for (int k = 0; k < 2; k++) {
                head[k] = Nd4j.randn(type, h2, CLASSES).muli(Math.sqrt(1.0 / h2));
                headBias[k] = Nd4j.zeros(type, 1, CLASSES);
            }
            sharedCount = model.sharedParameters(d);
            long total = sharedCount + 2L * (h2 * CLASSES + CLASSES);
            flatGradient = Nd4j.create(type, 1, total);
            sharedGradient = flatGradient.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, sharedCount));
            adam = new Adam(1e-3).instantiate(Nd4j.zeros(type, 1, 2 * total), true);
            jacobian = TaskGradients.allocate(2, sharedCount, type);
        }

        void run(int steps) {
            for (int s = 0; s < steps; s++) {
                step(batches.next());
            }
        }

        private void step(Minibatch b) {
            INDArray x = b.features();
            INDArray z1 = x.mmul(w1).addiRowVector(b1);
            INDArray a1 = Transforms.relu(z1, true);
            INDArray z2 = a1.mmul(w2).addiRowVector(b2);
            INDArray a2 = Transforms.relu(z2, true);
            INDArray d1 = a1.gt(0).castTo(x.dataType());
            INDArray d2 = a2.gt(0).castTo(x.dataType());
            INDArray[] dLogits = new INDArray[2];
            double[] losses = new double[2];
            for (int k = 0; k < 2; k++) {
                INDArray p = Transforms.softmax(a2.mmul(head[k]).addiRowVector(headBias[k]), true);
                int labeled = Math.max(1, b.labeledCount(k));
                losses[k] = -Transforms.log(p.add(1e-12), false).muli(b.labels(k)).sumNumber().doubleValue() / labeled;
                // masked mean cross-entropy: (p − y) ∘ m / Σm
                dLogits[k] = p.subi(b.labels(k)).muliColumnVector(b.mask(k)).divi(labeled);
                a2.transpose().mmul(dLogits[k]);
                dLogits[k].sum(0);
            }
            if (perTask) {
                for (int k = 0; k < 2; k++) {
                    backThroughTrunk(x, a1, d1, d2, dLogits[k].mmul(head[k].transpose()), jacobian.row(k));
                }
                combiner.combineInto(jacobian, TaskLosses.of(losses), sharedGradient);
            } else {
                INDArray up = dLogits[0].mmul(head[0].transpose()).muli(0.5)
                        .addi(dLogits[1].mmul(head[1].transpose()).muli(0.5));
                backThroughTrunk(x, a1, d1, d2, up, sharedGradient);
            }
            adam.applyUpdater(flatGradient, iteration++, 0);
        }

        /** Gradient of the trunk's parameters from the gradient at its output, written into {@code out}. */
        private void backThroughTrunk(INDArray x, INDArray a1, INDArray d1, INDArray d2, INDArray up, INDArray out) {
            INDArray dz2 = up.muli(d2);
            INDArray gw2 = a1.transpose().mmul(dz2);
            INDArray gb2 = dz2.sum(0);
            INDArray dz1 = dz2.mmul(w2.transpose()).muli(d1);
            INDArray gw1 = x.transpose().mmul(dz1);
            INDArray gb1 = dz1.sum(0);
            long at = 0;
            for (INDArray g : new INDArray[] {gw1, gb1, gw2, gb2}) {
                out.get(NDArrayIndex.interval(at, at + g.length())).assign(g.reshape(g.length()));
                at += g.length();
            }
        }
    }
}
