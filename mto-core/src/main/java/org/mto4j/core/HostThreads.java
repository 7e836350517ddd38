package org.mto4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The threads of the host kernels ({@link HostGramKernel}, {@link HostDirectionKernel}): the caller runs part 0
 * and a fixed pool of daemon threads, one fewer than the cores, runs the rest. Column ranges are split in whole
 * blocks and depend only on P, so results do not depend on timing.
 *
 * <p>{@link #run} gives each thread one fixed part; {@link #share} cuts the columns into more chunks than threads
 * and lets each thread take the next chunk when it is done with one, so that a thread the scheduler holds back (on
 * a machine shared with other work) leaves its chunks to the others instead of making the caller wait for it. The
 * chunks' results come back in chunk order, so sums over them do not depend on which thread ran which chunk.
 */
final class HostThreads {

    /** Columns per block of the host kernels. */
    static final int BLOCK = 1024;
    /** Fewer columns than this per part are not worth another thread. */
    static final long MIN_COLUMNS_PER_PART = 1 << 15;
    /** The most chunks of {@link #share}: each has a result of its own, so this bounds their memory. */
    static final int MAX_CHUNKS = 8;
    /** Fewer blocks than this per chunk are not worth a hand-over between threads. */
    static final int MIN_BLOCKS_PER_CHUNK = 8;

    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService POOL = THREADS == 1 ? null : Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(r, "mto4j-host-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private HostThreads() {
    }

    /**
     * True when the host kernels can read {@code j} (and a direction of its type) in place: CPU backend, C-order
     * rows with unit column stride, and a buffer small enough for a Java NIO view.
     */
    static boolean canRead(INDArray j) {
        return j.ordering() == 'c' && j.stride(1) == 1 && j.data().length() <= Integer.MAX_VALUE
                && Nd4j.getEnvironment().isCPU();
    }

    /** How many parts P columns are split into. */
    static int parts(long p) {
        return (int) Math.max(1, Math.min(THREADS, p / MIN_COLUMNS_PER_PART));
    }

    /**
     * How many chunks {@link #share} cuts P columns into: 1 where {@link #parts} is 1, else up to
     * {@link #MAX_CHUNKS} of at least {@link #MIN_BLOCKS_PER_CHUNK} blocks (and never fewer than {@link #parts}).
     */
    static int chunks(long p) {
        int parts = parts(p);
        if (parts == 1) {
            return 1;
        }
        long blocks = (p + BLOCK - 1) / BLOCK;
        return (int) Math.max(parts, Math.min(MAX_CHUNKS, blocks / MIN_BLOCKS_PER_CHUNK));
    }

    /** First column of part {@code s} of {@code parts}; part s covers [start(s), start(s + 1)). */
    static long start(long p, int parts, int s) {
        long blocks = (p + BLOCK - 1) / BLOCK;
        return Math.min(p, blocks * s / parts * BLOCK);
    }

    /**
     * Runs {@code chunk.apply(state, c)} for c = 0 .. chunks−1 on the caller and on up to chunks − 1 pool threads,
     * each thread taking the next chunk not yet taken; a thread makes its {@code state} (buffers) once, before its
     * first chunk. Returns the results in chunk order, after every chunk is done.
     */
    static <S, T> List<T> share(int chunks, Supplier<S> state, BiFunction<S, Integer, T> chunk) {
        AtomicInteger next = new AtomicInteger();
        Object[] results = new Object[chunks];
        Runnable worker = () -> {
            S buffers = null;
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                if (buffers == null) {
                    buffers = state.get();
                }
                results[c] = chunk.apply(buffers, c);
            }
        };
        int helpers = POOL == null ? 0 : Math.min(THREADS, chunks) - 1;
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            futures.add(POOL.submit(worker));
        }
        try {
            worker.run();
        } finally {
            // Also when the caller's chunk failed: the helpers may still be reading the caller's arrays.
            await(futures);
        }
        List<T> list = new ArrayList<>(chunks);
        for (Object r : results) {
            @SuppressWarnings("unchecked")
            T t = (T) r;
            list.add(t);
        }
        return list;
    }

    /** Waits for every future; rethrows the first failure. */
    private static void await(List<? extends Future<?>> futures) {
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the helpers read the caller's arrays: wait for them anyway
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = new IllegalStateException("host kernel failed", e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Runs {@code part.apply(s)} for s = 0 .. parts−1, part 0 on the caller, and returns the results in order. */
    static <T> List<T> run(int parts, IntFunction<T> part) {
        List<Future<T>> futures = new ArrayList<>(parts - 1);
        for (int s = 1; s < parts; s++) {
            int index = s;
            futures.add(POOL.submit(() -> part.apply(index)));
        }
        List<T> results = new ArrayList<>(parts);
        results.add(part.apply(0));
        try {
            for (Future<T> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in a host kernel", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("host kernel failed", e.getCause());
        }
        return results;
    }
}
