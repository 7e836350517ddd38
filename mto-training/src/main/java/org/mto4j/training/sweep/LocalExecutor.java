package org.mto4j.training.sweep;

import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a sweep's runs in this JVM: one at a time, or several at once on a fixed number of threads, each run on
 * one thread with ND4J limited to one thread per operation ({@link Nd4jThreads}) in both cases. A parallel sweep
 * therefore gives exactly the numbers of a sequential one, provided the training function keeps its contract
 * (deterministic from the run, no shared mutable state).
 *
 * <p>Outcomes reach the sink on the calling thread, in the order runs finish. Runs start in the order given.
 *
 * <p>Immutable and thread-safe; each {@link #execute} call makes (and shuts down) its own daemon threads.
 *
 * @since 0.1.0
 */
public final class LocalExecutor implements SweepExecutor {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private final int threads;

    private LocalExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /** One run at a time, on the calling thread. */
    public static LocalExecutor sequential() {
        return new LocalExecutor(1);
    }

    /** Up to {@code threads} runs at a time. */
    public static LocalExecutor parallel(int threads) {
        return new LocalExecutor(threads);
    }

    /** One run per available processor ({@link Runtime#availableProcessors()}). */
    public static LocalExecutor perCore() {
        return new LocalExecutor(Runtime.getRuntime().availableProcessors());
    }

    /** The number of runs trained at once. */
    public int threads() {
        return threads;
    }

    @Override
    public void execute(List<RunSpec> runs, TrainingFunction training, Consumer<RunOutcome> sink)
            throws InterruptedException {
        if (runs == null || training == null || sink == null) {
            throw new IllegalArgumentException("runs, training and sink must not be null");
        }
        Nd4jThreads.Lease lease = Nd4jThreads.singleThreaded();
        try {
            if (threads == 1 || runs.size() <= 1) {
                for (RunSpec run : runs) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("sweep interrupted");
                    }
                    sink.accept(RunOutcome.execute(run, training));
                }
            } else {
                executeInParallel(runs, training, sink);
            }
        } finally {
            lease.close();
        }
    }

    private void executeInParallel(List<RunSpec> runs, TrainingFunction training, Consumer<RunOutcome> sink)
            throws InterruptedException {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ExecutorService service = Executors.newFixedThreadPool(Math.min(threads, runs.size()), r -> {
            Thread t = new Thread(r, "mto4j-sweep-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<RunOutcome> done = new ExecutorCompletionService<>(service);
            for (RunSpec run : runs) {
                done.submit(() -> RunOutcome.execute(run, training));
            }
            for (int i = 0; i < runs.size(); i++) {
                sink.accept(done.take().get());
            }
        } catch (ExecutionException e) {
            // RunOutcome.execute lets only VirtualMachineErrors through
            Throwable cause = e.getCause();
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("a sweep thread failed", cause);
        } finally {
            service.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return threads == 1 ? "LocalExecutor(sequential)" : "LocalExecutor(" + threads + " threads)";
    }
}
