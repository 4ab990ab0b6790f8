package org.simvtp.data.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One (video, caption) pair of a manifest. A video with several captions appears once per caption, all records
 * sharing the same {@link #videoId()}.
 *
 * <pre>{@code
 * VideoTextRecord r = new VideoTextRecord(Path.of("/data/msrvtt/video7.mp4"), "a man sings", "video7");
 * }</pre>
 *
 * @param video the video file (resolved against the manifest's root)
 * @param caption the caption, as written in the manifest
 * @param videoId an identifier of the video (the manifest's id where it has one, otherwise the file stem)
 */
public record VideoTextRecord(Path video, String caption, String videoId) {
    /**
     * Checks that no component is {@code null}.
     *
     * @throws NullPointerException if a component is {@code null}
     */
    public VideoTextRecord {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(videoId, "videoId");
    }
}
