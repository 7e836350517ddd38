package org.mto4j.examples.study.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A minibatch of a {@link MultiTaskDataset} as ND4J arrays, refilled in place by its {@link MinibatchStream}:
 * <pre>
 *   features()   [B, d]     the examples' features
 *   labels(k)    [B, C_k]   one-hot labels of task k; an all-zero row where the example has no label for task k
 *   mask(k)      [B, 1]     1 where the example has a label for task k, else 0
 * </pre>
 * with B the batch size, d the number of features and C_k the number of classes of task k. The arrays are
 * created once, in the given type (FLOAT or DOUBLE), and overwritten by every {@code next()} of the stream;
 * copy them (ND4J {@code dup()}) to keep a batch. See {@link MultiTaskDataset} for the masked loss.
 *
 * <p>Not thread-safe.
 *
 * @since 0.1.0
 */
public final class Minibatch {
    private final MultiTaskDataset data;
    private final int size;
    private final INDArray features;
    private final INDArray[] labels;
    private final INDArray[] masks;
    private final int[] examples;
    private final int[] labeled;
    // host-side staging arrays in the ND4J type, reused for every fill (no allocation per batch)
    private final float[] featureStage;
    private final float[][] labelStage;
    private final float[][] maskStage;

    Minibatch(MultiTaskDataset data, int size, DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("type must be FLOAT or DOUBLE, got " + type);
        }
        this.data = data;
        this.size = size;
        int k = data.numTasks();
        this.features = Nd4j.create(type, size, data.numFeatures());
        this.labels = new INDArray[k];
        this.masks = new INDArray[k];
        this.labelStage = new float[k][];
        this.maskStage = new float[k][];
        for (int t = 0; t < k; t++) {
            labels[t] = Nd4j.create(type, size, data.numClasses(t));
            masks[t] = Nd4j.create(type, size, 1);
            labelStage[t] = new float[size * data.numClasses(t)];
            maskStage[t] = new float[size];
        }
        this.examples = new int[size];
        this.labeled = new int[k];
        this.featureStage = new float[size * data.numFeatures()];
    }

    /** Fills the batch with the examples order[from], ..., order[from + size − 1]. */
    void fill(int[] order, int from) {
        int d = data.numFeatures();
        float[] all = data.featureArray();
        for (int r = 0; r < size; r++) {
            int example = order[from + r];
            examples[r] = example;
            System.arraycopy(all, example * d, featureStage, r * d, d);
        }
        features.data().setData(featureStage);
        for (int t = 0; t < labels.length; t++) {
            int[] y = data.labelArray(t);
            int classes = data.numClasses(t);
            float[] oneHot = labelStage[t];
            float[] mask = maskStage[t];
            java.util.Arrays.fill(oneHot, 0f);
            int count = 0;
            for (int r = 0; r < size; r++) {
                int label = y[examples[r]];
                if (label == MultiTaskDataset.UNLABELED) {
                    mask[r] = 0f;
                } else {
                    mask[r] = 1f;
                    oneHot[r * classes + label] = 1f;
                    count++;
                }
            }
            labeled[t] = count;
            labels[t].data().setData(oneHot);
            masks[t].data().setData(mask);
        }
    }

    /** Number of examples B in the batch. */
    public int size() {
        return size;
    }

    /** The features, [B, d]. */
    public INDArray features() {
        return features;
    }

    /** One-hot labels of a task, [B, C]; zero rows for unlabeled examples. */
    public INDArray labels(int task) {
        return labels[task];
    }

    /** The label mask of a task, [B, 1]: 1 labeled, 0 unlabeled. */
    public INDArray mask(int task) {
        return masks[task];
    }

    /** How many examples of the batch have a label for the task (the denominator of the masked mean loss). */
    public int labeledCount(int task) {
        return labeled[task];
    }

    /** The data-set index of the example in row r. */
    public int example(int row) {
        return examples[row];
    }

    /** The label of row r for a task, or {@link MultiTaskDataset#UNLABELED}. */
    public int label(int task, int row) {
        return data.labelArray(task)[examples[row]];
    }
}
