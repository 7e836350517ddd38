package org.mto4j.core;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The full-Jacobian path for methods that combine J coordinate by coordinate (GradDrop's sign masks, a trimmed
 * mean): J is walked in blocks of {@link #BLOCK} columns, the K row segments of each block are handed to a
 * {@link Worker} in double, and the worker's block of the direction is written into the caller's array.
 * <pre>
 *   for each block of columns [c, c + n):   rows[i][0..n) = J[i, c..c+n)  (double)  →  worker  →  d[c..c+n)
 * </pre>
 * J is read once and d written once, on every core: one worker per part of the columns, the split depending only
 * on P, so results do not depend on timing. Nothing of size P is allocated (each worker gets K + 1 arrays of
 * {@link #BLOCK} doubles). On the CPU backend the blocks are copied straight from J's buffer; for other backends and
 * layouts (column-major J, a strided {@code out}) they go through ND4J views, one block at a time, on the calling
 * thread: correct everywhere, fast on the CPU.
 *
 * <p>Column reductions across tasks are where ND4J's own ops are slow (reductions along dimension 0 of a row-major
 * K x P matrix, sorting along it); this path does them at the speed of one read of J.
 *
 * <p>Non-finite input is detected while J is read and reported with the task rows named; a direction that does not
 * fit J's data type is reported too. On an exception the content of {@code out} is undefined.
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
     * A computation over consecutive blocks of columns. One worker serves one part of the columns on one thread;
     * it may keep per-part accumulators, which the caller combines afterwards in the order {@link #run} returns.
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
        long p = j.columns();
        boolean direct = HostThreads.canRead(j) && out.elementWiseStride() == 1
                && out.data().length() <= Integer.MAX_VALUE;
        int parts = direct ? HostThreads.parts(p) : 1;
        List<W> list = new ArrayList<>(parts);
        for (int s = 0; s < parts; s++) {
            list.add(Checks.notNull(workers.get(), "worker"));
        }
        Status status = new Status();
        if (direct) {
            boolean isFloat = j.dataType() == DataType.FLOAT;
            for (Status part : HostThreads.run(parts, s -> walk(
                    isFloat ? new FloatAccess(j, out) : new DoubleAccess(j, out), (int) j.rows(), list.get(s),
                    HostThreads.start(p, parts, s), HostThreads.start(p, parts, s + 1)))) {
                status.add(part);
            }
        } else {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                status = walk(new ViewAccess(j, out), (int) j.rows(), list.get(0), 0, p);
            }
        }
        if (!status.inputFinite) {
            GramKernel.requireFiniteRows(j);
        }
        if (!status.outputFinite) {
            throw new IllegalArgumentException("the combined direction is not finite in " + j.dataType()
                    + " although the gradients are; use DOUBLE gradients or scale the losses down");
        }
        return list;
    }

    /** Whether what was read and written was finite. */
    private static final class Status {
        boolean inputFinite = true;
        boolean outputFinite = true;

        void add(Status other) {
            inputFinite &= other.inputFinite;
            outputFinite &= other.outputFinite;
        }
    }

    private static Status walk(Access access, int k, Worker worker, long from, long to) {
        double[][] rows = new double[k][BLOCK];
        double[] direction = new double[BLOCK];
        double[] inputCheck = new double[BLOCK];
        double[] outputCheck = new double[BLOCK];
        for (long start = from; start < to; start += BLOCK) {
            int len = (int) Math.min(BLOCK, to - start);
            for (int i = 0; i < k; i++) {
                double[] row = rows[i];
                access.read(i, start, len, row);
                // x * 0 is 0 for finite x and NaN otherwise: one vectorised pass finds any non-finite value.
                for (int v = 0; v < len; v++) {
                    inputCheck[v] += row[v] * 0.0;
                }
            }
            worker.block(start, len, rows, direction);
            access.write(start, len, direction, outputCheck);
        }
        Status status = new Status();
        for (int v = 0; v < BLOCK; v++) {
            status.inputFinite &= inputCheck[v] == 0.0;
            status.outputFinite &= outputCheck[v] == 0.0;
        }
        return status;
    }

    /** Reads row segments of J and writes segments of d, in one data type; one instance per part. */
    private interface Access {
        /** Copies J[row, start..start+len) into {@code target}. */
        void read(int row, long start, int len, double[] target);

        /** Writes d[start..start+len) and adds (stored value) * 0 to {@code check} lane by lane. */
        void write(long start, int len, double[] direction, double[] check);
    }

    private static final class FloatAccess implements Access {
        private final FloatBuffer j;
        private final long base;
        private final long rowStride;
        private final FloatBuffer out;
        private final long outBase;
        private final float[] scratch = new float[BLOCK];

        FloatAccess(INDArray j, INDArray out) {
            this.j = j.data().asNioFloat();
            this.base = j.offset();
            this.rowStride = j.stride(0);
            this.out = out.data().asNioFloat();
            this.outBase = out.offset();
        }

        @Override
        public void read(int row, long start, int len, double[] target) {
            float[] f = scratch;
            j.get((int) (base + row * rowStride + start), f, 0, len);
            for (int v = 0; v < len; v++) {
                target[v] = f[v];
            }
        }

        @Override
        public void write(long start, int len, double[] direction, double[] check) {
            float[] f = scratch;
            for (int v = 0; v < len; v++) {
                f[v] = (float) direction[v];
                check[v] += f[v] * 0.0;
            }
            out.put((int) (outBase + start), f, 0, len);
        }
    }

    private static final class DoubleAccess implements Access {
        private final DoubleBuffer j;
        private final long base;
        private final long rowStride;
        private final DoubleBuffer out;
        private final long outBase;

        DoubleAccess(INDArray j, INDArray out) {
            this.j = j.data().asNioDouble();
            this.base = j.offset();
            this.rowStride = j.stride(0);
            this.out = out.data().asNioDouble();
            this.outBase = out.offset();
        }

        @Override
        public void read(int row, long start, int len, double[] target) {
            j.get((int) (base + row * rowStride + start), target, 0, len);
        }

        @Override
        public void write(long start, int len, double[] direction, double[] check) {
            for (int v = 0; v < len; v++) {
                check[v] += direction[v] * 0.0;
            }
            out.put((int) (outBase + start), direction, 0, len);
        }
    }

    /** Any backend and layout: blocks through ND4J views (allocates per block, outside any workspace). */
    private static final class ViewAccess implements Access {
        private final INDArray j;
        private final INDArray out;

        ViewAccess(INDArray j, INDArray out) {
            this.j = j;
            this.out = out;
        }

        @Override
        public void read(int row, long start, int len, double[] target) {
            double[] values = j.get(NDArrayIndex.point(row), NDArrayIndex.interval(start, start + len))
                    .castTo(DataType.DOUBLE).toDoubleVector();
            System.arraycopy(values, 0, target, 0, len);
        }

        @Override
        public void write(long start, int len, double[] direction, double[] check) {
            INDArrayIndex columns = NDArrayIndex.interval(start, start + len);
            INDArray target = out.rank() == 1 ? out.get(columns)
                    : out.rows() == 1 ? out.get(NDArrayIndex.point(0), columns)
                    : out.get(columns, NDArrayIndex.point(0));
            double[] block = java.util.Arrays.copyOf(direction, len);
            target.assign(Nd4j.createFromArray(block).castTo(out.dataType()));
            double[] stored = target.castTo(DataType.DOUBLE).toDoubleVector();
            for (int v = 0; v < len; v++) {
                check[v] += stored[v] * 0.0;
            }
        }
    }
}
