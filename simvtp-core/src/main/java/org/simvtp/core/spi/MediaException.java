package org.simvtp.core.spi;

import java.nio.file.Path;

/**
 * A media file that could not be read (missing, empty, truncated, not a video, undecodable). Unchecked, so that
 * callers embedding many files can catch it per file; the message names the file and the problem.
 *
 * <pre>{@code
 * try {
 *     media.readVideoViews(path, config, 1, 1);
 * } catch (MediaException e) {
 *     System.err.println("skipping " + e.file() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class MediaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates the exception.
     *
     * @param file the file that failed (may be null when unknown)
     * @param message the full message (should name the file)
     * @param cause the underlying failure, or null
     */
    public MediaException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /**
     * The file that failed.
     *
     * @return the file, or null when unknown
     */
    public Path file() {
        return file;
    }
}
