package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalExecutorTest {
    private final Sweep sweep = Sweep.builder().tasks("left", "right").method("mgda").learningRates(0.1, 0.2, 0.3)
            .seeds(1, 2).build();

    @Test
    void outcomesReachTheSinkOnTheCallingThreadOncePerRun() throws Exception {
        for (LocalExecutor executor : List.of(LocalExecutor.sequential(), LocalExecutor.parallel(3))) {
            Thread caller = Thread.currentThread();
            List<String> ids = new ArrayList<>();
            executor.execute(sweep.runs(), new LinearTasksTrainer(), o -> {
                assertSame(caller, Thread.currentThread());
                assertTrue(o.isOk());
                ids.add(o.run().id());
            });
            assertEquals(sweep.runs().stream().map(RunSpec::id).sorted().toList(), ids.stream().sorted().toList());
        }
    }

    @Test
    void aSinkThatThrowsStopsTheSweep() {
        for (LocalExecutor executor : List.of(LocalExecutor.sequential(), LocalExecutor.parallel(2))) {
            int[] calls = new int[1];
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> executor.execute(sweep.runs(),
                    new LinearTasksTrainer(), o -> {
                        if (++calls[0] == 2) {
                            throw new UncheckedIOException("disk full", new java.io.IOException("disk full"));
                        }
                    }));
            assertEquals("disk full", e.getMessage());
            assertEquals(2, calls[0], executor + " stopped at the failing sink");
        }
    }

    @Test
    void badArguments() {
        assertEquals("threads must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> LocalExecutor.parallel(0)).getMessage());
        assertEquals(Runtime.getRuntime().availableProcessors(), LocalExecutor.perCore().threads());
    }
}
