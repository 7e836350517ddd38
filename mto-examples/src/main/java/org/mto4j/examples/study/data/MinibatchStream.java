package org.mto4j.examples.study.data;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An endless, reproducible stream of full shuffled minibatches over one {@link MultiTaskDataset}.
 * <pre>
 *   epoch e:  a permutation πₑ of the n examples, drawn from Random(seed) (Fisher-Yates, java.util.Random)
 *   stream:   π₀ ‖ π₁ ‖ π₂ ‖ ...  cut into consecutive batches of B examples
 * </pre>
 * A batch that reaches the end of an epoch's permutation continues with the next one, so every batch has
 * exactly B examples and every example is seen once per epoch. The same seed gives the same batches on every
 * machine ({@code java.util.Random}'s sequence is specified by the JDK).
 *
 * <p>{@link #next()} refills one {@link Minibatch} in place: nothing is allocated per batch. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class MinibatchStream {
    private final MultiTaskDataset data;
    private final Random random;
    private final int[] permutation;
    private final int[] window;
    private final Minibatch batch;
    private int position;
    private long epochs;
    private long batches;

    MinibatchStream(MultiTaskDataset data, int batchSize, long seed, DataType type) {
        if (batchSize < 1 || batchSize > data.size()) {
            throw new IllegalArgumentException("batchSize must be in [1, " + data.size() + "] (the size of "
                    + data.name() + "), got " + batchSize);
        }
        this.data = data;
        this.random = new Random(seed);
        this.permutation = new int[data.size()];
        this.window = new int[batchSize];
        this.batch = new Minibatch(data, batchSize, type);
        java.util.Arrays.setAll(permutation, i -> i);
        shuffle();
    }

    private void shuffle() {
        for (int i = permutation.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = tmp;
        }
        position = 0;
    }

    /** Fills and returns the next batch (the same object at every call). */
    public Minibatch next() {
        for (int r = 0; r < window.length; r++) {
            window[r] = permutation[position++];
            if (position == permutation.length) {
                epochs++;
                shuffle();
            }
        }
        batches++;
        batch.fill(window, 0);
        return batch;
    }

    /** The batch size B. */
    public int batchSize() {
        return window.length;
    }

    /** Number of batches returned so far. */
    public long batches() {
        return batches;
    }

    /** Number of epochs completed so far (permutations used up). */
    public long epochs() {
        return epochs;
    }

    /** The data set this stream draws from. */
    public MultiTaskDataset data() {
        return data;
    }
}
