package org.mto4j.core;

import java.util.Arrays;

/**
 * The K per-task loss values of one step, for the methods that weight by loss (MGDA's loss normalisation,
 * DWA, uncertainty weighting, ...). Immutable.
 *
 * @since 0.1.0
 */
public final class TaskLosses {

    private final double[] values;

    private TaskLosses(double[] values) {
        this.values = values;
    }

    /**
     * The losses of the K tasks at this step.
     *
     * @param values K &ge; 1 finite loss values; copied, not modified
     * @return the losses
     * @throws IllegalArgumentException if empty or any value is NaN or infinite (the message names the task)
     */
    public static TaskLosses of(double... values) {
        Checks.notNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("values must hold one loss per task, got 0");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("loss of task " + i + " must be finite, got " + values[i]);
            }
        }
        return new TaskLosses(values.clone());
    }

    /** {@return K} */
    public int size() {
        return values.length;
    }

    /**
     * The loss of one task.
     *
     * @param i a task index in [0, K)
     * @return the loss of task {@code i}
     */
    public double get(int i) {
        return values[i];
    }

    /** {@return a copy of the values} */
    public double[] toArray() {
        return values.clone();
    }

    /**
     * Checks that these losses suit {@code numTasks} tasks.
     *
     * @param numTasks K
     * @return these losses
     * @throws IllegalArgumentException naming both counts otherwise
     */
    public TaskLosses requireSize(int numTasks) {
        if (values.length != numTasks) {
            throw new IllegalArgumentException("losses must hold one value per task: got " + values.length
                    + " losses for " + numTasks + " tasks");
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskLosses && Arrays.equals(values, ((TaskLosses) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "TaskLosses" + Arrays.toString(values);
    }
}
