package org.mto4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The host kernels' threads: fixed parts and shared chunks. */
class HostThreadsTest {

    @Test
    void chunksDependOnlyOnPAndCoverTheColumnsInWholeBlocks() {
        assertEquals(1, HostThreads.chunks(1));
        assertEquals(1, HostThreads.chunks(HostThreads.MIN_COLUMNS_PER_PART - 1));
        for (long p : new long[] {100_000, 1_000_000, 10_000_000, 2 * HostThreads.MIN_COLUMNS_PER_PART + 1}) {
            int chunks = HostThreads.chunks(p);
            assertTrue(chunks >= HostThreads.parts(p) && chunks <= HostThreads.MAX_CHUNKS, p + ": " + chunks);
            assertEquals(0, HostThreads.start(p, chunks, 0));
            assertEquals(p, HostThreads.start(p, chunks, chunks));
            for (int c = 1; c < chunks; c++) {
                long start = HostThreads.start(p, chunks, c);
                assertEquals(0, start % HostThreads.BLOCK, "chunk " + c + " of P = " + p);
                assertTrue(start > HostThreads.start(p, chunks, c - 1), "chunk " + c + " of P = " + p);
            }
        }
        if (HostThreads.parts(1_000_000) > 1) {
            assertEquals(HostThreads.MAX_CHUNKS, HostThreads.chunks(1_000_000));
        }
    }

    @Test
    void shareRunsEveryChunkOnceAndReturnsTheResultsInChunkOrder() {
        for (int chunks : new int[] {1, 2, 3, 8, 50}) {
            AtomicInteger states = new AtomicInteger();
            Set<Integer> seen = ConcurrentHashMap.newKeySet();
            List<Integer> results = HostThreads.share(chunks, () -> new int[] {states.incrementAndGet()}, (s, c) -> {
                assertTrue(seen.add(c), "chunk " + c + " ran twice");
                return 10 * c;
            });
            assertEquals(chunks, results.size());
            for (int c = 0; c < chunks; c++) {
                assertEquals(10 * c, results.get(c));
            }
            assertTrue(states.get() >= 1 && states.get() <= Math.min(chunks,
                    Runtime.getRuntime().availableProcessors()), "one state per thread that ran a chunk");
        }
    }

    /**
     * A pool thread held back inside its chunk does not hold up the others: the caller takes every remaining chunk
     * (with one fixed part per thread this would wait for the held thread, which waits for those chunks).
     */
    @Test
    void aThreadThatIsHeldBackLeavesTheOtherChunksToTheCaller() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return; // one thread: nothing to share
        }
        int chunks = 20;
        Thread caller = Thread.currentThread();
        AtomicBoolean held = new AtomicBoolean();
        AtomicBoolean released = new AtomicBoolean();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch othersDone = new CountDownLatch(chunks - 1);
        List<Integer> results = HostThreads.share(chunks, () -> null, (s, c) -> {
            if (Thread.currentThread() != caller && held.compareAndSet(false, true)) {
                holding.countDown();
                released.set(await(othersDone));
            } else {
                if (Thread.currentThread() == caller) {
                    await(holding); // let a pool thread take a chunk first
                }
                othersDone.countDown();
            }
            return c;
        });
        assertTrue(held.get() && released.get(), "the held chunk was released by the others' completion");
        for (int c = 0; c < chunks; c++) {
            assertEquals(c, results.get(c));
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void aFailingChunkFailsTheCallAfterEveryThreadIsDone() {
        AtomicInteger running = new AtomicInteger();
        // The caller's own chunk throws as is; a pool thread's comes wrapped in an IllegalStateException.
        RuntimeException e = assertThrows(RuntimeException.class, () -> HostThreads.share(16, () -> null,
                (s, c) -> {
                    running.incrementAndGet();
                    try {
                        if (c == 3) {
                            throw new ArithmeticException("chunk 3");
                        }
                        return c;
                    } finally {
                        running.decrementAndGet();
                    }
                }));
        assertEquals(0, running.get(), "no chunk still running when the call returns");
        Throwable cause = e instanceof IllegalStateException ? e.getCause() : e;
        assertTrue(cause instanceof ArithmeticException && cause.getMessage().equals("chunk 3"), e.toString());
    }
}
