package org.mto4j.pareto.eval;

import java.util.Arrays;
import java.util.Objects;

/**
 * One trained model: the method that trained it, its hyper-parameters, its seed and its metrics per task.
 *
 * <p>{@code taskWeights} are the scalarization weights of a weighted-sum run (empty for methods that do not
 * take task weights); {@code train} may be empty when only test metrics were recorded. Arrays are copied on
 * the way in and on the way out, so a {@code Run} is immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Run {
    private final String method;
    private final double learningRate;
    private final double weightDecay;
    private final double[] taskWeights;
    private final long seed;
    private final double[] train;
    private final double[] test;

    /**
     * @param method       name of the training method, non-empty
     * @param learningRate learning rate, finite and &gt; 0
     * @param weightDecay  weight decay, finite and &gt;= 0
     * @param taskWeights  scalarization weights, one per task, or empty
     * @param seed         random seed of the run
     * @param train        training metric per task, or empty
     * @param test         test metric per task
     */
    public Run(String method, double learningRate, double weightDecay, double[] taskWeights, long seed,
            double[] train, double[] test) {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("method must be a non-empty name, got " + method);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
        this.method = method;
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.taskWeights = finite(taskWeights, "taskWeights").clone();
        this.seed = seed;
        this.train = finite(train, "train").clone();
        this.test = finite(test, "test").clone();
        for (double w : this.taskWeights) {
            if (w < 0) {
                throw new IllegalArgumentException("taskWeights must be >= 0, got " + Arrays.toString(taskWeights));
            }
        }
    }

    private static double[] finite(double[] v, String name) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must not be null (use an empty array)");
        }
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k])) {
                throw new IllegalArgumentException(name + "[" + k + "] must be finite, got " + v[k]);
            }
        }
        return v;
    }

    public String method() {
        return method;
    }

    public double learningRate() {
        return learningRate;
    }

    public double weightDecay() {
        return weightDecay;
    }

    /** Returns a copy of the scalarization weights (empty for methods without task weights). */
    public double[] taskWeights() {
        return taskWeights.clone();
    }

    public long seed() {
        return seed;
    }

    /** Returns a copy of the metrics of the given split (train may be empty). */
    public double[] metrics(Split split) {
        return (split == Split.TRAIN ? train : test).clone();
    }

    double metric(Split split, int task) {
        return (split == Split.TRAIN ? train : test)[task];
    }

    int metricCount(Split split) {
        return (split == Split.TRAIN ? train : test).length;
    }

    boolean hasTaskWeights() {
        return taskWeights.length > 0;
    }

    boolean sameTaskWeights(Run other) {
        return Arrays.equals(taskWeights, other.taskWeights);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Run)) {
            return false;
        }
        Run r = (Run) o;
        return method.equals(r.method) && learningRate == r.learningRate && weightDecay == r.weightDecay
                && seed == r.seed && Arrays.equals(taskWeights, r.taskWeights) && Arrays.equals(train, r.train)
                && Arrays.equals(test, r.test);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, learningRate, weightDecay, seed, Arrays.hashCode(taskWeights),
                Arrays.hashCode(train), Arrays.hashCode(test));
    }

    @Override
    public String toString() {
        return method + "(lr=" + learningRate + ", wd=" + weightDecay
                + (taskWeights.length > 0 ? ", w=" + Arrays.toString(taskWeights) : "") + ", seed=" + seed + ")";
    }
}
