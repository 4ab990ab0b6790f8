package org.simvtp.core.spi;

import java.util.Objects;

/**
 * One time window of a video and its clip, as {@link MediaSupport#readVideoWindows} delivers it.
 *
 * <pre>{@code
 * media.readVideoWindows(path, config, 0, 0, w -> System.out.println(w.start() + "-" + w.end() + " s"));
 * }</pre>
 *
 * @param index position of the window in the video, 0-based
 * @param start where the window starts, in seconds from the video's first frame
 * @param end where it ends, in seconds ({@code > start}, except for a single-frame video)
 * @param clip one ImageNet-normalised view {@code [3, T, H, W]} of the window, row-major
 */
@SuppressWarnings("ArrayRecordComponent") // a carrier of bulk arrays, never compared or hashed
public record TimedClip(int index, double start, double end, float[] clip) {

    /** Checks the range. */
    public TimedClip {
        Objects.requireNonNull(clip, "clip");
        if (index < 0 || !(start >= 0) || !(end >= start)) {
            throw new IllegalArgumentException(
                    "bad window #" + index + " [" + start + ", " + end + "]: need 0 <= start <= end");
        }
    }
}
