package org.simvtp.train.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.data.video.DecodedClip;

/**
 * Where the views of one evaluation video come from: a file or frames in memory (both cut into views by
 * {@link TestViews}), or views already prepared as normalised tensors.
 *
 * <pre>{@code
 * VideoSource a = VideoSource.file(Path.of("video7010.mp4"));
 * VideoSource b = VideoSource.frames(syntheticSample.frames());
 * VideoSource c = VideoSource.views(List.of(clip0, clip1));    // [3, T, H, W] each, averaged as given
 * }</pre>
 */
public interface VideoSource {

    /**
     * The views to embed and average.
     *
     * @param protocol the evaluator's views (null when it has none; sources that need them then fail)
     * @return at least one {@code [3, T, H, W]} tensor
     */
    List<ClipTensor> views(TestViews protocol);

    /** A short description for error messages. */
    String describe();

    /** A video file, decoded and cut into S × C views. */
    static VideoSource file(Path video) {
        Objects.requireNonNull(video, "video");
        return new VideoSource() {
            @Override
            public List<ClipTensor> views(TestViews protocol) {
                return require(protocol, this).read(video);
            }

            @Override
            public String describe() {
                return "file " + video;
            }
        };
    }

    /** All frames of a video held in memory, cut into S × C views as a file would be. */
    static VideoSource frames(DecodedClip frames) {
        Objects.requireNonNull(frames, "frames");
        return new VideoSource() {
            @Override
            public List<ClipTensor> views(TestViews protocol) {
                return require(protocol, this).fromFrames(frames);
            }

            @Override
            public String describe() {
                return "in-memory clip of " + frames.frames() + " frames";
            }
        };
    }

    /** Views given as normalised tensors, used as they are. */
    static VideoSource views(List<ClipTensor> views) {
        List<ClipTensor> copy = List.copyOf(views);
        return new VideoSource() {
            @Override
            public List<ClipTensor> views(TestViews protocol) {
                return copy;
            }

            @Override
            public String describe() {
                return copy.size() + " in-memory views";
            }
        };
    }

    private static TestViews require(TestViews protocol, VideoSource source) {
        if (protocol == null) {
            throw new IllegalStateException(source.describe() + " needs test views: set RetrievalEvaluator"
                    + ".Builder.optViews(TestViews.forConfig(config))");
        }
        return protocol;
    }
}
