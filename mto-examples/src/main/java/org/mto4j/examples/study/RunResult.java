package org.mto4j.examples.study;

import java.util.ArrayList;
import java.util.List;

/**
 * What one training run produced: its status, the per-task metrics (cross-entropy) on the three splits at the
 * parameters early stopping kept, the steps it trained, the step it kept, and its wall-clock training time.
 *
 * <p>A run that failed (diverged to NaN, solver error, ...) has status {@link Status#FAILED}, a message, and
 * empty metric arrays. {@link #csvRow} / {@link #csvHeader} give the row the report reads: mto-pareto's results
 * format plus {@code run_id}, {@code status}, {@code message}, {@code val:<task>}, {@code steps},
 * {@code best_step} and {@code seconds}.
 *
 * @param spec       the run
 * @param status     OK or FAILED
 * @param message    why it failed (empty when OK)
 * @param train      per-task training loss (the low-resource task: over its labeled examples)
 * @param validation per-task validation loss
 * @param test       per-task test loss
 * @param steps      steps trained
 * @param bestStep   the step whose parameters were kept
 * @param seconds    wall-clock seconds of training (steps and evaluations)
 * @since 0.1.0
 */
public record RunResult(RunSpec spec, Status status, String message, double[] train, double[] validation,
        double[] test, long steps, long bestStep, double seconds) {

    /** Whether a run finished. */
    public enum Status {
        OK, FAILED;

        /** The value written to the {@code status} column. */
        public String csv() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RunResult {
        if (spec == null || status == null) {
            throw new IllegalArgumentException("spec and status must not be null");
        }
        message = message == null ? "" : message;
        train = copy(train);
        validation = copy(validation);
        test = copy(test);
        if (status == Status.OK && (test.length == 0 || train.length != test.length
                || validation.length != test.length)) {
            throw new IllegalArgumentException("a finished run needs train, validation and test metrics for every "
                    + "task, got " + train.length + ", " + validation.length + " and " + test.length + " values");
        }
    }

    private static double[] copy(double[] v) {
        return v == null ? new double[0] : v.clone();
    }

    /** A failed run: no metrics. */
    public static RunResult failed(RunSpec spec, String message, long steps, double seconds) {
        return new RunResult(spec, Status.FAILED, message, null, null, null, steps, -1, seconds);
    }

    @Override
    public double[] train() {
        return train.clone();
    }

    @Override
    public double[] validation() {
        return validation.clone();
    }

    @Override
    public double[] test() {
        return test.clone();
    }

    /** The header of a study's results CSV for the given tasks. */
    public static List<String> csvHeader(List<String> tasks) {
        List<String> h = new ArrayList<>(List.of("run_id", "status", "method", "learning_rate", "weight_decay",
                "seed"));
        for (String prefix : List.of("weight:", "train:", "val:", "test:")) {
            tasks.forEach(t -> h.add(prefix + t));
        }
        h.addAll(List.of("steps", "best_step", "seconds", "message"));
        return h;
    }

    /** This run as a row under {@link #csvHeader} for {@code numTasks} tasks. */
    public List<String> csvRow(int numTasks) {
        List<String> row = new ArrayList<>(List.of(spec.id(), status.csv(), spec.method(),
                Double.toString(spec.learningRate()), Double.toString(spec.weightDecay()), Long.toString(spec.seed())));
        for (double[] values : List.of(spec.taskWeights(), train, validation, test)) {
            for (int k = 0; k < numTasks; k++) {
                row.add(values.length == 0 ? "" : Double.toString(values[k]));
            }
        }
        row.addAll(List.of(Long.toString(steps), Long.toString(bestStep), Double.toString(seconds), message));
        return row;
    }
}
