package org.simvtp.data.video;

import java.nio.file.Path;

/**
 * Thrown when a video file cannot be opened or decoded: missing or empty file, unknown container, no video
 * stream, no decoder, absurd dimensions, a requested frame index out of range, a timeout, or a decoder failure.
 *
 * <p>The exception is unchecked so that data loaders can catch it per sample (skip or replace the clip) without
 * every lambda declaring it. The message always names the file and the cause.
 *
 * <pre>{@code
 * try (VideoDecoder d = VideoDecoder.open(path)) { ... }
 * catch (VideoDecodeException e) { log.warn("skipping {}: {}", e.file(), e.getMessage()); }
 * }</pre>
 */
public class VideoDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates an exception for {@code file} with the given cause description.
     *
     * @param file the video file (may be {@code null} when unknown)
     * @param problem what went wrong, without the file name
     */
    public VideoDecodeException(Path file, String problem) {
        super(message(file, problem));
        this.file = file;
    }

    /**
     * Creates an exception for {@code file} with the given cause description and underlying cause.
     *
     * @param file the video file (may be {@code null} when unknown)
     * @param problem what went wrong, without the file name
     * @param cause the underlying exception
     */
    public VideoDecodeException(Path file, String problem, Throwable cause) {
        super(message(file, problem), cause);
        this.file = file;
    }

    /**
     * Returns the file that failed.
     *
     * @return the file, or {@code null} when unknown
     */
    public Path file() {
        return file;
    }

    private static String message(Path file, String problem) {
        return "Cannot decode video '" + file + "': " + problem;
    }
}
