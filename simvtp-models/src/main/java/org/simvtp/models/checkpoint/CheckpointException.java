package org.simvtp.models.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file could not be read or written; the message names the file and the problem.
 *
 * <p>Subclasses tell apart malformed files ({@link CheckpointFormatException}) and files that ask
 * for code outside the allow-list ({@link UnsafeCheckpointException}).
 *
 * <pre>{@code
 * try {
 *     TorchCheckpointReader.read(path);
 * } catch (CheckpointException e) {
 *     log.error("cannot load {}: {}", e.file(), e.getMessage());
 * }
 * }</pre>
 */
public class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates an exception for a file.
     *
     * @param file the file concerned (may be {@code null} when reading from memory)
     * @param problem what went wrong; the file name is prepended
     */
    public CheckpointException(Path file, String problem) {
        super(describe(file) + ": " + problem);
        this.file = file;
    }

    /**
     * Creates an exception for a file with an underlying cause.
     *
     * @param file the file concerned (may be {@code null} when reading from memory)
     * @param problem what went wrong; the file name is prepended
     * @param cause the underlying exception
     */
    public CheckpointException(Path file, String problem, Throwable cause) {
        super(describe(file) + ": " + problem, cause);
        this.file = file;
    }

    /**
     * Returns the file concerned.
     *
     * @return the file, or {@code null} when the data did not come from a file
     */
    public Path file() {
        return file;
    }

    static String describe(Path file) {
        return file == null ? "<memory>" : file.toString();
    }
}
