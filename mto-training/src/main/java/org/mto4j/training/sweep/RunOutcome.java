package org.mto4j.training.sweep;

import java.io.Serializable;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of one run: finished with a {@link RunResult}, or failed with a message; and the seconds it took.
 * This is what an executor hands back to the sweep runner, which writes it as one row of the results file.
 *
 * <p>Executors produce outcomes with {@link #execute}, which times the run, turns an exception of the training
 * function (or a result of the wrong length, or a NaN metric) into a failed outcome, and lets nothing else
 * escape but {@link VirtualMachineError}s (out of memory: the process itself is in trouble). An executor whose
 * engine loses a run by other means (a worker that died after its retries) reports it with {@link #failed}.
 *
 * <p>Immutable, serializable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RunOutcome implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RunOutcome.class);

    /** Longest message kept in the results file; longer ones are cut with "...". */
    public static final int MAX_MESSAGE_LENGTH = 1000;

    /** Whether a run finished. */
    public enum Status {
        /** Finished: the row has metrics; a rerun skips it. */
        OK,
        /** Failed: the row has a message instead of metrics; a rerun retries it unless told not to. */
        FAILED;

        /** The text of the results file's {@code status} column: {@code ok} or {@code failed}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status parse(String text) {
            for (Status s : values()) {
                if (s.text().equals(text)) {
                    return s;
                }
            }
            return null;
        }
    }

    private final RunSpec run;
    private final Status status;
    private final RunResult result;
    private final String message;
    private final double seconds;

    private RunOutcome(RunSpec run, Status status, RunResult result, String message, double seconds) {
        if (run == null) {
            throw new IllegalArgumentException("run must not be null");
        }
        if (!(seconds >= 0) || !Double.isFinite(seconds)) {
            throw new IllegalArgumentException("seconds must be finite and >= 0, got " + seconds);
        }
        this.run = run;
        this.status = status;
        this.result = result;
        this.message = message;
        this.seconds = seconds;
    }

    /**
     * Trains one run and records how it went; never throws for a problem of the run itself.
     *
     * @throws VirtualMachineError as thrown by the training function (the process is in trouble)
     */
    public static RunOutcome execute(RunSpec run, TrainingFunction training) {
        if (run == null || training == null) {
            throw new IllegalArgumentException("run and training must not be null");
        }
        long start = System.nanoTime();
        RunResult result;
        try {
            result = training.train(run);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Exception | Error e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String message = describe(e);
            LOG.warn("run {} failed: {}", run, message, e);
            return new RunOutcome(run, Status.FAILED, null, message, elapsed(start));
        }
        double seconds = elapsed(start);
        String problem = result == null ? "the training function returned null" : result.problemFor(run);
        if (problem != null) {
            LOG.warn("run {} failed: {}", run, problem);
            return new RunOutcome(run, Status.FAILED, null, problem, seconds);
        }
        return new RunOutcome(run, Status.OK, result, "", seconds);
    }

    /** A run that finished with this result (checked against the run's tasks). */
    static RunOutcome ok(RunSpec run, RunResult result, double seconds) {
        String problem = result == null ? "result is null" : result.problemFor(run);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new RunOutcome(run, Status.OK, result, "", seconds);
    }

    /**
     * A run that failed for a reason the executor found (its message goes to the results file, on one line).
     *
     * @param seconds the time spent on it, or 0 when unknown
     */
    public static RunOutcome failed(RunSpec run, String message, double seconds) {
        return new RunOutcome(run, Status.FAILED, null, oneLine(message == null ? "failed" : message), seconds);
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** "Type: message (caused by Type: message)" on one line, at most {@link #MAX_MESSAGE_LENGTH} characters. */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.getClass().getName());
        if (e.getMessage() != null) {
            b.append(": ").append(e.getMessage());
        }
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(" (caused by ").append(c.getClass().getName());
            if (c.getMessage() != null) {
                b.append(": ").append(c.getMessage());
            }
            b.append(')');
        }
        return oneLine(b.toString());
    }

    private static String oneLine(String text) {
        String s = text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').strip();
        return s.length() <= MAX_MESSAGE_LENGTH ? s : s.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }

    public RunSpec run() {
        return run;
    }

    public Status status() {
        return status;
    }

    /** True when the run finished with a result. */
    public boolean isOk() {
        return status == Status.OK;
    }

    /**
     * The result of a finished run.
     *
     * @throws IllegalStateException for a failed run (see {@link #message()})
     */
    public RunResult result() {
        if (result == null) {
            throw new IllegalStateException("run " + run.id() + " failed, it has no result: " + message);
        }
        return result;
    }

    /** Why the run failed; empty for a finished run. */
    public String message() {
        return message;
    }

    /** Wall-clock seconds the run took (training only, not waiting in a queue). */
    public double seconds() {
        return seconds;
    }

    @Override
    public String toString() {
        return run + " " + status.text() + (result != null ? " " + result : ": " + message);
    }
}
