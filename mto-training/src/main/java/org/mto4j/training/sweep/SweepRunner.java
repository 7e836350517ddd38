package org.mto4j.training.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.mto4j.training.sweep.RunOutcome.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Sweep} into a results file that survives being killed: one row per run, appended and forced to
 * the disk as each run ends; a rerun skips the runs that already have a finished row.
 *
 * <pre>
 *   SweepSummary s = new SweepRunner(sweep, Path.of("results.csv"))
 *           .withExecutor(LocalExecutor.perCore())         // the default; any SweepExecutor (Spark, ...)
 *           .withListener(new ProgressBarListener())       // optional: a progress bar on the terminal
 *           .run(training);                                // your TrainingFunction
 * </pre>
 * On each call:
 * <ol>
 *   <li>the results file is opened and locked; its rows are read; a half-written last row (from a kill) is cut off,
 *       so its run is trained again; the file must have this sweep's columns;</li>
 *   <li>runs with a finished ({@code ok}) row are skipped. Runs whose rows are all {@code failed} are trained again
 *       by default, and the new row is appended (the old failed row stays as a record; readers take the {@code ok}
 *       row, see {@link org.mto4j.pareto.io.ResultsCsv}); {@link #withRetryFailed withRetryFailed(false)} skips
 *       them instead. Rows of runs that are not in this sweep are kept and logged;</li>
 *   <li>the executor trains the remaining runs; each outcome is appended as a row, then the listeners hear of it.
 *       A run whose training function throws becomes a {@code failed} row with the exception's message, and the
 *       other runs go on.</li>
 * </ol>
 * The file is what mto-pareto reads: {@code ResultsCsv.read(path, senses)} gives the finished runs.
 *
 * <p>Immutable configuration ({@code withX} returns a new runner); thread-safe; one {@code run} at a time per
 * results file (the file lock refuses a second one).
 *
 * @since 0.1.0
 */
public final class SweepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);
    /** Failed runs are trained again by a rerun unless told otherwise. */
    public static final boolean DEFAULT_RETRY_FAILED = true;

    private final Sweep sweep;
    private final Path results;
    private final SweepExecutor executor;
    private final List<SweepListener> listeners;
    private final boolean retryFailed;

    /** A runner with {@link LocalExecutor#perCore()}, no listener, and failed runs retried. */
    public SweepRunner(Sweep sweep, Path results) {
        this(sweep, results, LocalExecutor.perCore(), List.of(), DEFAULT_RETRY_FAILED);
    }

    private SweepRunner(Sweep sweep, Path results, SweepExecutor executor, List<SweepListener> listeners,
            boolean retryFailed) {
        if (sweep == null || results == null || executor == null) {
            throw new IllegalArgumentException("sweep, results and executor must not be null");
        }
        this.sweep = sweep;
        this.results = results;
        this.executor = executor;
        this.listeners = List.copyOf(listeners);
        this.retryFailed = retryFailed;
    }

    /** The same runner with another executor. */
    public SweepRunner withExecutor(SweepExecutor newExecutor) {
        return new SweepRunner(sweep, results, newExecutor, listeners, retryFailed);
    }

    /** The same runner with one more listener. */
    public SweepRunner withListener(SweepListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        List<SweepListener> all = new ArrayList<>(listeners);
        all.add(listener);
        return new SweepRunner(sweep, results, executor, all, retryFailed);
    }

    /** The same runner, retrying runs whose rows are all failed ({@code true}, the default) or skipping them. */
    public SweepRunner withRetryFailed(boolean retry) {
        return new SweepRunner(sweep, results, executor, listeners, retry);
    }

    /**
     * Trains every run that has no finished row, appending one row per run.
     *
     * @return the counts and the failures of this call
     * @throws IllegalArgumentException      if the results file belongs to another sweep (other columns) or has an
     *                                       invalid line before its last
     * @throws IllegalStateException         if another sweep is writing the file
     * @throws java.io.UncheckedIOException  if the file cannot be read or written (the rows written so far stay)
     * @throws InterruptedException          if interrupted; the rows written so far stay
     */
    public SweepSummary run(TrainingFunction training) throws InterruptedException {
        if (training == null) {
            throw new IllegalArgumentException("training must not be null");
        }
        long start = System.nanoTime();
        try (ResultsFile file = ResultsFile.open(results, sweep.tasks())) {
            Map<String, Status> before = file.statuses();
            List<RunSpec> pending = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            int failedEarlier = 0;
            for (RunSpec run : sweep.runs()) {
                ids.add(run.id());
                Status status = before.get(run.id());
                if (status == Status.FAILED && !retryFailed) {
                    failedEarlier++;
                } else if (status != Status.OK) {
                    pending.add(run);
                }
            }
            long foreign = before.keySet().stream().filter(id -> !ids.contains(id)).count();
            if (foreign > 0) {
                LOG.warn("{} has rows of {} runs that are not in this sweep (another grid, or other settings); they "
                        + "are kept", results, foreign);
            }
            Tracker tracker = new Tracker(file, pending, sweep.size() - pending.size(), start);
            LOG.info("sweep of {} runs: {} done before, {} to train with {}; results in {}", sweep.size(),
                    sweep.size() - pending.size(), pending.size(), executor, results);
            tracker.started();
            try {
                executor.execute(List.copyOf(pending), training, tracker::accept);
            } finally {
                tracker.finished();
            }
            if (!tracker.waiting.isEmpty()) {
                throw new IllegalStateException(executor + " returned without outcomes for " + tracker.waiting.size()
                        + " runs, e.g. " + tracker.waiting.iterator().next());
            }
            SweepProgress p = tracker.progress();
            LOG.info("sweep finished: {} trained ({} failed) in {} s; {} of {} runs done", p.succeeded() + p.failed(),
                    p.failed(), String.format(java.util.Locale.ROOT, "%.1f", p.elapsedSeconds()), p.done(), p.total());
            return new SweepSummary(results, p, tracker.failures, failedEarlier);
        }
    }

    /** The sink of one call: writes each outcome, counts, tells the listeners; one outcome at a time. */
    private final class Tracker {
        private final ResultsFile file;
        private final Set<String> waiting = new HashSet<>();
        private final int skipped;
        private final long start;
        private final List<RunOutcome> failures = new ArrayList<>();
        private int succeeded;

        Tracker(ResultsFile file, List<RunSpec> pending, int skipped, long start) {
            this.file = file;
            for (RunSpec run : pending) {
                waiting.add(run.id());
            }
            this.skipped = skipped;
            this.start = start;
        }

        synchronized SweepProgress progress() {
            return new SweepProgress(sweep.size(), skipped, succeeded, failures.size(),
                    (System.nanoTime() - start) / 1e9);
        }

        synchronized void accept(RunOutcome outcome) {
            if (outcome == null || !waiting.remove(outcome.run().id())) {
                throw new IllegalStateException(executor + " handed back " + (outcome == null ? "null"
                        : "an outcome of a run it was not given or gave twice: " + outcome.run()));
            }
            file.append(outcome);
            if (outcome.isOk()) {
                succeeded++;
                LOG.debug("run {} finished in {} s", outcome.run(), outcome.seconds());
            } else {
                failures.add(outcome);
                LOG.info("run {} failed: {}", outcome.run(), outcome.message());
            }
            SweepProgress p = progress();
            tell(l -> l.runFinished(outcome, p));
        }

        synchronized void started() {
            SweepProgress p = progress();
            tell(l -> l.sweepStarted(p));
        }

        synchronized void finished() {
            SweepProgress p = progress();
            tell(l -> l.sweepFinished(p));
        }

        private void tell(Consumer<SweepListener> event) {
            for (SweepListener l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    LOG.warn("sweep listener {} failed; ignored", l, e);
                }
            }
        }
    }
}
