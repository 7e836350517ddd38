package org.mto4j.training.sweep;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mto4j.pareto.io.Csv;
import org.mto4j.pareto.io.CsvFormatException;
import org.mto4j.pareto.io.ResultsCsv;
import org.mto4j.training.sweep.RunOutcome.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results file of a sweep, in mto-pareto's results format ({@link ResultsCsv}) with extra columns:
 *
 * <pre>
 *   method,learning_rate,weight_decay,seed,weight:&lt;task&gt;…,train:&lt;task&gt;…,validation:&lt;task&gt;…,test:&lt;task&gt;…,
 *   status,steps,seconds,run_id,message
 * </pre>
 * One row per finished or failed run, appended, flushed and forced to the disk before the next row is taken, so
 * a killed process loses at most the row it was writing. Opening the file reads the rows already there: every
 * line ends with a line break, so a last line without one (or a last line that is not a valid row) is a row
 * half-written by a killed process; it is cut off (and logged), and its run is trained again because it has no
 * complete row. An invalid line anywhere else was not written by a sweep: that is an error naming the line.
 *
 * <p>The file is locked while open, so two sweeps cannot append to one file at once. Thread-safe.
 */
final class ResultsFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultsFile.class);
    static final String STEPS = "steps";
    static final String SECONDS = "seconds";
    static final String RUN_ID = "run_id";
    static final String MESSAGE = "message";
    static final List<String> SPLITS = List.of("train:", "validation:", "test:");

    private final Path path;
    private final List<String> tasks;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, Status> statuses = new HashMap<>();

    private ResultsFile(Path path, List<String> tasks, FileChannel channel, FileLock lock) {
        this.path = path;
        this.tasks = tasks;
        this.channel = channel;
        this.lock = lock;
    }

    /** The header of a sweep with these tasks. */
    static List<String> header(List<String> tasks) {
        List<String> h = new ArrayList<>(List.of("method", "learning_rate", "weight_decay", "seed"));
        for (String prefix : List.of("weight:", "train:", "validation:", "test:")) {
            for (String t : tasks) {
                h.add(prefix + t);
            }
        }
        h.addAll(List.of(ResultsCsv.STATUS, STEPS, SECONDS, RUN_ID, MESSAGE));
        return h;
    }

    /**
     * Opens (or creates) the file, locks it, reads its rows and cuts off a half-written last row.
     *
     * @throws IllegalArgumentException if the file has other columns, or an invalid line before its last one
     * @throws IllegalStateException    if another sweep holds the file
     * @throws UncheckedIOException     for an I/O error
     */
    static ResultsFile open(Path path, List<String> tasks) {
        FileChannel channel = null;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException(path + " is being written by another sweep (it is locked)");
            }
            ResultsFile file = new ResultsFile(path, tasks, channel, lock);
            file.load();
            return file;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("opening sweep results " + path, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the original error is on its way
            }
        }
    }

    private void load() throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(path + " is larger than 2 GiB; not a sweep results file");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // read the whole file
        }
        byte[] bytes = buffer.array();
        String headerLine = line(header(tasks));
        int firstBreak = indexOf(bytes, 0);
        if (firstBreak < 0) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (!headerLine.startsWith(text)) {
                throw new IllegalArgumentException(path + " is not a sweep results file (no line break; it starts "
                        + "with '" + abbreviate(text) + "')");
            }
            if (size > 0) {
                LOG.warn("{}: the header was half-written; writing it again", path);
            }
            channel.truncate(0);
            write(headerLine);
            return;
        }
        checkHeader(new String(bytes, 0, firstBreak + 1, StandardCharsets.UTF_8));
        List<String> columns = header(tasks);
        int statusAt = columns.indexOf(ResultsCsv.STATUS);
        int idAt = columns.indexOf(RUN_ID);
        int start = firstBreak + 1;
        int number = 1;
        while (start < bytes.length) {
            number++;
            int end = indexOf(bytes, start);
            boolean last = end < 0 || end == bytes.length - 1;
            String text = new String(bytes, start, (end < 0 ? bytes.length : end) - start, StandardCharsets.UTF_8);
            String problem = end < 0 ? "no line break at its end" : null;
            String[] fields = null;
            if (problem == null) {
                try {
                    List<Csv.Line> parsed = Csv.parse(new StringReader(text), path.toString());
                    if (!parsed.isEmpty()) {
                        fields = parsed.get(0).fields();
                        problem = problem(fields, columns);
                    }
                } catch (CsvFormatException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                if (!last) {
                    throw new CsvFormatException(path.toString(), number, 0, "not a valid sweep row (" + problem
                            + "); a sweep only ever leaves its last row half-written, so this file was changed by "
                            + "something else: fix or delete that line");
                }
                LOG.warn("{}: line {} is a half-written row ({}: '{}'); cutting it off, its run will be trained "
                        + "again", path, number, problem, abbreviate(text));
                channel.truncate(start);
                channel.force(true);
                break;
            }
            if (fields != null) {
                statuses.merge(fields[idAt], Status.parse(fields[statusAt]),
                        (a, b) -> a == Status.OK || b == Status.OK ? Status.OK : Status.FAILED);
            }
            start = end + 1;
        }
    }

    private void checkHeader(String text) {
        List<String> expected = header(tasks);
        List<Csv.Line> parsed = Csv.parse(new StringReader(text), path.toString());
        List<String> found = parsed.isEmpty() ? List.of() : List.of(parsed.get(0).fields());
        if (!found.equals(expected)) {
            throw new IllegalArgumentException(path + " has the columns " + found + ", but a sweep of the tasks "
                    + tasks + " writes " + expected + "; use another results file for this sweep");
        }
    }

    /** Null when {@code f} is a complete row, else what is wrong with it. */
    private static String problem(String[] f, List<String> columns) {
        if (f.length != columns.size()) {
            return f.length + " fields instead of " + columns.size();
        }
        Status status = Status.parse(f[columns.indexOf(ResultsCsv.STATUS)]);
        if (status == null) {
            return "status '" + f[columns.indexOf(ResultsCsv.STATUS)] + "' is neither ok nor failed";
        }
        if (f[columns.indexOf(RUN_ID)].length() != RunSpec.ID_LENGTH) {
            return "run_id '" + f[columns.indexOf(RUN_ID)] + "' is not " + RunSpec.ID_LENGTH + " hex digits";
        }
        for (int c = 1; c < columns.size(); c++) {
            String name = columns.get(c);
            boolean metric = SPLITS.stream().anyMatch(name::startsWith);
            boolean required = name.equals("learning_rate") || name.equals("weight_decay") || name.equals("seed")
                    || name.equals(SECONDS) || status == Status.OK && (metric || name.equals(STEPS));
            boolean numeric = required || name.startsWith("weight:");
            if (required && f[c].isEmpty()) {
                return "empty " + name;
            }
            if (numeric && !f[c].isEmpty() && !isNumber(f[c])) {
                return name + " '" + f[c] + "' is not a number";
            }
        }
        return null;
    }

    private static boolean isNumber(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String text) {
        String s = text.replace('\0', '?');
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** The status of every run with a complete row (OK if any of its rows is OK), by run id. */
    Map<String, Status> statuses() {
        synchronized (this) {
            return Collections.unmodifiableMap(new HashMap<>(statuses));
        }
    }

    /** Appends one row, flushes it and forces it to the disk. */
    synchronized void append(RunOutcome outcome) {
        try {
            write(line(row(outcome)));
        } catch (IOException e) {
            throw new UncheckedIOException("appending to sweep results " + path, e);
        }
        statuses.merge(outcome.run().id(), outcome.status(),
                (a, b) -> a == Status.OK || b == Status.OK ? Status.OK : Status.FAILED);
    }

    private void write(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        long at = channel.size();
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
        channel.force(true);
    }

    /** The cells of one row, in {@link #header} order. */
    static List<String> row(RunOutcome o) {
        RunSpec run = o.run();
        int k = run.numTasks();
        List<String> row = new ArrayList<>(List.of(run.method(), Double.toString(run.learningRate()),
                Double.toString(run.weightDecay()), Long.toString(run.seed())));
        double[] w = run.taskWeights();
        for (int t = 0; t < k; t++) {
            row.add(w.length == 0 ? "" : Double.toString(w[t]));
        }
        double[][] metrics = o.isOk() ? new double[][] {o.result().train(), o.result().validation(),
            o.result().test()} : null;
        for (int s = 0; s < SPLITS.size(); s++) {
            for (int t = 0; t < k; t++) {
                row.add(metrics == null ? "" : Double.toString(metrics[s][t]));
            }
        }
        row.add(o.status().text());
        row.add(o.isOk() ? Long.toString(o.result().steps()) : "");
        row.add(String.format(Locale.ROOT, "%.3f", o.seconds()));
        row.add(run.id());
        row.add(o.message());
        return row;
    }

    private static String line(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            b.append(i == 0 ? "" : ",").append(Csv.quote(fields.get(i)));
        }
        return b.append('\n').toString();
    }

    @Override
    public synchronized void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing sweep results " + path, e);
        }
    }
}
