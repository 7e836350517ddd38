package org.mto4j.training.sweep;

import java.io.Serializable;

/**
 * Trains one run of a sweep and reports its metrics: the part of a sweep that the user writes.
 *
 * <pre>
 *   TrainingFunction training = run -&gt; {
 *       Nd4j.getRandom().setSeed(run.seed());            // every random choice from the run's seed
 *       GradientCombiner combiner = run.combiner();      // fresh state for this run
 *       ... train with run.learningRate(), run.weightDecay(), early stopping on the validation split ...
 *       return RunResult.of(trainMetrics, validationMetrics, testMetrics, steps);
 *   };
 * </pre>
 * Contract:
 * <ul>
 *   <li>Deterministic: the result depends only on the run (and data the function holds), never on which thread,
 *       process or machine runs it, nor on what runs beside it. ND4J's default random generator is per thread,
 *       so seed it (or use {@code Nd4j.getRandomFactory().getNewRandomInstance(run.seed())}) at the start of
 *       every run.</li>
 *   <li>Called concurrently from several threads by a parallel executor: keep no mutable state shared between
 *       calls (read-only data is fine).</li>
 *   <li>Single-threaded: an executor may run several runs at once, one per core; the local executor also limits
 *       ND4J's own op threads (see {@link Nd4jThreads}).</li>
 *   <li>Serializable: a distributed executor ships the function to its workers, so it may capture only
 *       serializable values (a path to the data, a seed, not an open {@code INDArray} data set).</li>
 *   <li>An exception marks the run as failed, with its message, in the results; the other runs go on.</li>
 * </ul>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TrainingFunction extends Serializable {

    /**
     * Trains one run.
     *
     * @param run the run: method, combiner, learning rate, weight decay, seed, task names and fixed settings
     * @return per-task train, validation and test metrics (K each, finite) and the training steps done
     * @throws Exception any problem; the run is recorded as failed with the exception's message
     */
    RunResult train(RunSpec run) throws Exception;
}
