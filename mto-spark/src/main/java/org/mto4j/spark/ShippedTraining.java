package org.mto4j.spark;

import java.io.Serializable;
import org.mto4j.training.sweep.TrainingFunction;

/**
 * The value a sweep broadcasts: the training function as Java-serialized bytes, rebuilt at most once per executor
 * JVM (a broadcast value is one object per executor, shared by the tasks that run there). Whatever the function
 * holds — a data set included — therefore crosses the network once per executor and sweep, not once per run.
 *
 * <p>On the driver (and so in {@code local} mode, where tasks run in the driver's JVM) the function is the
 * caller's own object, as with the local executor. Thread-safe.
 */
final class ShippedTraining implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] bytes;
    private transient volatile TrainingFunction function;

    ShippedTraining(TrainingFunction function) {
        this.bytes = JavaBytes.of(function, "the training function");
        this.function = function;
    }

    /** The training function, rebuilt from its bytes on first use in this JVM. */
    TrainingFunction get() {
        TrainingFunction f = function;
        if (f == null) {
            synchronized (this) {
                f = function;
                if (f == null) {
                    f = JavaBytes.read(bytes, TrainingFunction.class);
                    function = f;
                }
            }
        }
        return f;
    }

    /** Size of the serialized function, in bytes. */
    int size() {
        return bytes.length;
    }
}
