package org.simvtp.models.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint file is malformed, truncated, inconsistent or of an unsupported layout.
 *
 * <p>When the problem lies at a known place, {@link #offset()} gives the byte offset within the
 * part named in the message (for example {@code archive/data.pkl}).
 *
 * <pre>{@code
 * catch (CheckpointFormatException e) { System.err.println(e.getMessage()); }
 * // ".../x.pth: truncated pickle: BINUNICODE needs 12 bytes, 3 remain (archive/data.pkl, byte offset 40)"
 * }</pre>
 */
public class CheckpointFormatException extends CheckpointException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * Creates an exception without a byte offset.
     *
     * @param file the file concerned
     * @param problem what is wrong
     */
    public CheckpointFormatException(Path file, String problem) {
        this(file, problem, -1, null);
    }

    /**
     * Creates an exception with an underlying cause and no byte offset.
     *
     * @param file the file concerned
     * @param problem what is wrong
     * @param cause the underlying exception
     */
    public CheckpointFormatException(Path file, String problem, Throwable cause) {
        this(file, problem, -1, cause);
    }

    /**
     * Creates an exception at a byte offset.
     *
     * @param file the file concerned
     * @param problem what is wrong, including the part (entry) the offset refers to
     * @param offset the byte offset, or -1 when unknown
     * @param cause the underlying exception, or {@code null}
     */
    public CheckpointFormatException(Path file, String problem, long offset, Throwable cause) {
        super(file, problem, cause);
        this.offset = offset;
    }

    /**
     * Returns the byte offset of the problem.
     *
     * @return the offset within the part named in the message, or -1 when unknown
     */
    public long offset() {
        return offset;
    }
}
