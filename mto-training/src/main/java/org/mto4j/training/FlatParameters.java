package org.mto4j.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mto4j.core.TaskGradients;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One flat parameter buffer and one flat gradient buffer for a multi-task model, with a view of each for every
 * trainable variable.
 * <pre>
 *   params    = [ shared₁ … sharedₘ | heads of task 0 | heads of task 1 | … ]      (N values)
 *   gradients = the same layout;  sharedGradient() = gradients[0, P)                (P shared values)
 * </pre>
 * The shared block comes first and is contiguous, so a combiner writes its direction straight into the gradient
 * buffer ({@code combiner.combineInto(J, losses, flat.sharedGradient())}, no copy), and one updater step over
 * {@link #gradients()} updates every variable ({@link FlatUpdater}). Each task's heads form one contiguous block.
 * {@link #jacobianView} gives the view of one shared variable inside one row of a K x P Jacobian, so per-task
 * gradients are written in place.
 *
 * <p>Use it by hand in an ND4J training loop: the {@code param(name)} views are the model's parameters (compute
 * with them; they change when the updater runs), and the {@code gradient(name)} views are where the heads'
 * gradients go. The SameDiff adapter uses it for every variable it trains.
 *
 * <p>Not thread-safe: the buffers are written by every training step.
 *
 * @since 0.1.0
 */
public final class FlatParameters {

    /** Where one variable lives in the flat buffers; task is -1 for a shared variable. */
    private record Slot(String name, long[] shape, long offset, long length, int task) {
    }

    private final DataType dataType;
    private final int numTasks;
    private final Map<String, Slot> slots;
    private final List<String> sharedNames;
    private final List<List<String>> headNames;
    private final long numShared;
    private final long[] headStart;
    private final long[] headEnd;
    private final INDArray params;
    private final INDArray gradients;
    private final Map<String, INDArray> paramViews = new LinkedHashMap<>();
    private final Map<String, INDArray> gradientViews = new LinkedHashMap<>();

    private FlatParameters(Builder b) {
        this.dataType = b.dataType;
        this.numTasks = b.numTasks;
        this.slots = new LinkedHashMap<>();
        this.sharedNames = List.copyOf(b.shared.keySet());
        List<List<String>> heads = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, long[]> e : b.shared.entrySet()) {
            offset = place(e.getKey(), e.getValue(), offset, -1);
        }
        this.numShared = offset;
        this.headStart = new long[numTasks];
        this.headEnd = new long[numTasks];
        for (int t = 0; t < numTasks; t++) {
            headStart[t] = offset;
            for (Map.Entry<String, long[]> e : b.heads.get(t).entrySet()) {
                offset = place(e.getKey(), e.getValue(), offset, t);
            }
            headEnd[t] = offset;
            heads.add(List.copyOf(b.heads.get(t).keySet()));
        }
        this.headNames = Collections.unmodifiableList(heads);
        this.params = Nd4j.create(dataType, new long[] {offset}, 'c');
        this.gradients = Nd4j.create(dataType, new long[] {offset}, 'c');
        for (Slot s : slots.values()) {
            paramViews.put(s.name, view(params, s.offset, s.length, s.shape));
            gradientViews.put(s.name, view(gradients, s.offset, s.length, s.shape));
        }
    }

    private long place(String name, long[] shape, long offset, int task) {
        long length = 1;
        for (long d : shape) {
            length = Math.multiplyExact(length, d);
        }
        slots.put(name, new Slot(name, shape, offset, length, task));
        return offset + length;
    }

    /** A view of {@code length} elements of a flat (or row) array from {@code offset}, in {@code shape}. */
    static INDArray view(INDArray flat, long offset, long length, long[] shape) {
        INDArray segment = flat.get(NDArrayIndex.interval(offset, offset + length));
        INDArray shaped = segment.reshape('c', shape);
        if (root(shaped.data()) != root(flat.data())) {
            throw new IllegalStateException("reshaping a contiguous segment to " + Arrays.toString(shape)
                    + " copied it; please report this");
        }
        return shaped;
    }

    private static DataBuffer root(DataBuffer buffer) {
        DataBuffer b = buffer;
        while (b.originalDataBuffer() != null && b.originalDataBuffer() != b) {
            b = b.originalDataBuffer();
        }
        return b;
    }

    /**
     * Starts a layout.
     *
     * @param dataType FLOAT or DOUBLE
     * @param numTasks K &ge; 1, the number of tasks whose heads may be added
     */
    public static Builder builder(DataType dataType, int numTasks) {
        return new Builder(dataType, numTasks);
    }

    /** Collects shared variables and task heads, in order; {@link #build()} allocates the buffers (zeros). */
    public static final class Builder {
        private final DataType dataType;
        private final int numTasks;
        private final Map<String, long[]> shared = new LinkedHashMap<>();
        private final List<Map<String, long[]>> heads = new ArrayList<>();

        private Builder(DataType dataType, int numTasks) {
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
                throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
            }
            if (numTasks < 1) {
                throw new IllegalArgumentException("numTasks must be >= 1, got " + numTasks);
            }
            this.dataType = dataType;
            this.numTasks = numTasks;
            for (int t = 0; t < numTasks; t++) {
                heads.add(new LinkedHashMap<>());
            }
        }

        /** Adds a shared variable (its gradient is combined across tasks). */
        public Builder shared(String name, long... shape) {
            shared.put(checkNew(name, shape), shape.clone());
            return this;
        }

        /** Adds a variable that only task {@code task}'s loss depends on. */
        public Builder head(int task, String name, long... shape) {
            if (task < 0 || task >= numTasks) {
                throw new IllegalArgumentException("task must be in [0, " + numTasks + "), got " + task
                        + " for head '" + name + "'");
            }
            heads.get(task).put(checkNew(name, shape), shape.clone());
            return this;
        }

        private String checkNew(String name, long[] shape) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("variable name must not be null or empty");
            }
            if (shape == null) {
                throw new IllegalArgumentException("shape of '" + name + "' must not be null");
            }
            for (long d : shape) {
                if (d < 1) {
                    throw new IllegalArgumentException("shape of '" + name + "' must have dimensions >= 1, got "
                            + Arrays.toString(shape));
                }
            }
            boolean known = shared.containsKey(name) || heads.stream().anyMatch(h -> h.containsKey(name));
            if (known) {
                throw new IllegalArgumentException("variable '" + name + "' is added twice");
            }
            return name;
        }

        /**
         * @throws IllegalArgumentException if there is no shared variable
         */
        public FlatParameters build() {
            if (shared.isEmpty()) {
                throw new IllegalArgumentException("at least one shared variable is needed: the combiner works on "
                        + "the gradients of the shared variables");
            }
            return new FlatParameters(this);
        }
    }

    public DataType dataType() {
        return dataType;
    }

    /** K. */
    public int numTasks() {
        return numTasks;
    }

    /** N, all parameters. */
    public long numParams() {
        return params.length();
    }

    /** P, the shared parameters: the columns of the Jacobian. */
    public long numShared() {
        return numShared;
    }

    /** The flat parameter buffer (N); every {@link #param(String)} is a view of it. */
    public INDArray params() {
        return params;
    }

    /** The flat gradient buffer (N); every {@link #gradient(String)} is a view of it. */
    public INDArray gradients() {
        return gradients;
    }

    /** The shared block of the gradient buffer: a contiguous view of its first P elements. */
    public INDArray sharedGradient() {
        return gradients.get(NDArrayIndex.interval(0, numShared));
    }

    /** The shared variables' names, in layout order. */
    public List<String> sharedNames() {
        return sharedNames;
    }

    /** Task {@code task}'s head variables, in layout order (possibly none). */
    public List<String> headNames(int task) {
        return headNames.get(checkTask(task));
    }

    /** Every variable's name, in layout order. */
    public List<String> names() {
        return List.copyOf(slots.keySet());
    }

    /**
     * The parameter view of one variable, in its shape.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public INDArray param(String name) {
        return lookup(paramViews, name);
    }

    /**
     * The gradient view of one variable, in its shape.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public INDArray gradient(String name) {
        return lookup(gradientViews, name);
    }

    /** Multiplies task {@code task}'s head gradients by {@code factor} in place (nothing if it has no heads). */
    public void scaleHeadGradients(int task, double factor) {
        checkTask(task);
        if (headEnd[task] > headStart[task] && factor != 1.0) {
            gradients.get(NDArrayIndex.interval(headStart[task], headEnd[task])).muli(factor);
        }
    }

    /** A new zeroed K x P Jacobian for this layout. */
    public TaskGradients newJacobian() {
        return TaskGradients.allocate(numTasks, numShared, dataType);
    }

    /**
     * The view of shared variable {@code name} inside row {@code task} of a Jacobian, in the variable's shape:
     * write task {@code task}'s gradient of that variable into it.
     *
     * @param jacobian K x P of this layout's type, e.g. from {@link #newJacobian()}
     * @throws IllegalArgumentException for a Jacobian of another shape or type, a task out of range, or a name
     *                                  that is not a shared variable
     */
    public INDArray jacobianView(TaskGradients jacobian, int task, String name) {
        if (jacobian == null) {
            throw new IllegalArgumentException("jacobian must not be null");
        }
        if (jacobian.numTasks() != numTasks || jacobian.numParams() != numShared
                || jacobian.dataType() != dataType) {
            throw new IllegalArgumentException("jacobian must be " + numTasks + " x " + numShared + " " + dataType
                    + " for this layout, got " + jacobian);
        }
        Slot s = slots.get(name);
        if (s == null || s.task != -1) {
            throw new IllegalArgumentException("'" + name + "' is not a shared variable; shared variables are "
                    + sharedNames);
        }
        return view(jacobian.row(checkTask(task)), s.offset, s.length, s.shape);
    }

    private int checkTask(int task) {
        if (task < 0 || task >= numTasks) {
            throw new IllegalArgumentException("task must be in [0, " + numTasks + "), got " + task);
        }
        return task;
    }

    private INDArray lookup(Map<String, INDArray> views, String name) {
        INDArray v = views.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no variable '" + name + "'; variables are " + slots.keySet());
        }
        return v;
    }

    @Override
    public String toString() {
        return "FlatParameters[" + dataType + ", K=" + numTasks + ", P=" + numShared + " shared of N="
                + numParams() + "]";
    }
}
