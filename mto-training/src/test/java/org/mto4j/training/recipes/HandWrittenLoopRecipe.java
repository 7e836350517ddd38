package org.mto4j.training.recipes;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.mto4j.core.Combination;
import org.mto4j.core.Combiners;
import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskGradients;
import org.mto4j.core.TaskLosses;
import org.mto4j.training.FlatParameters;
import org.mto4j.training.FlatUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * A hand-written ND4J loop: a shared linear layer W and one linear head vᵢ per task, ŷᵢ = x W vᵢ, gradients by
 * hand, combined with PCGrad and applied by one AdamW step over a flat buffer.
 */
public class HandWrittenLoopRecipe {

    public static void main(String[] args) {
        int inputs = 4;
        int hidden = 8;
        String[] heads = {"v_a", "v_b"};

        // 1. One flat buffer: the shared W first, then each task's head. param(...) are views of it.
        FlatParameters flat = FlatParameters.builder(DataType.DOUBLE, 2)
                .shared("w", inputs, hidden)
                .head(0, "v_a", hidden, 1)
                .head(1, "v_b", hidden, 1)
                .build();
        Random random = new Random(42);
        for (String name : flat.names()) {
            INDArray p = flat.param(name);
            for (long i = 0; i < p.length(); i++) {
                p.putScalar(i, 0.3 * random.nextGaussian());
            }
        }
        // AdamW: Adam plus decoupled weight decay scaled by the learning rate, as ND4J's own training applies it.
        FlatUpdater updater = new FlatUpdater(new Adam(0.02), List.of(new WeightDecay(1e-4, true)),
                flat.numParams(), DataType.DOUBLE);
        // 2. The Jacobian of the shared parameters, allocated once; one view of W inside each task's row.
        TaskGradients jacobian = flat.newJacobian();
        INDArray[] rowOfW = {flat.jacobianView(jacobian, 0, "w"), flat.jacobianView(jacobian, 1, "w")};
        GradientCombiner combiner = Combiners.create("pcgrad", Map.of("seed", 7L));

        // Two linear tasks on 128 examples: y_a = x·a, y_b = x·b.
        double[][] features = new double[128][inputs];
        for (double[] row : features) {
            for (int j = 0; j < inputs; j++) {
                row[j] = random.nextGaussian();
            }
        }
        INDArray x = Nd4j.createFromArray(features);
        INDArray[] y = {x.mmul(Nd4j.createFromArray(new double[][] {{1}, {-2}, {0.5}, {0}})),
                x.mmul(Nd4j.createFromArray(new double[][] {{0}, {1}, {1}, {-1}}))};
        double[] first = null;
        double[] losses = new double[2];
        for (int iteration = 0; iteration < 300; iteration++) {
            // 3. Per-task gradients: row i of J for W, the gradient buffer for task i's head.
            INDArray z = x.mmul(flat.param("w"));                              // [n, hidden]
            for (int t = 0; t < 2; t++) {
                INDArray v = flat.param(heads[t]);
                INDArray err = z.mmul(v).subi(y[t]);                           // ŷ − y, [n, 1]
                losses[t] = err.mul(err).meanNumber().doubleValue();
                INDArray dPred = err.muli(2.0 / x.rows());                     // ∂L/∂ŷ
                flat.gradient(heads[t]).assign(z.transpose().mmul(dPred));     // ∂L/∂vᵢ = zᵀ ∂L/∂ŷ
                rowOfW[t].assign(x.transpose().mmul(dPred.mmul(v.transpose()))); // ∂L/∂W = xᵀ (∂L/∂ŷ) vᵢᵀ
            }
            if (first == null) {
                first = losses.clone();
            }
            // 4. The combiner writes the shared direction straight into the gradient buffer; one update follows.
            Combination c = combiner.combineInto(jacobian, TaskLosses.of(losses), flat.sharedGradient());
            updater.apply(flat.params(), flat.gradients(), iteration, 0);
            if (iteration % 100 == 0) {
                System.out.printf("iteration %d: losses %.4f %.4f, weights %.3f %.3f%n", iteration, losses[0],
                        losses[1], c.weights()[0], c.weights()[1]);
            }
        }
        System.out.printf("task a: %.4f -> %.4f, task b: %.4f -> %.4f%n", first[0], losses[0], first[1], losses[1]);
        if (!(losses[0] < 0.1 * first[0] && losses[1] < 0.1 * first[1])) {
            throw new IllegalStateException("training did not reduce both losses tenfold");
        }
    }
}
