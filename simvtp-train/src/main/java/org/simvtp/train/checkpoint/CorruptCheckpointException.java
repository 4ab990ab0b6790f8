package org.simvtp.train.checkpoint;

import java.io.IOException;

/**
 * Thrown when a checkpoint directory is incomplete or does not match its manifest.
 *
 * <pre>{@code
 * try { store.verify(100); } catch (CorruptCheckpointException e) { log.warn(e.getMessage()); }
 * }</pre>
 */
public class CorruptCheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the file
     */
    public CorruptCheckpointException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong, naming the file
     * @param cause the underlying failure
     */
    public CorruptCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
