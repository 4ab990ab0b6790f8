package org.simvtp.data.loader;

import java.nio.file.Path;
import java.util.Objects;
import org.simvtp.data.transform.ClipTensor;

/**
 * One loaded sample: a normalised clip and its caption.
 *
 * <pre>{@code
 * Sample s = batch.samples().get(0);
 * float[] x = s.clip().data(); // [3, T, H, W]
 * }</pre>
 *
 * @param index index of the sample in its {@link SampleSource}
 * @param clip the clip tensor {@code [3, T, H, W]}
 * @param caption the caption
 * @param videoId the video's id
 * @param video the video file, or {@code null} for in-memory sources
 */
public record Sample(int index, ClipTensor clip, String caption, String videoId, Path video) {
    /**
     * Checks that clip, caption and id are present.
     *
     * @throws NullPointerException if one is {@code null}
     */
    public Sample {
        Objects.requireNonNull(clip, "clip");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(videoId, "videoId");
    }
}
