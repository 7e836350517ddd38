package org.mto4j.training.sweep;

import java.util.OptionalDouble;

/**
 * Where a sweep stands: how many runs it has, how many were finished before this call ({@code skipped}), how many
 * finished or failed since, and the wall-clock time since it started.
 *
 * <pre>
 *   done = skipped + succeeded + failed          remaining = total − done
 *   eta  = elapsed / (succeeded + failed) · remaining     (unknown until one run has finished)
 * </pre>
 * The ETA uses the wall clock, so it already accounts for runs trained in parallel.
 *
 * @param total     runs in the sweep
 * @param skipped   runs that already had a finished row when the sweep started (not trained again)
 * @param succeeded runs finished by this call
 * @param failed    runs that failed in this call
 * @param elapsedSeconds wall-clock seconds since the sweep started
 * @since 0.1.0
 */
public record SweepProgress(int total, int skipped, int succeeded, int failed, double elapsedSeconds) {

    /** Runs with an outcome: skipped + succeeded + failed. */
    public int done() {
        return skipped + succeeded + failed;
    }

    /** Runs still to train. */
    public int remaining() {
        return total - done();
    }

    /** Estimated seconds until every run is done, or empty before the first run of this call has finished. */
    public OptionalDouble etaSeconds() {
        int trained = succeeded + failed;
        return trained == 0 ? OptionalDouble.empty() : OptionalDouble.of(elapsedSeconds / trained * remaining());
    }
}
