package org.mto4j.pareto.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import org.mto4j.pareto.Sense;

/**
 * The results of a study: one {@link Run} per trained model, the task names, and the sense of each task's
 * metric (loss: MINIMIZE; accuracy: MAXIMIZE). This is the input of the evaluation workflow of
 * D. Xin, B. Ghorbani, A. Garg, O. Firat, J. Gilmer, "Do current multi-task optimization methods in deep
 * learning even help?", NeurIPS 2022 (arXiv:2209.11379).
 *
 * <p>Every run has one test metric per task, and either one train metric per task or none, and either one
 * task weight per task or none. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ResultsTable {
    private final List<String> tasks;
    private final Sense[] senses;
    private final List<Run> runs;

    /**
     * @param tasks  task names, distinct and non-empty
     * @param senses one sense per task metric
     * @param runs   the runs, in any order; indices into this list identify runs in every result
     */
    public ResultsTable(List<String> tasks, Sense[] senses, List<Run> runs) {
        if (tasks == null || tasks.isEmpty() || new LinkedHashSet<>(tasks).size() != tasks.size()) {
            throw new IllegalArgumentException("tasks must be distinct names, at least one, got " + tasks);
        }
        if (senses == null || senses.length != tasks.size()) {
            throw new IllegalArgumentException("senses must have one entry per task (" + tasks.size() + "), got "
                    + (senses == null ? "null" : senses.length));
        }
        if (runs == null) {
            throw new IllegalArgumentException("runs must not be null");
        }
        int k = tasks.size();
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            if (r == null) {
                throw new IllegalArgumentException("runs[" + i + "] is null");
            }
            check(r.metricCount(Split.TEST) == k, i, "test metrics", r.metricCount(Split.TEST), k);
            int train = r.metricCount(Split.TRAIN);
            check(train == k || train == 0, i, "train metrics", train, k);
            int weights = r.taskWeights().length;
            check(weights == k || weights == 0, i, "task weights", weights, k);
        }
        this.tasks = List.copyOf(tasks);
        this.senses = senses.clone();
        this.runs = List.copyOf(runs);
    }

    private static void check(boolean ok, int run, String what, int got, int tasks) {
        if (!ok) {
            throw new IllegalArgumentException("runs[" + run + "] has " + got + " " + what + " but the table has "
                    + tasks + " tasks");
        }
    }

    public List<String> tasks() {
        return tasks;
    }

    public Sense[] senses() {
        return senses.clone();
    }

    public List<Run> runs() {
        return runs;
    }

    public int size() {
        return runs.size();
    }

    /** Method names in order of first appearance. */
    public List<String> methods() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Run r : runs) {
            names.add(r.method());
        }
        return Collections.unmodifiableList(new ArrayList<>(names));
    }

    /** Indices of the runs of one method, ascending. */
    public int[] indicesOf(String method) {
        return java.util.stream.IntStream.range(0, runs.size()).filter(i -> runs.get(i).method().equals(method))
                .toArray();
    }

    /** Returns the metrics of the given runs as points (rows in the order of {@code indices}, new arrays). */
    public double[][] points(Split split, int[] indices) {
        double[][] p = new double[indices.length][];
        for (int t = 0; t < indices.length; t++) {
            Run r = runs.get(indices[t]);
            if (r.metricCount(split) != tasks.size()) {
                throw new IllegalArgumentException("run " + indices[t] + " (" + r + ") has no " + split
                        + " metrics");
            }
            p[t] = r.metrics(split);
        }
        return p;
    }

    /** Returns the metrics of every run as points. */
    public double[][] points(Split split) {
        return points(split, java.util.stream.IntStream.range(0, runs.size()).toArray());
    }
}
