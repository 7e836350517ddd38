package org.mto4j.examples.study;

import java.nio.file.Path;
import org.mto4j.examples.study.data.StudyData;
import org.mto4j.training.sweep.TrainingFunction;

/**
 * Where training plugs into the study command: a provider of the {@link TrainingFunction} that trains one run of
 * a {@link StudyPlan} on the study's data. The command runs the plan's sweep with it through mto-training's
 * resumable {@code SweepRunner} (in this JVM, or on Spark with {@code --spark}) and writes the report.
 *
 * <p>The function it returns trains the {@link ModelSpec} of the run's settings ({@code ModelSpec.fromSettings(
 * run.settings())}) with the run's combiner ({@code run.combiner()}; one backward pass of Σ w_k L_k when
 * {@link StudyMethods#oneBackwardPass} is true, K per-task passes otherwise), on
 * {@code data.train().shuffled(model.batchSize(), run.seed(), model.dataType())}, Adam at
 * {@code run.learningRate()}, early stopping as {@link ModelSpec} describes, and returns the per-task
 * cross-entropy of the three splits at the kept parameters. Into the study folder it writes, for the runs where
 * {@code plan.traced(run)} is true, the combiner's weights ({@code traces/<run.method()>.csv}, with
 * {@code WeightTraceWriter}), and may append the time of each finished run's training steps to
 * {@code step-times.csv} ({@code method,steps,seconds,run_id}; the report keeps the last row of a run id).
 * It follows {@link TrainingFunction}'s contract (deterministic, no shared mutable state, an exception for a
 * failed run). This build's training is {@code org.mto4j.examples.study.training.Dl4jStudyTraining}.
 *
 * @since 0.1.0
 */
public interface StudyTraining {
    /**
     * @param data   the study's data (the same for every run)
     * @param plan   the plan whose runs the function will be given
     * @param folder the study folder: {@value StudyCommand#TRACES}/ and {@value StudyCommand#STEP_TIMES} go there
     */
    TrainingFunction trainingFunction(StudyData data, StudyPlan plan, Path folder);
}
