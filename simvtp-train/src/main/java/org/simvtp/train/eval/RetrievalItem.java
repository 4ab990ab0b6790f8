package org.simvtp.train.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.data.video.DecodedClip;

/**
 * One video of a retrieval benchmark and its ground-truth caption(s).
 *
 * <pre>{@code
 * RetrievalItem a = RetrievalItem.ofFile("7010", Path.of("video7010.mp4"), "a man is singing");
 * RetrievalItem b = RetrievalItem.ofFrames("s3", sample.frames(), sample.caption());
 * }</pre>
 *
 * @param videoId unique id of the video
 * @param video where its views come from
 * @param captions its captions (at least one)
 */
public record RetrievalItem(String videoId, VideoSource video, List<String> captions) {

    /** Validates and copies the captions. */
    public RetrievalItem {
        Objects.requireNonNull(videoId, "videoId");
        Objects.requireNonNull(video, "video");
        captions = List.copyOf(captions);
        if (captions.isEmpty()) {
            throw new IllegalArgumentException("video " + videoId + " has no caption");
        }
    }

    /** A video file with its captions. */
    public static RetrievalItem ofFile(String videoId, Path video, String... captions) {
        return new RetrievalItem(videoId, VideoSource.file(video), List.of(captions));
    }

    /** Frames in memory with their captions. */
    public static RetrievalItem ofFrames(String videoId, DecodedClip frames, String... captions) {
        return new RetrievalItem(videoId, VideoSource.frames(frames), List.of(captions));
    }

    /** Prepared views with their captions. */
    public static RetrievalItem ofViews(String videoId, List<ClipTensor> views, String... captions) {
        return new RetrievalItem(videoId, VideoSource.views(views), List.of(captions));
    }
}
