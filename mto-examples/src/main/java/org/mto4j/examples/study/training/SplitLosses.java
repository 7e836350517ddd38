package org.mto4j.examples.study.training;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.mto4j.examples.study.data.MultiTaskDataset;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-task cross-entropy of a study network on one whole split, in inference mode:
 * <pre>
 *   L_k = −Σᵢ mᵢₖ log max(p_k(yᵢₖ | xᵢ), ε) / max(1, Σᵢ mᵢₖ)      ε = 1e-10 (DL4J's softmax clipping)
 * </pre>
 * the masked mean of {@link MaskedMeanCrossEntropy} (every example counts where the split has all its labels),
 * summed in double on the host from the network's probabilities. Holds the split's features as one ND4J array,
 * created once per run. Not thread-safe (one per run).
 */
final class SplitLosses {
    /** DL4J's default clipping of softmax probabilities in its cross-entropy (LossMCXENT). */
    static final double CLIP = 1e-10;

    private final INDArray features;
    private final int[][] labels;

    SplitLosses(MultiTaskDataset split, DataType type) {
        this.features = Nd4j.createFromArray(split.features()).reshape(split.size(), split.numFeatures())
                .castTo(type);
        this.labels = new int[split.numTasks()][];
        for (int k = 0; k < labels.length; k++) {
            labels[k] = split.labels(k);
        }
    }

    /** The K losses of the graph's outputs (output k is task k). */
    double[] of(ComputationGraph graph) {
        INDArray[] out = graph.output(false, features);
        double[] losses = new double[labels.length];
        for (int k = 0; k < labels.length; k++) {
            int classes = (int) out[k].size(1);
            // one bulk copy (INDArray.toDoubleMatrix reads row by row: 7x the forward pass here)
            double[] p = out[k].dup('c').data().asDouble();
            double sum = 0;
            int labeled = 0;
            for (int i = 0; i < labels[k].length; i++) {
                int y = labels[k][i];
                if (y != MultiTaskDataset.UNLABELED) {
                    sum -= Math.log(Math.max(p[i * classes + y], CLIP));
                    labeled++;
                }
            }
            losses[k] = sum / Math.max(1, labeled);
        }
        return losses;
    }
}
