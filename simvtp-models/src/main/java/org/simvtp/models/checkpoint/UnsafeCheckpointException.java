package org.simvtp.models.checkpoint;

import java.nio.file.Path;

/**
 * A pickle asked for a Python global that is not on the allow-list of plain-data types.
 *
 * <p>Nothing from the file is ever executed: the global is refused as soon as it is named, before
 * it could be called.
 *
 * <pre>{@code
 * catch (UnsafeCheckpointException e) {
 *     System.err.println("refused " + e.global()); // e.g. "os.system"
 * }
 * }</pre>
 */
public class UnsafeCheckpointException extends CheckpointException {

    private static final long serialVersionUID = 1L;

    private final String global;

    /**
     * Creates an exception for a refused global.
     *
     * @param file the file concerned
     * @param global the refused global as {@code module.name}
     * @param problem the explanation, including the global's name
     */
    public UnsafeCheckpointException(Path file, String global, String problem) {
        super(file, problem);
        this.global = global;
    }

    /**
     * Returns the refused global.
     *
     * @return the global as {@code module.name}
     */
    public String global() {
        return global;
    }
}
