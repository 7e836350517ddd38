package org.mto4j.training.sweep;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What a {@link TrainingFunction} reports for one run: a metric per task on the train, validation and test
 * splits (losses, accuracies — the unit is the caller's; usually those of the epoch that early stopping chose),
 * and the number of training steps done.
 *
 * <p>Immutable, serializable and thread-safe; arrays are copied on the way in and out. The lengths and finiteness
 * are checked against the run when the outcome is recorded ({@link RunOutcome#execute}): a NaN metric marks the
 * run as failed (a diverged run), it never reaches the results file as a number.
 *
 * @since 0.1.0
 */
public final class RunResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] train;
    private final double[] validation;
    private final double[] test;
    private final long steps;

    private RunResult(double[] train, double[] validation, double[] test, long steps) {
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.steps = steps;
    }

    /**
     * @param train      the metric of each task on the training split
     * @param validation the metric of each task on the validation split
     * @param test       the metric of each task on the test split
     * @param steps      training steps done, &gt;= 0
     * @throws IllegalArgumentException for a null array or negative steps
     */
    public static RunResult of(double[] train, double[] validation, double[] test, long steps) {
        if (train == null || validation == null || test == null) {
            throw new IllegalArgumentException("train, validation and test metrics must not be null, got "
                    + (train == null ? "train " : "") + (validation == null ? "validation " : "")
                    + (test == null ? "test " : "") + "null");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        return new RunResult(train.clone(), validation.clone(), test.clone(), steps);
    }

    /** A copy of the training metrics. */
    public double[] train() {
        return train.clone();
    }

    /** A copy of the validation metrics. */
    public double[] validation() {
        return validation.clone();
    }

    /** A copy of the test metrics. */
    public double[] test() {
        return test.clone();
    }

    public long steps() {
        return steps;
    }

    /** Null when the result suits a run with these tasks, else what is wrong (a length or a non-finite value). */
    String problemFor(RunSpec run) {
        String[] names = {"train", "validation", "test"};
        double[][] all = {train, validation, test};
        for (int s = 0; s < all.length; s++) {
            if (all[s].length != run.numTasks()) {
                return "the training function returned " + all[s].length + " " + names[s] + " metrics for "
                        + run.numTasks() + " tasks " + run.tasks();
            }
            for (int k = 0; k < all[s].length; k++) {
                if (!Double.isFinite(all[s][k])) {
                    return "the " + names[s] + " metric of task '" + run.tasks().get(k) + "' is " + all[s][k]
                            + " (diverged?)";
                }
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RunResult)) {
            return false;
        }
        RunResult r = (RunResult) o;
        return steps == r.steps && Arrays.equals(train, r.train) && Arrays.equals(validation, r.validation)
                && Arrays.equals(test, r.test);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(train) + Arrays.hashCode(validation)) + Arrays.hashCode(test))
                + Long.hashCode(steps);
    }

    @Override
    public String toString() {
        return "train=" + Arrays.toString(train) + " validation=" + Arrays.toString(validation) + " test="
                + Arrays.toString(test) + " steps=" + steps;
    }
}
