package org.mto4j.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * A data set that each Spark executor reads once from its own copy of a file, for a training function to use:
 * capture the handle (it is small and serializable), call {@link #get()} inside the run.
 *
 * <pre>
 *   ExecutorData&lt;MyData&gt; data = spark.shipFile("hdfs:///data/tasks.bin", MyData::read);
 *   TrainingFunction training = run -&gt; MyModel.train(run, data.get());
 * </pre>
 * Spark copies the file to every executor once ({@code SparkContext.addFile}); the first {@code get()} in an
 * executor JVM loads it with the loader and keeps the value for the runs that follow there, which share it (it
 * must be read-only). A load that throws is not kept: the run that asked fails, and the next run tries again.
 *
 * <p>The value stays in an executor's memory until the executor ends; in {@code local} mode (the executor is the
 * driver's JVM) until {@link SparkSweepExecutor#close()}. Serializable and thread-safe.
 *
 * @param <T> the data set's type
 * @since 0.1.0
 */
public final class ExecutorData<T> implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Loaded values of this JVM, by key. */
    private static final Map<String, Object> LOADED = new ConcurrentHashMap<>();

    /** Identifies the loaded value in an executor JVM: the application and a counter of shipped files. */
    private final String key;
    /** The shipped file's name, as {@code SparkFiles.get} knows it. */
    private final String fileName;
    /** Reads the executor's copy. */
    private final DataLoader<T> loader;

    ExecutorData(String key, String fileName, DataLoader<T> loader) {
        this.key = key;
        this.fileName = fileName;
        this.loader = loader;
    }

    /**
     * The data set, loaded on first use in this JVM.
     *
     * @return the loaded value, shared by the runs of this JVM
     *
     * @throws IllegalStateException if the loader threw (the message names the file; the cause is the loader's
     *                               exception), or if called outside a Spark application
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object value = LOADED.get(key);
        if (value == null) {
            synchronized (LOADED) {
                value = LOADED.get(key);
                if (value == null) {
                    value = load();
                    LOADED.put(key, value);
                }
            }
        }
        return (T) value;
    }

    private Object load() {
        if (SparkEnv.get() == null) {
            throw new IllegalStateException("ExecutorData.get() reads " + fileName + " inside a run on Spark; no "
                    + "Spark application is running in this JVM");
        }
        Path local = Path.of(SparkFiles.get(fileName));
        Object value;
        try {
            value = loader.load(local);
        } catch (Exception e) {
            throw new IllegalStateException("could not load " + fileName + " from " + local, e);
        }
        if (value == null) {
            throw new IllegalStateException("the loader of " + fileName + " returned null");
        }
        return value;
    }

    /**
     * The name of the shipped file.
     *
     * @return the file name, without its folder
     */
    public String fileName() {
        return fileName;
    }

    /** Forgets the value loaded in this JVM, if any. */
    void forget() {
        LOADED.remove(key);
    }

    @Override
    public String toString() {
        return "ExecutorData(" + fileName + ")";
    }
}
