package org.mto4j.examples.study;

import java.nio.file.Path;
import org.mto4j.examples.study.data.StudyData;

/**
 * Trains one run of a study: where the training of mto-training plugs into the study command.
 *
 * <p>An implementation builds the {@link ModelSpec} network (one head per task of {@code data}), the combiner
 * {@code Combiners.create(run.combiner(), run.options())} with one backward pass of the weighted loss when
 * {@link StudyMethods#oneBackwardPass} is true and K per-task backward passes otherwise, trains on
 * {@code data.train().shuffled(model.batchSize(), run.seed(), model.dataType())} with Adam at
 * {@code run.learningRate()}, stops early as {@link ModelSpec} describes, and returns the per-task losses of the
 * three splits at the kept parameters. When {@code weightTrace} is not null it writes the combiner's weights
 * there ({@code combiner.withListener(WeightTraceWriter.open(weightTrace))}). A run that diverges returns
 * {@link RunResult#failed}; it never throws for a training failure.
 *
 * <p>Implementations must be deterministic given the run's seed (same results on a rerun), and runs must be
 * independent of each other, so that a sweep may run them in any order or in parallel.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RunTrainer {
    /**
     * @param run         what to train
     * @param data        the study's data (the same for every run)
     * @param model       the network and budget (the same for every run)
     * @param weightTrace where to write the weight trace, or null
     */
    RunResult train(RunSpec run, StudyData data, ModelSpec model, Path weightTrace);
}
