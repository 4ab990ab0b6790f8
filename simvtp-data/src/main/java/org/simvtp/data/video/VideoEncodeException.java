package org.simvtp.data.video;

import java.nio.file.Path;

/**
 * Thrown when {@link VideoWriter} cannot encode or write a file; the message names the file and the cause.
 *
 * <pre>{@code
 * try { VideoWriter.write(clip, 25, VideoCodec.H264, out); } catch (VideoEncodeException e) { ... }
 * }</pre>
 */
public class VideoEncodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the output file
     * @param problem what went wrong
     */
    public VideoEncodeException(Path file, String problem) {
        super("Cannot write video '" + file + "': " + problem);
    }
}
