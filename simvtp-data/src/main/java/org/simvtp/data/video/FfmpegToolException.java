package org.simvtp.data.video;

/**
 * Thrown when the bundled {@code ffmpeg} executable cannot be found, fails, or runs past its timeout. The message
 * carries the exit code and the tail of ffmpeg's standard error.
 *
 * <pre>{@code
 * try { tool.run(args); } catch (FfmpegToolException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class FfmpegToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public FfmpegToolException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what failed
     * @param cause the cause
     */
    public FfmpegToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
