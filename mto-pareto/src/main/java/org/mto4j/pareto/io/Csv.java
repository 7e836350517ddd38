package org.mto4j.pareto.io;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal RFC 4180 CSV: comma-separated fields, optionally double-quoted ("" inside quotes is a quote);
 * blank lines and lines starting with {@code #} are skipped. Files are written atomically
 * ({@link AtomicFiles}), so a crash never leaves a half-written file.
 *
 * <p>Thread safety: stateless.
 *
 * @since 0.1.0
 */
public final class Csv {
    private Csv() {
    }

    /** One parsed line: its 1-based line number and fields. */
    public record Line(int number, String[] fields) {
    }

    /** Parses every non-blank, non-comment line. */
    public static List<Line> parse(Reader reader, String source) {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(reader)) {
            String text;
            int number = 0;
            while ((text = in.readLine()) != null) {
                number++;
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                lines.add(new Line(number, split(text, source, number)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source, e);
        }
        return lines;
    }

    /** Parses a file as UTF-8. */
    public static List<Line> parse(Path path) {
        try {
            return parse(Files.newBufferedReader(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("opening " + path, e);
        }
    }

    private static String[] split(String text, String source, int number) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().trim());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new CsvFormatException(source, number, fields.size() + 1, "unterminated quoted field");
        }
        fields.add(wasQuoted ? field.toString() : field.toString().trim());
        return fields.toArray(new String[0]);
    }

    /** Parses a number; NaN, infinities and malformed text are errors at the given position. */
    public static double number(Line line, int column, String source, String what) {
        String text = line.fields()[column];
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the position
        }
        throw new CsvFormatException(source, line.number(), column + 1, what + " must be a finite number, got '"
                + text + "'");
    }

    /** Quotes a field when it contains a comma, a quote or a line break. */
    public static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }

    /** Writes a header and rows atomically. */
    public static void write(Path path, List<String> header, List<List<String>> rows) {
        writeAtomically(path, out -> {
            out.write(line(header));
            for (List<String> row : rows) {
                out.write(line(row));
            }
        });
    }

    private static String line(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(quote(fields.get(i)));
        }
        return b.append('\n').toString();
    }

    /** Something that writes text. */
    @FunctionalInterface
    public interface WriterAction {
        void writeTo(Writer out) throws IOException;
    }

    /** Writes a UTF-8 text file atomically (see {@link AtomicFiles}). */
    public static void writeAtomically(Path path, WriterAction action) {
        AtomicFiles.write(path, stream -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            action.writeTo(out);
            out.flush();
        });
    }
}
