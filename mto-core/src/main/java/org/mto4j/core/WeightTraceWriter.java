package org.mto4j.core;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link CombinationListener} that writes one CSV row per step: the step, the solver's diagnostics, ‖d‖, the K
 * weights, the K gradient norms and (optionally) the K(K−1)/2 pairwise cosines. Norms and cosines come from the
 * Gram matrix, so they cost nothing for Gram methods; methods without one leave those cells empty.
 * <pre>
 * step,solver,converged,iterations,residual,direction_norm,w_0,...,w_{K-1},norm_0,...,norm_{K-1}[,cos_0_1,...]
 * </pre>
 * The header is written at the first step, when K is known. Rows are buffered: call {@link #close()} (or
 * {@link #flush()}) to see them on disk. Thread-safe.
 *
 * @since 0.1.0
 */
public final class WeightTraceWriter implements CombinationListener, Closeable {

    private final Writer out;
    private final boolean cosines;
    private int numTasks = -1;

    private WeightTraceWriter(Writer out, boolean cosines) {
        this.out = out;
        this.cosines = cosines;
    }

    /**
     * Writes to {@code file} (created or truncated), without cosines.
     *
     * @param file the CSV file
     * @return the writer; close it when training ends
     * @throws IOException if the file cannot be opened
     */
    public static WeightTraceWriter open(Path file) throws IOException {
        return open(file, false);
    }

    /**
     * Writes to {@code file} (created or truncated), with the pairwise cosines when {@code cosines}.
     *
     * @param file    the CSV file
     * @param cosines whether to add a column per task pair with the cosine of their gradients
     * @return the writer; close it when training ends
     * @throws IOException if the file cannot be opened
     */
    public static WeightTraceWriter open(Path file, boolean cosines) throws IOException {
        Checks.notNull(file, "file");
        return new WeightTraceWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), cosines);
    }

    /**
     * Writes to a caller's writer, which {@link #close()} closes.
     *
     * @param writer  receives the CSV text
     * @param cosines whether to add a column per task pair with the cosine of their gradients
     * @return the trace writer
     */
    public static WeightTraceWriter to(Writer writer, boolean cosines) {
        Checks.notNull(writer, "writer");
        return new WeightTraceWriter(writer instanceof BufferedWriter ? writer : new BufferedWriter(writer), cosines);
    }

    @Override
    public synchronized void onCombination(long step, Combination combination) {
        int k = combination.numTasks();
        try {
            if (numTasks < 0) {
                numTasks = k;
                writeHeader(k);
            } else if (k != numTasks) {
                throw new IllegalArgumentException("weight trace started with K = " + numTasks
                        + " tasks and step " + step + " has K = " + k);
            }
            Diagnostics d = combination.diagnostics();
            StringBuilder row = new StringBuilder(64 + 24 * k);
            row.append(step).append(',').append(d.solver()).append(',').append(d.converged()).append(',')
                    .append(d.iterations()).append(',').append(d.residual()).append(',')
                    .append(combination.directionNorm());
            for (double w : combination.weights()) {
                row.append(',').append(w);
            }
            Gramian g = combination.gramian().orElse(null);
            for (int i = 0; i < k; i++) {
                row.append(',');
                if (g != null) {
                    row.append(g.norm(i));
                }
            }
            if (cosines) {
                for (int i = 0; i < k; i++) {
                    for (int j = i + 1; j < k; j++) {
                        row.append(',');
                        if (g != null && g.norm(i) > 0 && g.norm(j) > 0) {
                            row.append(g.cosine(i, j));
                        }
                    }
                }
            }
            out.write(row.append('\n').toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the weight trace at step " + step, e);
        }
    }

    private void writeHeader(int k) throws IOException {
        StringBuilder h = new StringBuilder("step,solver,converged,iterations,residual,direction_norm");
        for (int i = 0; i < k; i++) {
            h.append(",w_").append(i);
        }
        for (int i = 0; i < k; i++) {
            h.append(",norm_").append(i);
        }
        if (cosines) {
            for (int i = 0; i < k; i++) {
                for (int j = i + 1; j < k; j++) {
                    h.append(",cos_").append(i).append('_').append(j);
                }
            }
        }
        out.write(h.append('\n').toString());
    }

    /**
     * Pushes buffered rows to the file.
     *
     * @throws IOException if writing fails
     */
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
