package org.mto4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The threads of the host kernels ({@link HostGramKernel}, {@link HostDirectionKernel}): the caller runs part 0
 * and a fixed pool of daemon threads, one fewer than the cores, runs the rest. Column ranges are split in whole
 * blocks and depend only on P, so results do not depend on timing.
 */
final class HostThreads {

    /** Columns per block of the host kernels. */
    static final int BLOCK = 1024;
    /** Fewer columns than this per part are not worth another thread. */
    static final long MIN_COLUMNS_PER_PART = 1 << 15;

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

    /** First column of part {@code s} of {@code parts}; part s covers [start(s), start(s + 1)). */
    static long start(long p, int parts, int s) {
        long blocks = (p + BLOCK - 1) / BLOCK;
        return Math.min(p, blocks * s / parts * BLOCK);
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
