package org.mto4j.training.sweep;

/**
 * Hears how a sweep progresses: when it starts (with the runs already finished), after each run's row has been
 * written, and when it ends. Every method has an empty default.
 *
 * <p>Calls come from the thread that writes the results (never two at once), after the row is on the disk. A
 * listener must be quick; one that throws is logged and ignored: it cannot stop the sweep.
 * {@link ProgressBarListener} draws a progress bar with ETA on the terminal.
 *
 * @since 0.1.0
 */
public interface SweepListener {

    /** The sweep starts; {@code progress.skipped()} runs were finished before. */
    default void sweepStarted(SweepProgress progress) {
    }

    /** One run finished or failed, and its row has been written. */
    default void runFinished(RunOutcome outcome, SweepProgress progress) {
    }

    /** The sweep ends: every run has an outcome, or the executor stopped with an error. */
    default void sweepFinished(SweepProgress progress) {
    }
}
