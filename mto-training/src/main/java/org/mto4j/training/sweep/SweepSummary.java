package org.mto4j.training.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * What one call of {@link SweepRunner#run} did.
 *
 * @param results       the results file
 * @param progress      the final counts: total, skipped (not trained by this call), succeeded and failed in it
 * @param failures      the outcomes of the runs that failed in this call, in the order they finished
 * @param failedEarlier runs among the skipped ones whose rows are all failed rows (left alone because the runner
 *                      was told not to retry failed runs)
 * @since 0.1.0
 */
public record SweepSummary(Path results, SweepProgress progress, List<RunOutcome> failures, int failedEarlier) {

    public SweepSummary {
        failures = List.copyOf(failures);
    }

    /** True when every run of the sweep has a finished row: nothing failed, now or earlier, and nothing is left. */
    public boolean isComplete() {
        return progress.failed() == 0 && failedEarlier == 0 && progress.remaining() == 0;
    }
}
