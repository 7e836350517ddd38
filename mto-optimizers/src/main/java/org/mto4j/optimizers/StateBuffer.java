package org.mto4j.optimizers;

import java.util.Arrays;

import org.mto4j.core.CombinerState;
import org.mto4j.core.TaskGradients;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A K x P array of state (MoCo's tracking gradients, DB-MTL's moving average, ExcessMTL's accumulators), on J's
 * device and in J's data type. It is allocated at the first step after creation, {@link #reset()} or
 * {@link #restore}, outside any workspace (it must outlive the caller's), and reused at every later step; a change of
 * J's data type converts it once. Snapshots hold its values in double and its shape.
 */
final class StateBuffer {

    private final String owner;
    private final String key;
    private INDArray array;
    private double[] restored;
    private long[] restoredShape;
    private int allocations;

    /**
     * @param owner the method's registry name, for messages and snapshots
     * @param key   the name of this buffer in the method's snapshots
     */
    StateBuffer(String owner, String key) {
        this.owner = owner;
        this.key = key;
    }

    /**
     * The buffer for gradients of J's shape and type: zeros (or the restored values) at the first step, the same
     * array afterwards.
     *
     * @throws IllegalArgumentException if J's K or P differ from the state's
     */
    INDArray forGradients(TaskGradients gradients) {
        int k = gradients.numTasks();
        long p = gradients.numParams();
        DataType type = gradients.dataType();
        if (array == null && restored != null) {
            requireShape(restoredShape[0], restoredShape[1], k, p);
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                array = Nd4j.createFromArray(restored).reshape('c', k, p).castTo(type).dup('c');
            }
            restored = null;
            restoredShape = null;
            allocations++;
        } else if (array == null) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                array = Nd4j.create(type, new long[] {k, p}, 'c');
            }
            allocations++;
        } else {
            requireShape(array.rows(), array.columns(), k, p);
            if (array.dataType() != type) {
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    array = array.castTo(type).dup('c');
                }
                allocations++;
            }
        }
        return array;
    }

    private void requireShape(long stateK, long stateP, int k, long p) {
        if (stateK != k || stateP != p) {
            throw new IllegalArgumentException(owner + " holds " + key + " for K x P = " + stateK + " x " + stateP
                    + " but got gradients of K x P = " + k + " x " + p + "; call reset() when the tasks or the"
                    + " parameters change");
        }
    }

    /** Exchanges the arrays of two buffers (double buffering without a copy). */
    void swap(StateBuffer other) {
        INDArray a = array;
        array = other.array;
        other.array = a;
    }

    /** Forgets the values; the next step allocates afresh. */
    void reset() {
        array = null;
        restored = null;
        restoredShape = null;
    }

    /** How many times an array was allocated since creation: for tests of the allocation rule. */
    int allocations() {
        return allocations;
    }

    /** Adds this buffer's values (row-major, in double; empty before the first step) and shape to a snapshot. */
    void snapshotInto(java.util.Map<String, double[]> values) {
        if (array != null) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                values.put(key, array.castTo(DataType.DOUBLE).dup('c').data().asDouble());
            }
            values.put(key + "_shape", new double[] {array.rows(), array.columns()});
        } else if (restored != null) {
            values.put(key, restored.clone());
            values.put(key + "_shape", new double[] {restoredShape[0], restoredShape[1]});
        } else {
            values.put(key, new double[0]);
            values.put(key + "_shape", new double[0]);
        }
    }

    /**
     * Takes this buffer's values from a snapshot; they are placed on the device at the next step.
     *
     * @throws IllegalArgumentException for values that do not match their shape or are not finite
     */
    void restoreFrom(CombinerState state) {
        double[] values = state.get(key);
        double[] shape = state.get(key + "_shape");
        if (values.length == 0 && shape.length == 0) {
            reset();
            return;
        }
        if (shape.length != 2 || !(shape[0] >= 1) || !(shape[1] >= 1) || shape[0] != Math.rint(shape[0])
                || shape[1] != Math.rint(shape[1]) || shape[0] * shape[1] != values.length) {
            throw new IllegalArgumentException("state value '" + key + "' of " + owner + " must hold K x P values"
                    + " with its shape in '" + key + "_shape', got " + values.length + " values and shape "
                    + Arrays.toString(shape));
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("state value '" + key + "' of " + owner + " must be finite");
            }
        }
        array = null;
        restored = values;
        restoredShape = new long[] {(long) shape[0], (long) shape[1]};
    }
}
