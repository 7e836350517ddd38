package org.mto4j.spark;

import java.nio.file.Path;
import org.mto4j.training.sweep.LinearTasksTrainer;
import org.mto4j.training.sweep.SweepFixtures;
import org.mto4j.training.sweep.SweepRunner;

/**
 * The driver that {@link SparkSweepKillTest} starts in a JVM of its own and kills: runs
 * {@code SweepFixtures.sweep()} on Spark into a file. Arguments: results file, master, pause per run in
 * milliseconds.
 */
public final class SparkSweepChild {
    private SparkSweepChild() {
    }

    public static void main(String[] args) throws Exception {
        try (SparkSweepExecutor spark = SparkSweepExecutor.create(SparkFixtures.conf(args[1]))) {
            new SweepRunner(SweepFixtures.sweep(), Path.of(args[0])).withExecutor(spark)
                    .run(new LinearTasksTrainer(7, Long.parseLong(args[2])));
        }
    }
}
