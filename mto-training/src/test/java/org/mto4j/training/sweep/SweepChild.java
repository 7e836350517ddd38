package org.mto4j.training.sweep;

import java.nio.file.Path;

/**
 * The process that {@link SweepKillTest} starts and kills: runs {@link SweepFixtures#sweep()} into a file.
 * Arguments: results file, threads, pause per run in milliseconds.
 */
public final class SweepChild {
    private SweepChild() {
    }

    public static void main(String[] args) throws Exception {
        new SweepRunner(SweepFixtures.sweep(), Path.of(args[0]))
                .withExecutor(LocalExecutor.parallel(Integer.parseInt(args[1])))
                .run(new LinearTasksTrainer(7, Long.parseLong(args[2])));
    }
}
