package org.mto4j.examples.study.training;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.mto4j.examples.study.StudyPlan;
import org.mto4j.examples.study.StudyTraining;
import org.mto4j.examples.study.data.StudyData;
import org.mto4j.training.sweep.RunSpec;
import org.mto4j.training.sweep.TrainingFunction;

/**
 * The study's training: every run through mto-training's DL4J adapter ({@code ComputationGraphMultiTask}), as
 * {@link StudyRunTrainer} describes; the study command's training.
 *
 * <p>Why DL4J rather than SameDiff: on the study's model (96 → 64 → 64 → 2 × 10, batch 64, FLOAT, one thread) a
 * DL4J step cost 3.1 ms of CPU with one backward pass against SameDiff's 4.7–5.0, and 5.3–5.8 ms with two
 * per-task passes, as SameDiff's ({@code StudyStepTiming}); the study's budget is most of all scalarization runs.
 *
 * <p>Stateless; thread-safe.
 *
 * @since 0.1.0
 */
public final class Dl4jStudyTraining implements StudyTraining {

    @Override
    public TrainingFunction trainingFunction(StudyData data, StudyPlan plan, Path folder) {
        Set<String> traced = plan.runs().stream().filter(plan::traced).map(RunSpec::id).collect(Collectors.toSet());
        return new StudyRunTrainer(data, traced, folder);
    }
}
