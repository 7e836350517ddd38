package org.mto4j.spark;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Reads a data set from a local file on a Spark executor; see {@link SparkSweepExecutor#shipFile}.
 *
 * <p>Serializable, because it travels with the training function: a method reference to a static method
 * ({@code MyData::read}) or a lambda that captures nothing else is the usual choice.
 *
 * @param <T> the data set's type
 * @since 0.1.0
 */
@FunctionalInterface
public interface DataLoader<T> extends Serializable {

    /**
     * Reads the data set.
     *
     * @param file the executor's local copy of the shipped file
     * @return the data set, which the runs on this executor then share: it must not be modified by a run
     * @throws Exception any problem; the run that asked for the data fails with the message (and Spark retries it)
     */
    T load(Path file) throws Exception;
}
