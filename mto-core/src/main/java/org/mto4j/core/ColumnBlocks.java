package org.mto4j.core;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The full-Jacobian path, for methods that work on J coordinate by coordinate (GradDrop's sign masks, a trimmed
 * mean) or keep K x P state of their own (moving averages, accumulators): J is walked in blocks of {@link #BLOCK}
 * columns, the K row segments of each block are handed to a worker in double, and the worker's results are written
 * back.
 * <pre>
 *   {@link #run}:     rows[i][0..n) = J[i, c..c+n)                     →  worker  →  d[c..c+n)
 *   {@link #update}:  rows[i][0..n) = J[i, c..c+n), state[i][0..n) = S[i, c..c+n)  →  worker  →  S'[i, c..c+n)
 * </pre>
 * Each array is read once and written once, on every core: one worker per part of the columns, the split depending
 * only on P, so results do not depend on timing. Nothing of size P is allocated (a worker gets a few arrays of
 * {@link #BLOCK} doubles per row). On the CPU backend the blocks are copied straight from the arrays' buffers; for
 * other backends and layouts (column-major J, a strided {@code out}) they go through ND4J views, one block at a
 * time, on the calling thread: correct everywhere, fast on the CPU.
 *
 * <p>Why not ND4J's own ops: reductions across tasks (along dimension 0 of a row-major K x P matrix) and sorts along
 * it are slow in ND4J (a max 30 ms, a sort over a second at K = 8, P = 10⁶), and a sequence of element-wise ops
 * interleaved with BLAS calls makes OpenBLAS's spinning workers and ND4J's OpenMP threads compete for the cores (see
 * docs/architecture.md). This path reads each array once, whatever the method does per coordinate.
 *
 * <p>Non-finite input is detected while J is read and reported with the task rows named; results that do not fit
 * the arrays' data type are reported too. On an exception the content of the written array is undefined.
 *
 * <p>Thread safety: stateless; workers are confined to one thread each.
 *
 * @since 0.1.0
 */
public final class ColumnBlocks {

    /** Columns per block. */
    public static final int BLOCK = HostThreads.BLOCK;

    private ColumnBlocks() {
    }

    /**
     * A direction computed over consecutive blocks of columns. One worker serves one part of the columns on one
     * thread; it may keep per-part accumulators, which the caller combines afterwards in the order {@link #run}
     * returns.
     */
    @FunctionalInterface
    public interface Worker {
        /**
         * Computes one block of the direction.
         *
         * @param firstColumn index in J of the block's first column (blocks of one worker come in increasing order)
         * @param length      columns in the block, 1 to {@link #BLOCK}
         * @param rows        K arrays; {@code rows[i][0..length)} holds J's row i over the block, in double. The
         *                    worker may overwrite them
         * @param direction   {@code direction[0..length)} receives d over the block
         */
        void block(long firstColumn, int length, double[][] rows, double[] direction);
    }

    /**
     * A {@link Worker} that can also compute in float. When J is FLOAT (and can be read in place), its blocks are
     * handed over as they are, without the conversion to double, which the JIT does not vectorise and which costs
     * about as much as reading J: for methods whose speed matters (GradDrop's target is a few times a GEMV).
     */
    public interface FloatWorker extends Worker {
        /**
         * Computes one block of the direction in float; the same contract as
         * {@link Worker#block(long, int, double[][], double[])}.
         *
         * @param firstColumn index in J of the block's first column (blocks of one worker come in increasing order)
         * @param length      columns in the block, 1 to {@link #BLOCK}
         * @param rows        K arrays; {@code rows[i][0..length)} holds J's row i over the block. The worker may
         *                    overwrite them
         * @param direction   {@code direction[0..length)} receives d over the block
         */
        void block(long firstColumn, int length, float[][] rows, float[] direction);
    }

    /**
     * A K x P state updated over consecutive blocks of columns, with J at hand; as for {@link Worker}, one per part.
     */
    @FunctionalInterface
    public interface StateWorker {
        /**
         * Computes one block of the next state.
         *
         * @param firstColumn index in J of the block's first column (blocks of one worker come in increasing order)
         * @param length      columns in the block, 1 to {@link #BLOCK}
         * @param rows        K arrays; {@code rows[i][0..length)} holds J's row i over the block, in double. The
         *                    worker may overwrite them
         * @param state       K arrays; {@code state[i][0..length)} holds the state's row i over the block, and
         *                    receives the next state's
         */
        void block(long firstColumn, int length, double[][] rows, double[][] state);
    }

    /** A {@link StateWorker} that can also compute in float, for a FLOAT J and state (as {@link FloatWorker}). */
    public interface FloatStateWorker extends StateWorker {
        /**
         * Computes one block of the next state in float; the same contract as
         * {@link StateWorker#block(long, int, double[][], double[][])}.
         *
         * @param firstColumn index in J of the block's first column (blocks of one worker come in increasing order)
         * @param length      columns in the block, 1 to {@link #BLOCK}
         * @param rows        K arrays holding J's rows over the block; the worker may overwrite them
         * @param state       K arrays holding the state's rows over the block, which receive the next state's
         */
        void block(long firstColumn, int length, float[][] rows, float[][] state);
    }

    /**
     * Runs workers over all columns of J and writes the direction into {@code out}.
     *
     * @param gradients J, K x P; not modified
     * @param out       P elements (shape [P], [1, P] or [P, 1]) of J's data type; overwritten
     * @param workers   makes one worker per part (called on the calling thread)
     * @param <W>       the workers' type
     * @return the workers in column order (the first covers the first columns)
     * @throws IllegalArgumentException for an {@code out} of the wrong length or data type, NaN or infinity in J
     *                                  (the message names the task rows), or a direction beyond J's data type
     */
    public static <W extends Worker> List<W> run(TaskGradients gradients, INDArray out, Supplier<W> workers) {
        Checks.notNull(gradients, "gradients");
        Checks.notNull(workers, "workers");
        DirectionKernel.checkOut(gradients, out);
        INDArray j = gradients.matrix();
        int k = (int) j.rows();
        boolean direct = HostThreads.canRead(j) && out.elementWiseStride() == 1
                && out.data().length() <= Integer.MAX_VALUE;
        List<W> list = workers(direct, j.columns(), workers);
        if (direct && j.dataType() == DataType.FLOAT && list.get(0) instanceof FloatWorker) {
            runFloat(j, out, list);
            return list;
        }
        Status finite = walk(direct, j.columns(), list.size(), s -> {
            Segments input = segments(direct, j);
            Segments output = direct ? segments(true, out) : new ViewVector(out);
            double[][] rows = new double[k][BLOCK];
            double[] direction = new double[BLOCK];
            W worker = list.get(s);
            return (start, len, status) -> {
                status.read(input, rows, start, len);
                worker.block(start, len, rows, direction);
                status.write(output, 0, start, len, direction);
            };
        });
        finite.requireFinite(j, "the combined direction");
        return list;
    }

    /** {@link #run} for float workers on a FLOAT J read in place: no conversion, checks in float lanes. */
    private static void runFloat(INDArray j, INDArray out, List<? extends Worker> list) {
        int k = (int) j.rows();
        long p = j.columns();
        int parts = list.size();
        Status total = new Status();
        for (Status status : HostThreads.run(parts, s -> {
            FloatWorker worker = (FloatWorker) list.get(s);
            FloatBuffer input = j.data().asNioFloat();
            FloatBuffer output = out.data().asNioFloat();
            long base = j.offset();
            long rowStride = j.stride(0);
            float[][] rows = new float[k][BLOCK];
            float[] direction = new float[BLOCK];
            float[] inputCheck = new float[BLOCK];
            float[] outputCheck = new float[BLOCK];
            long to = HostThreads.start(p, parts, s + 1);
            for (long start = HostThreads.start(p, parts, s); start < to; start += BLOCK) {
                int len = (int) Math.min(BLOCK, to - start);
                for (int i = 0; i < k; i++) {
                    float[] row = rows[i];
                    input.get((int) (base + i * rowStride + start), row, 0, len);
                    for (int v = 0; v < len; v++) {
                        inputCheck[v] += row[v] * 0f;
                    }
                }
                worker.block(start, len, rows, direction);
                for (int v = 0; v < len; v++) {
                    outputCheck[v] += direction[v] * 0f;
                }
                output.put((int) (out.offset() + start), direction, 0, len);
            }
            Status result = new Status();
            for (int v = 0; v < BLOCK; v++) {
                result.inputFinite &= inputCheck[v] == 0f;
                result.outputFinite &= outputCheck[v] == 0f;
            }
            return result;
        })) {
            total.add(status);
        }
        total.requireFinite(j, "the combined direction");
    }

    /**
     * Runs workers over all columns of J and a K x P state, and writes the next state into {@code next}.
     *
     * @param gradients J, K x P; not modified
     * @param state     the current state, K x P of J's data type; read (and overwritten when it is {@code next})
     * @param next      where the next state goes, K x P of J's data type; may be {@code state} itself
     * @param workers   makes one worker per part (called on the calling thread)
     * @param <W>       the workers' type
     * @return the workers in column order (the first covers the first columns)
     * @throws IllegalArgumentException for state arrays of the wrong shape or data type, NaN or infinity in J (the
     *                                  message names the task rows), or a next state beyond J's data type
     */
    public static <W extends StateWorker> List<W> update(TaskGradients gradients, INDArray state, INDArray next,
            Supplier<W> workers) {
        Checks.notNull(gradients, "gradients");
        Checks.notNull(workers, "workers");
        checkState(gradients, state, "state");
        checkState(gradients, next, "next");
        INDArray j = gradients.matrix();
        int k = (int) j.rows();
        boolean direct = HostThreads.canRead(j) && HostThreads.canRead(state) && HostThreads.canRead(next);
        List<W> list = workers(direct, j.columns(), workers);
        if (direct && j.dataType() == DataType.FLOAT && list.get(0) instanceof FloatStateWorker) {
            updateFloat(j, state, next, list);
            return list;
        }
        Status finite = walk(direct, j.columns(), list.size(), s -> {
            Segments input = segments(direct, j);
            Segments current = segments(direct, state);
            Segments output = segments(direct, next);
            double[][] rows = new double[k][BLOCK];
            double[][] values = new double[k][BLOCK];
            W worker = list.get(s);
            return (start, len, status) -> {
                status.read(input, rows, start, len);
                for (int i = 0; i < k; i++) {
                    current.read(i, start, len, values[i]);
                }
                worker.block(start, len, rows, values);
                for (int i = 0; i < k; i++) {
                    status.write(output, i, start, len, values[i]);
                }
            };
        });
        finite.requireFinite(j, "the next state");
        return list;
    }

    /** {@link #update} for float workers on FLOAT arrays read in place. */
    private static void updateFloat(INDArray j, INDArray state, INDArray next, List<? extends StateWorker> list) {
        int k = (int) j.rows();
        long p = j.columns();
        int parts = list.size();
        Status total = new Status();
        for (Status status : HostThreads.run(parts, s -> {
            FloatStateWorker worker = (FloatStateWorker) list.get(s);
            FloatBuffer input = j.data().asNioFloat();
            FloatBuffer current = state.data().asNioFloat();
            FloatBuffer output = next.data().asNioFloat();
            float[][] rows = new float[k][BLOCK];
            float[][] values = new float[k][BLOCK];
            float[] inputCheck = new float[BLOCK];
            float[] outputCheck = new float[BLOCK];
            long to = HostThreads.start(p, parts, s + 1);
            for (long start = HostThreads.start(p, parts, s); start < to; start += BLOCK) {
                int len = (int) Math.min(BLOCK, to - start);
                for (int i = 0; i < k; i++) {
                    float[] row = rows[i];
                    input.get((int) (j.offset() + i * j.stride(0) + start), row, 0, len);
                    for (int v = 0; v < len; v++) {
                        inputCheck[v] += row[v] * 0f;
                    }
                    current.get((int) (state.offset() + i * state.stride(0) + start), values[i], 0, len);
                }
                worker.block(start, len, rows, values);
                for (int i = 0; i < k; i++) {
                    float[] value = values[i];
                    for (int v = 0; v < len; v++) {
                        outputCheck[v] += value[v] * 0f;
                    }
                    output.put((int) (next.offset() + i * next.stride(0) + start), value, 0, len);
                }
            }
            Status result = new Status();
            for (int v = 0; v < BLOCK; v++) {
                result.inputFinite &= inputCheck[v] == 0f;
                result.outputFinite &= outputCheck[v] == 0f;
            }
            return result;
        })) {
            total.add(status);
        }
        total.requireFinite(j, "the next state");
    }

    private static void checkState(TaskGradients gradients, INDArray a, String name) {
        Checks.notNull(a, name);
        if (a.rank() != 2 || a.rows() != gradients.numTasks() || a.columns() != gradients.numParams()
                || a.dataType() != gradients.dataType()) {
            throw new IllegalArgumentException(name + " must be K x P = " + gradients.numTasks() + " x "
                    + gradients.numParams() + " of data type " + gradients.dataType() + ", got shape "
                    + Checks.shape(a) + " of " + a.dataType());
        }
    }

    private static <W> List<W> workers(boolean direct, long p, Supplier<W> workers) {
        int parts = direct ? HostThreads.parts(p) : 1;
        List<W> list = new ArrayList<>(parts);
        for (int s = 0; s < parts; s++) {
            list.add(Checks.notNull(workers.get(), "worker"));
        }
        return list;
    }

    /** One part's work on one block. */
    private interface BlockStep {
        void apply(long start, int len, Status status);
    }

    /** Runs the parts' block steps over their column ranges; on the calling thread only for the view path. */
    private static Status walk(boolean direct, long p, int parts, IntFunction<BlockStep> part) {
        Status total = new Status();
        if (!direct) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                total.add(walkRange(part.apply(0), 0, p));
            }
            return total;
        }
        for (Status s : HostThreads.run(parts, s -> walkRange(part.apply(s), HostThreads.start(p, parts, s),
                HostThreads.start(p, parts, s + 1)))) {
            total.add(s);
        }
        return total;
    }

    private static Status walkRange(BlockStep step, long from, long to) {
        Status status = new Status();
        for (long start = from; start < to; start += BLOCK) {
            step.apply(start, (int) Math.min(BLOCK, to - start), status);
        }
        return status.fold();
    }

    /** Whether what was read and written was finite, kept lane by lane (x · 0 is 0 for finite x, else NaN). */
    private static final class Status {
        private final double[] inputCheck = new double[BLOCK];
        private final double[] outputCheck = new double[BLOCK];
        boolean inputFinite = true;
        boolean outputFinite = true;

        void read(Segments input, double[][] rows, long start, int len) {
            for (int i = 0; i < rows.length; i++) {
                double[] row = rows[i];
                input.read(i, start, len, row);
                for (int v = 0; v < len; v++) {
                    inputCheck[v] += row[v] * 0.0;
                }
            }
        }

        void write(Segments output, int row, long start, int len, double[] values) {
            output.write(row, start, len, values, outputCheck);
        }

        Status fold() {
            for (int v = 0; v < BLOCK; v++) {
                inputFinite &= inputCheck[v] == 0.0;
                outputFinite &= outputCheck[v] == 0.0;
            }
            return this;
        }

        void add(Status other) {
            inputFinite &= other.inputFinite;
            outputFinite &= other.outputFinite;
        }

        void requireFinite(INDArray j, String what) {
            if (!inputFinite) {
                GramKernel.requireFiniteRows(j);
            }
            if (!outputFinite) {
                throw new IllegalArgumentException(what + " overflows " + j.dataType()
                        + " (the gradients are finite); use DOUBLE gradients or scale the losses down");
            }
        }
    }

    private static Segments segments(boolean direct, INDArray a) {
        if (!direct) {
            return new ViewRows(a);
        }
        return a.dataType() == DataType.FLOAT ? new FloatSegments(a) : new DoubleSegments(a);
    }

    /** Reads and writes segments of the rows of one array (a vector is row 0); one instance per part. */
    private interface Segments {
        /** Copies row {@code row} over columns [start, start + len) into {@code target}. */
        void read(int row, long start, int len, double[] target);

        /** Writes {@code source[0..len)} there and adds (stored value) · 0 to {@code check} lane by lane. */
        void write(int row, long start, int len, double[] source, double[] check);
    }

    private static final class FloatSegments implements Segments {
        private final FloatBuffer buffer;
        private final long base;
        private final long rowStride;
        private final float[] scratch = new float[BLOCK];

        FloatSegments(INDArray a) {
            this.buffer = a.data().asNioFloat();
            this.base = a.offset();
            this.rowStride = a.rank() == 2 && a.rows() > 1 ? a.stride(0) : 0;
        }

        @Override
        public void read(int row, long start, int len, double[] target) {
            float[] f = scratch;
            buffer.get((int) (base + row * rowStride + start), f, 0, len);
            for (int v = 0; v < len; v++) {
                target[v] = f[v];
            }
        }

        @Override
        public void write(int row, long start, int len, double[] source, double[] check) {
            float[] f = scratch;
            for (int v = 0; v < len; v++) {
                f[v] = (float) source[v];
                check[v] += f[v] * 0.0;
            }
            buffer.put((int) (base + row * rowStride + start), f, 0, len);
        }
    }

    private static final class DoubleSegments implements Segments {
        private final DoubleBuffer buffer;
        private final long base;
        private final long rowStride;

        DoubleSegments(INDArray a) {
            this.buffer = a.data().asNioDouble();
            this.base = a.offset();
            this.rowStride = a.rank() == 2 && a.rows() > 1 ? a.stride(0) : 0;
        }

        @Override
        public void read(int row, long start, int len, double[] target) {
            buffer.get((int) (base + row * rowStride + start), target, 0, len);
        }

        @Override
        public void write(int row, long start, int len, double[] source, double[] check) {
            for (int v = 0; v < len; v++) {
                check[v] += source[v] * 0.0;
            }
            buffer.put((int) (base + row * rowStride + start), source, 0, len);
        }
    }

    /** Any backend and layout, for K x P arrays: segments through ND4J views (allocates, outside any workspace). */
    private static class ViewRows implements Segments {
        private final INDArray a;

        ViewRows(INDArray a) {
            this.a = a;
        }

        INDArray segment(int row, long start, int len) {
            return a.get(NDArrayIndex.point(row), NDArrayIndex.interval(start, start + len));
        }

        @Override
        public void read(int row, long start, int len, double[] target) {
            System.arraycopy(segment(row, start, len).castTo(DataType.DOUBLE).toDoubleVector(), 0, target, 0, len);
        }

        @Override
        public void write(int row, long start, int len, double[] source, double[] check) {
            INDArray target = segment(row, start, len);
            target.assign(Nd4j.createFromArray(java.util.Arrays.copyOf(source, len)).castTo(a.dataType()));
            double[] stored = target.castTo(DataType.DOUBLE).toDoubleVector();
            for (int v = 0; v < len; v++) {
                check[v] += stored[v] * 0.0;
            }
        }
    }

    /** The view path for the direction: [P], [1, P] or [P, 1], any strides. */
    private static final class ViewVector extends ViewRows {
        private final INDArray out;

        ViewVector(INDArray out) {
            super(out);
            this.out = out;
        }

        @Override
        INDArray segment(int row, long start, int len) {
            INDArrayIndex columns = NDArrayIndex.interval(start, start + len);
            return out.rank() == 1 ? out.get(columns)
                    : out.rows() == 1 ? out.get(NDArrayIndex.point(0), columns)
                    : out.get(columns, NDArrayIndex.point(0));
        }
    }
}
