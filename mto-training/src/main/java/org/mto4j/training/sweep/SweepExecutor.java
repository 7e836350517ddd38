package org.mto4j.training.sweep;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the runs of a sweep somewhere — threads of this JVM ({@link LocalExecutor}), or the tasks of a cluster
 * engine — and hands each outcome back. The {@link SweepRunner} owns the results file; an executor never writes
 * results itself.
 *
 * <p>Contract of {@link #execute}:
 * <ul>
 *   <li>each run is trained with {@link RunOutcome#execute}{@code (run, training)} (which catches the training
 *       function's exceptions), and its outcome is passed to {@code sink} exactly once, as soon as it is known,
 *       in any order;</li>
 *   <li>{@code sink} may be called from any thread, also concurrently; it is fast (one appended line);</li>
 *   <li>a run the engine itself loses (a worker that died after the engine's retries) is passed on as
 *       {@link RunOutcome#failed}, so that one broken run never stops the others;</li>
 *   <li>if {@code sink} throws (the results file cannot be written), the executor starts no further runs and
 *       rethrows that exception; if the calling thread is interrupted, it stops and throws
 *       {@link InterruptedException}; runs already running may finish, their outcomes are dropped;</li>
 *   <li>{@code execute} returns once every run's outcome has been passed to {@code sink}.</li>
 * </ul>
 * A run and the training function are {@link java.io.Serializable}, and so is an outcome, so an executor can ship
 * them across processes.
 *
 * @since 0.1.0
 */
public interface SweepExecutor {

    /**
     * Runs every run once and passes each outcome to {@code sink}.
     *
     * @param runs     the runs still to do (the runner has already left out the finished ones)
     * @param training the user's training function
     * @param sink     where outcomes go (the runner's results writer and progress listeners)
     * @throws InterruptedException if interrupted while waiting for runs
     */
    void execute(List<RunSpec> runs, TrainingFunction training, Consumer<RunOutcome> sink)
            throws InterruptedException;
}
