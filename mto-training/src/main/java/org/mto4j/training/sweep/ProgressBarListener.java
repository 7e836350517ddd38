package org.mto4j.training.sweep;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * A progress bar with ETA for a sweep on the terminal, drawn by {@code me.tongfei:progressbar}:
 *
 * <pre>
 *   sweep  45% [=========           ] 27/60 (0:01:10 / 0:01:25) 1 failed
 * </pre>
 * Runs finished before the sweep started count as done but not in the ETA, which comes from the runs trained
 * in this call. Quiet when standard error is not a terminal ({@code System.console()} is null: output redirected
 * to a file, CI, a test), so logs stay clean.
 *
 * <p>{@code me.tongfei:progressbar} 0.10.1 is an optional dependency of mto-training: add it to your own build to
 * use this class. Nothing else in mto-training needs it.
 *
 * <p>Not thread-safe by itself; the sweep runner calls a listener from one thread at a time.
 *
 * @since 0.1.0
 */
public final class ProgressBarListener implements SweepListener {
    /** Milliseconds between redraws of the bar. */
    public static final int UPDATE_INTERVAL_MILLIS = 500;
    /** The bar's label. */
    public static final String TASK_NAME = "sweep";

    private final PrintStream out;
    private final boolean active;
    private final int width;
    private ProgressBar bar;

    /** A bar on standard error, drawn only when there is a terminal. */
    public ProgressBarListener() {
        this(System.err, System.console() != null, 0);
    }

    /**
     * @param out    where the bar goes
     * @param active false: draw nothing
     * @param width  characters of the bar's line, or 0 for the terminal's width
     */
    ProgressBarListener(PrintStream out, boolean active, int width) {
        this.out = out;
        this.active = active;
        this.width = width;
    }

    /** True when this listener draws (there is a terminal). */
    public boolean isActive() {
        return active;
    }

    @Override
    public void sweepStarted(SweepProgress progress) {
        if (!active) {
            return;
        }
        ProgressBarConsumer consumer = width > 0 ? new ConsoleProgressBarConsumer(out, width)
                : new ConsoleProgressBarConsumer(out);
        bar = new ProgressBarBuilder().setTaskName(TASK_NAME).setInitialMax(progress.total())
                .startsFrom(progress.done(), Duration.ZERO).setUpdateIntervalMillis(UPDATE_INTERVAL_MILLIS)
                .setConsumer(consumer).build();
    }

    @Override
    public void runFinished(RunOutcome outcome, SweepProgress progress) {
        if (bar == null) {
            return;
        }
        bar.stepTo(progress.done());
        if (progress.failed() > 0) {
            bar.setExtraMessage(progress.failed() + " failed");
        }
    }

    @Override
    public void sweepFinished(SweepProgress progress) {
        if (bar == null) {
            return;
        }
        bar.stepTo(progress.done());
        bar.close();
        bar = null;
    }
}
