package org.mto4j.pareto.io;

/**
 * Malformed CSV input, with the 1-based line and column where it was found.
 *
 * @since 0.1.0
 */
public final class CsvFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    public CsvFormatException(String source, int line, int column, String problem) {
        super(source + ": line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }

    /** 1-based column (field) number; 0 when the problem concerns the whole line. */
    public int column() {
        return column;
    }
}
