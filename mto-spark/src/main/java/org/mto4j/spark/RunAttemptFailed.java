package org.mto4j.spark;

import org.mto4j.training.sweep.RunOutcome;

/**
 * Thrown by a Spark task whose training function threw, so that Spark counts a failed attempt and retries the run
 * by its own rules ({@code spark.task.maxFailures}, or F in a {@code local[N,F]} master). It carries the failed
 * outcome (Java-serialized, with the original exception's message), which the driver records when Spark gives up.
 */
final class RunAttemptFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final byte[] outcome;
    private final int attempt;

    RunAttemptFailed(RunOutcome outcome, int attempt) {
        super("attempt " + (attempt + 1) + " of run " + outcome.run().id() + " failed: " + outcome.message(), null,
                false, false);
        this.outcome = JavaBytes.of(outcome, "a run's outcome");
        this.attempt = attempt;
    }

    /** The failed outcome of this attempt. */
    RunOutcome outcome() {
        return JavaBytes.read(outcome, RunOutcome.class);
    }

    /** The number of attempts Spark made, this one included. */
    int attempts() {
        return attempt + 1;
    }
}
