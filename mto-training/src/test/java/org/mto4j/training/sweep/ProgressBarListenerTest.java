package org.mto4j.training.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressBarListenerTest {
    @TempDir
    Path dir;

    private final Sweep sweep = Sweep.builder().tasks("left", "right").method("mgda").learningRates(0.1, 0.2)
            .seeds(1, 2, 3).build();

    @Test
    void drawsTheBarOnATerminalFromTheRunsAlreadyDone() throws Exception {
        Path file = dir.resolve("r.csv");
        new SweepRunner(Sweep.builder().tasks("left", "right").method("mgda").learningRates(0.1).seeds(1).build(),
                file).run(new LinearTasksTrainer());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBarListener bar = new ProgressBarListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), true,
                100);
        assertTrue(bar.isActive());
        new SweepRunner(sweep, file).withListener(bar).withExecutor(LocalExecutor.sequential())
                .run(new LinearTasksTrainer());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains(ProgressBarListener.TASK_NAME), out);
        assertTrue(out.contains("100%"), out);
        assertTrue(out.contains("6/6"), out);
    }

    @Test
    void quietWithoutATerminal() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new SweepRunner(sweep, dir.resolve("q.csv"))
                .withListener(new ProgressBarListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 100))
                .run(new LinearTasksTrainer());
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
        // surefire's forked JVM has no console, so the public constructor is quiet here too
        assertEquals(System.console() != null, new ProgressBarListener().isActive());
    }
}
