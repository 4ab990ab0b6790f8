package org.simvtp.data.dataset;

/**
 * What a manifest reader does with a malformed row (wrong column count, empty path, a caption that is not a
 * string, a video without caption file, ...).
 *
 * <pre>{@code
 * ReadOptions opts = ReadOptions.builder().optErrorMode(ErrorMode.LENIENT).build();
 * }</pre>
 */
public enum ErrorMode {
    /** Throw a {@link DatasetFormatException} naming {@code file:line} at the first malformed row. */
    STRICT,
    /**
     * Skip malformed rows; count them ({@link RecordIterator#malformedRows()}) and log the first few. Damage that
     * makes the rest of the file unreadable (invalid JSON syntax, an unterminated CSV quote) still throws.
     */
    LENIENT
}
