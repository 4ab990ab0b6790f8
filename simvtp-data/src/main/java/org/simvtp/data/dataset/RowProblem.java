package org.simvtp.data.dataset;

import java.nio.file.Path;

/**
 * A malformed row found by a manifest reader.
 *
 * <pre>{@code
 * for (RowProblem p : result.problems()) { System.err.println(p); } // "/data/train.csv:17: expected 5 columns, got 4"
 * }</pre>
 *
 * @param file the manifest (or, for folder datasets, the video or caption file)
 * @param line 1-based line where the row starts, or 0 where lines do not apply
 * @param message what is wrong
 */
public record RowProblem(Path file, long line, String message) {
    /**
     * The location as {@code file:line} (only {@code file} when the line is 0).
     *
     * @return the location
     */
    public String location() {
        return location(file, line);
    }

    static String location(Path file, long line) {
        return line > 0 ? file + ":" + line : String.valueOf(file);
    }

    @Override
    public String toString() {
        return location() + ": " + message;
    }
}
