package org.simvtp.train.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.data.ClipReader;
import org.simvtp.data.sampling.TestFrameSampler;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.data.transform.ClipTransform;
import org.simvtp.data.video.DecodedClip;

/**
 * The reference's test-time views of a video (spec §5.2): {@code S} temporal segments of {@code T} frames at
 * stride 4 ({@link TestFrameSampler}) × {@code C} spatial crops after resizing the short side to the image size
 * ({@link ClipTransform#test}), ImageNet-normalised; segment-major order. The same pipeline runs on video files and
 * on frames already in memory (e.g. synthetic clips). Deterministic.
 *
 * <pre>{@code
 * TestViews views = TestViews.forConfig(config);                  // 3 segments x 3 crops
 * List<ClipTensor> nine = views.read(Path.of("video7010.mp4"));
 * List<ClipTensor> same = views.fromFrames(decodedClip);
 * TestViews fifteen = views.toBuilder().optSegments(15).build();     // only_test_msrvtt.sh
 * }</pre>
 */
public final class TestViews {

    private final int numFrames;
    private final int imageSize;
    private final int segments;
    private final int crops;
    private final int stride;
    private final TestFrameSampler sampler;
    private final ClipTransform transform;

    private TestViews(Builder b) {
        numFrames = b.numFrames;
        imageSize = b.imageSize;
        segments = b.segments;
        crops = b.crops;
        stride = b.stride;
        sampler = new TestFrameSampler(numFrames, stride, segments);
        transform = ClipTransform.test(imageSize, crops);
    }

    /** The fine-tuning evaluation views for a model: its frames and image size, 3 segments × 3 crops, stride 4. */
    public static TestViews forConfig(SimvtpConfig config) {
        return builder()
                .optNumFrames(config.numFrames())
                .optImageSize(config.imageSize())
                .build();
    }

    /** A builder with the reference values: 16 frames, 224 pixels, 3 segments, 3 crops, stride 4. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        return builder()
                .optNumFrames(numFrames)
                .optImageSize(imageSize)
                .optSegments(segments)
                .optCrops(crops)
                .optStride(stride);
    }

    /** Views per video, S × C. */
    public int viewsPerVideo() {
        return segments * crops;
    }

    /** Frames per view T. */
    public int numFrames() {
        return numFrames;
    }

    /** Crop side. */
    public int imageSize() {
        return imageSize;
    }

    /**
     * Decodes a video file into its S × C views.
     *
     * @param video the file
     * @return {@code [3, T, size, size]} tensors, segment-major
     * @throws org.simvtp.data.video.VideoDecodeException naming the file when it cannot be decoded
     */
    public List<ClipTensor> read(Path video) {
        return ClipReader.readViews(video, sampler, transform, new SplittableRandom(0));
    }

    /**
     * The S × C views of frames held in memory, sampled exactly as from a file with that many frames.
     *
     * @param frames all frames of the video, uint8 {@code [F, H, W, 3]}
     * @return {@code [3, T, size, size]} tensors, segment-major
     */
    public List<ClipTensor> fromFrames(DecodedClip frames) {
        SplittableRandom rng = new SplittableRandom(0);
        int frameBytes = frames.frameBytes();
        List<ClipTensor> out = new ArrayList<>(viewsPerVideo());
        for (int[] indices : sampler.sample(frames.frames(), rng)) {
            byte[] data = new byte[indices.length * frameBytes];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(frames.data(), indices[i] * frameBytes, data, i * frameBytes, frameBytes);
            }
            out.addAll(transform.apply(DecodedClip.of(data, indices.length, frames.height(), frames.width()), rng));
        }
        return out;
    }

    @Override
    public String toString() {
        return "TestViews{frames=" + numFrames + ", size=" + imageSize + ", segments=" + segments + ", crops=" + crops
                + ", stride=" + stride + "}";
    }

    /** Builder of {@link TestViews}; every value is optional (defaults below). */
    public static final class Builder {
        private int numFrames = 16;
        private int imageSize = 224;
        private int segments = 3;
        private int crops = 3;
        private int stride = 4;

        private Builder() {}

        /** Frames per view (default 16). */
        public Builder optNumFrames(int v) {
            numFrames = v;
            return this;
        }

        /** Short side after resizing and crop side (default 224). */
        public Builder optImageSize(int v) {
            imageSize = v;
            return this;
        }

        /** Temporal segments S, &gt; 1 (default 3; the reference's test-only script uses 15). */
        public Builder optSegments(int v) {
            segments = v;
            return this;
        }

        /** Spatial crops C, &gt; 1 (default 3). */
        public Builder optCrops(int v) {
            crops = v;
            return this;
        }

        /** Frame sub-sampling stride (default 4). */
        public Builder optStride(int v) {
            stride = v;
            return this;
        }

        /** Validates (through the sampler and transform) and builds. */
        public TestViews build() {
            return new TestViews(this);
        }
    }
}
