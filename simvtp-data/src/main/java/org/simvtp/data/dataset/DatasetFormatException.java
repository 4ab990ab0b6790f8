package org.simvtp.data.dataset;

import java.nio.file.Path;

/**
 * A manifest cannot be read: a malformed row in {@link ErrorMode#STRICT} mode, or damage that makes the rest of
 * the file unreadable in any mode. The message starts with {@code file:line}.
 *
 * <pre>{@code
 * try { reader.readAll(); }
 * catch (DatasetFormatException e) { System.err.println(e.file() + " line " + e.line() + ": " + e.problem()); }
 * }</pre>
 */
public class DatasetFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param file the manifest
     * @param line 1-based line, or 0 when unknown or not applicable
     * @param problem what is wrong, without the location
     */
    public DatasetFormatException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the manifest
     * @param line 1-based line, or 0 when unknown or not applicable
     * @param problem what is wrong, without the location
     * @param cause the underlying exception (may be {@code null})
     */
    public DatasetFormatException(Path file, long line, String problem, Throwable cause) {
        super(RowProblem.location(file, line) + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /**
     * The manifest.
     *
     * @return the file
     */
    public Path file() {
        return file;
    }

    /**
     * The 1-based line, or 0.
     *
     * @return the line
     */
    public long line() {
        return line;
    }

    /**
     * The problem without the location.
     *
     * @return the description
     */
    public String problem() {
        return problem;
    }
}
