package org.mto4j.training.recipes;

import java.util.Map;
import java.util.Random;

import org.mto4j.core.Combiners;
import org.mto4j.core.TaskLosses;
import org.mto4j.training.MultiTaskStep;
import org.mto4j.training.StepReport;
import org.mto4j.training.samediff.SameDiffMultiTask;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/** Two regression tasks on a shared trunk, trained with UPGrad through SameDiff. */
public class SameDiffRecipe {

    public static void main(String[] args) {
        // 1. The model: a shared trunk, one head per task, and one scalar loss variable per task.
        Nd4j.getRandom().setSeed(42);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable yA = sd.placeHolder("y_a", DataType.FLOAT, -1, 1);
        SDVariable yB = sd.placeHolder("y_b", DataType.FLOAT, -1, 1);
        SDVariable trunkW = sd.var("trunk_w", Nd4j.randn(DataType.FLOAT, 4, 16).muli(0.5));
        SDVariable trunkB = sd.var("trunk_b", Nd4j.zeros(DataType.FLOAT, 16));
        SDVariable h = sd.math.tanh(x.mmul(trunkW).add(trunkB));
        SDVariable predA = h.mmul(sd.var("head_a_w", Nd4j.randn(DataType.FLOAT, 16, 1).muli(0.25)))
                .add(sd.var("head_a_b", Nd4j.zeros(DataType.FLOAT, 1)));
        SDVariable predB = h.mmul(sd.var("head_b_w", Nd4j.randn(DataType.FLOAT, 16, 1).muli(0.25)))
                .add(sd.var("head_b_b", Nd4j.zeros(DataType.FLOAT, 1)));
        sd.loss.meanSquaredError("loss_a", yA, predA, null);   // a SameDiff loss op ...
        SDVariable errB = predB.sub(yB);
        errB.mul(errB).mean().rename("loss_b");                 // ... or basic ops: both are fine

        // 2. The step: shared variables, each task's loss and head variables, the method and the updater.
        MultiTaskStep<Map<String, INDArray>> step = SameDiffMultiTask.builder(sd)
                .sharedVariables("trunk_w", "trunk_b")
                .task("a", "loss_a", "head_a_w", "head_a_b")
                .task("b", "loss_b", "head_b_w", "head_b_b")
                .combiner(Combiners.create("upgrad", Map.of()))
                .updater(new Adam(0.03))
                .build();

        // 3. Train: batches are placeholder values; endEpoch after every epoch.
        Map<String, INDArray> train = data(256, 1);
        Map<String, INDArray> validation = data(256, 2);
        TaskLosses before = step.evaluate(validation);
        for (int epoch = 0; epoch < 6; epoch++) {
            double[] sum = new double[2];
            for (int b = 0; b < 8; b++) {
                StepReport report = step.fit(slice(train, 32 * b, 32 * (b + 1)));
                sum[0] += report.losses()[0] / 8;
                sum[1] += report.losses()[1] / 8;
            }
            step.endEpoch(TaskLosses.of(sum));
        }
        TaskLosses after = step.evaluate(validation);
        System.out.printf("task a: %.4f -> %.4f, task b: %.4f -> %.4f%n", before.get(0), after.get(0),
                before.get(1), after.get(1));
        // The graph itself holds the trained parameters: sd.output(validation, "loss_a") gives the same loss.
        if (!(after.get(0) < 0.5 * before.get(0) && after.get(1) < 0.5 * before.get(1))) {
            throw new IllegalStateException("training did not halve both losses");
        }
    }

    /** n examples: y_a = sin(x0 + x1), y_b = x2 - x3 / 2. */
    static Map<String, INDArray> data(int n, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][4];
        float[][] a = new float[n][1];
        float[][] b = new float[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            a[i][0] = (float) Math.sin(x[i][0] + x[i][1]);
            b[i][0] = x[i][2] - x[i][3] / 2;
        }
        return Map.of("x", Nd4j.createFromArray(x), "y_a", Nd4j.createFromArray(a), "y_b", Nd4j.createFromArray(b));
    }

    static Map<String, INDArray> slice(Map<String, INDArray> data, int from, int to) {
        return Map.of("x", data.get("x").get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                "y_a", data.get("y_a").get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                "y_b", data.get("y_b").get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
    }
}
