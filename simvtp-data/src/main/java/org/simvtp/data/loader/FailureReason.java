package org.simvtp.data.loader;

import java.io.UncheckedIOException;
import org.simvtp.data.video.VideoDecodeException;

/**
 * Why a sample could not be loaded.
 *
 * <pre>{@code
 * FailureReason r = FailureReason.classify(exception); // e.g. MISSING_FILE
 * }</pre>
 */
public enum FailureReason {
    /** The video file does not exist. */
    MISSING_FILE,
    /** Opening or decoding took longer than the decoder's timeout. */
    TIMEOUT,
    /** Any other {@link VideoDecodeException}: corrupt, truncated, not a video, ... */
    DECODE_ERROR,
    /** An I/O error outside the decoder. */
    IO_ERROR,
    /** Any other exception (for example a transform rejecting the clip). */
    OTHER;

    /**
     * Classifies an exception thrown while loading a sample.
     *
     * @param e the exception
     * @return the reason
     */
    public static FailureReason classify(Throwable e) {
        if (e instanceof VideoDecodeException) {
            String m = String.valueOf(e.getMessage());
            if (m.endsWith(": file not found")) {
                return MISSING_FILE;
            }
            if (m.contains("timed out")) {
                return TIMEOUT;
            }
            return DECODE_ERROR;
        }
        if (e instanceof UncheckedIOException) {
            return IO_ERROR;
        }
        return OTHER;
    }
}
