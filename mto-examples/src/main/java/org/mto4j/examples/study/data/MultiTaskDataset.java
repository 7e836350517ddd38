package org.mto4j.examples.study.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One split (train, validation or test) of a multi-task classification data set: n examples of d features
 * each, and for every task one class label per example or {@link #UNLABELED}.
 *
 * <p>Features are one row-major {@code float[]} (n · d values), labels one {@code int[]} per task. An
 * unlabeled example (the low-resource variant) still has its features and the other tasks' labels; a training
 * loop masks it out of that task's loss, with {@link Minibatch#mask(int)}:
 * <pre>
 *   L_k = Σᵢ mᵢₖ · ℓₖ(xᵢ, yᵢₖ) / max(1, Σᵢ mᵢₖ)        mᵢₖ = 1 if example i has a label for task k, else 0
 * </pre>
 * so each task's loss is the mean over its labeled examples of the batch (0, with no gradient, when there are
 * none). The one-hot label rows of unlabeled examples are all zero, so the cross-entropy −Σ_c y_c log p_c of such
 * a row is already 0; the mask supplies the right denominator.
 *
 * <p>Each example also records, per task, the index of the source image it was made from, so that a test can
 * check that no source image is shared between splits.
 *
 * <p>Immutable and thread-safe; accessors that return arrays return copies. Serializable, so that a training
 * function holding the data can go to another process.
 *
 * @since 0.1.0
 */
public final class MultiTaskDataset implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Label of an example that has no label for a task. */
    public static final int UNLABELED = -1;

    private final String name;
    private final float[] features;
    private final int numFeatures;
    private final List<String> tasks;
    private final int[][] labels;
    private final int[] numClasses;
    private final int[][] sources;
    private final int imageHeight;
    private final int imageWidth;

    /**
     * Wraps the arrays without copying; package-private so that only the builders in this package, which hand
     * over fresh arrays, can create one.
     */
    MultiTaskDataset(String name, float[] features, int numFeatures, List<String> tasks, int[][] labels,
            int[] numClasses, int[][] sources, int imageHeight, int imageWidth) {
        int n = labels[0].length;
        if (features.length != (long) n * numFeatures || imageHeight * imageWidth != numFeatures) {
            throw new IllegalArgumentException(name + ": " + features.length + " feature values for " + n
                    + " examples of " + numFeatures + " features (" + imageHeight + " x " + imageWidth + ")");
        }
        for (int k = 0; k < labels.length; k++) {
            if (labels[k].length != n || sources[k].length != n) {
                throw new IllegalArgumentException(name + ": task " + k + " has " + labels[k].length + " labels and "
                        + sources[k].length + " sources for " + n + " examples");
            }
            for (int i = 0; i < n; i++) {
                if (labels[k][i] < UNLABELED || labels[k][i] >= numClasses[k]) {
                    throw new IllegalArgumentException(name + ": label of example " + i + " for task " + k + " is "
                            + labels[k][i] + ", expected " + UNLABELED + " or [0, " + numClasses[k] + ")");
                }
            }
        }
        this.name = name;
        this.features = features;
        this.numFeatures = numFeatures;
        this.tasks = List.copyOf(tasks);
        this.labels = labels;
        this.numClasses = numClasses;
        this.sources = sources;
        this.imageHeight = imageHeight;
        this.imageWidth = imageWidth;
    }

    /** A short name, e.g. {@code multi-digits/train}. */
    public String name() {
        return name;
    }

    /** Number of examples n. */
    public int size() {
        return labels[0].length;
    }

    /** Number of features d of every example (image height × width). */
    public int numFeatures() {
        return numFeatures;
    }

    /** Image height; features are the pixels of an imageHeight × imageWidth image, row-major. */
    public int imageHeight() {
        return imageHeight;
    }

    /** Image width. */
    public int imageWidth() {
        return imageWidth;
    }

    public int numTasks() {
        return tasks.size();
    }

    /** Task names, e.g. {@code [left, right]}. */
    public List<String> tasks() {
        return tasks;
    }

    /** Number of classes of a task. */
    public int numClasses(int task) {
        return numClasses[task];
    }

    /** Feature j of example i. */
    public float feature(int example, int j) {
        return features[example * numFeatures + j];
    }

    /** Copies the d features of an example into {@code dst} at {@code offset}. */
    public void copyFeatures(int example, float[] dst, int offset) {
        System.arraycopy(features, example * numFeatures, dst, offset, numFeatures);
    }

    /** A copy of every feature (n · d values, row-major). */
    public float[] features() {
        return features.clone();
    }

    /** Every feature as double (n · d values, row-major, a new array). */
    public double[] featuresAsDouble() {
        double[] out = new double[features.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = features[i];
        }
        return out;
    }

    /** The label of example i for a task, or {@link #UNLABELED}. */
    public int label(int task, int example) {
        return labels[task][example];
    }

    /** A copy of a task's labels ({@link #UNLABELED} where there is none). */
    public int[] labels(int task) {
        return labels[task].clone();
    }

    /** How many examples have a label for the task. */
    public int labeledCount(int task) {
        int count = 0;
        for (int y : labels[task]) {
            count += y == UNLABELED ? 0 : 1;
        }
        return count;
    }

    /** The index of the source image that example i shows for a task (its left or right digit). */
    public int source(int task, int example) {
        return sources[task][example];
    }

    /** The whole split as one minibatch in example order (new ND4J arrays; create it once and reuse it). */
    public Minibatch asMinibatch(DataType type) {
        Minibatch batch = new Minibatch(this, size(), type);
        int[] order = new int[size()];
        Arrays.setAll(order, i -> i);
        batch.fill(order, 0);
        return batch;
    }

    /**
     * An endless stream of shuffled minibatches of {@code batchSize} examples: each epoch is a new permutation
     * drawn from {@code seed}, and a batch that reaches the end of a permutation continues into the next one,
     * so every batch is full. One {@link Minibatch} is filled in place at every call.
     */
    public MinibatchStream shuffled(int batchSize, long seed, DataType type) {
        return new MinibatchStream(this, batchSize, seed, type);
    }

    int[] labelArray(int task) {
        return labels[task];
    }

    float[] featureArray() {
        return features;
    }

    /**
     * This split with the labels of one task hidden wherever {@code keep} is false for the example's source
     * image of that task (features, other tasks and sources shared).
     */
    MultiTaskDataset hideLabels(int task, java.util.function.IntPredicate keepSource, String newName) {
        int[][] newLabels = labels.clone();
        newLabels[task] = labels[task].clone();
        for (int i = 0; i < newLabels[task].length; i++) {
            if (!keepSource.test(sources[task][i])) {
                newLabels[task][i] = UNLABELED;
            }
        }
        return new MultiTaskDataset(newName, features, numFeatures, tasks, newLabels, numClasses, sources,
                imageHeight, imageWidth);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name).append(": ").append(size()).append(" examples x ")
                .append(numFeatures).append(" features (").append(imageHeight).append(" x ").append(imageWidth)
                .append(')');
        for (int k = 0; k < tasks.size(); k++) {
            b.append(", ").append(tasks.get(k)).append(": ").append(numClasses[k]).append(" classes");
            int labeled = labeledCount(k);
            if (labeled < size()) {
                b.append(", ").append(labeled).append(" labeled");
            }
        }
        return b.toString();
    }
}
