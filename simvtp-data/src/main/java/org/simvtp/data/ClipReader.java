package org.simvtp.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.simvtp.data.sampling.FrameSampler;
import org.simvtp.data.transform.ClipTensor;
import org.simvtp.data.transform.ClipTransform;
import org.simvtp.data.video.DecodedClip;
import org.simvtp.data.video.DecoderOptions;
import org.simvtp.data.video.VideoDecodeException;
import org.simvtp.data.video.VideoDecoder;

/**
 * One-call façade for loaders: open a video, sample frame indices, decode them (one decode call for all views, at
 * the stream's size), transform and normalise.
 *
 * <p>Thread-safe: every call opens its own {@link VideoDecoder}; give each thread its own random generator.
 *
 * <pre>{@code
 * ClipTensor x = ClipReader.read(path, PretrainFrameSampler.forConfig(cfg), ClipTransform.pretrain(224), rng);
 * List<ClipTensor> views = ClipReader.readViews(path, new TestFrameSampler(16, 4, 3),
 *         ClipTransform.test(224, 3), rng); // 3 segments x 3 crops = 9, segment-major
 * }</pre>
 */
public final class ClipReader {
    private ClipReader() {}

    /**
     * Reads a single training clip.
     *
     * @param path video file
     * @param sampler frame sampler (must give one view)
     * @param transform clip transform (must give one view)
     * @param rng source of randomness for sampling and augmentation
     * @return the tensor {@code [3, T, H, W]}
     * @throws VideoDecodeException if the video cannot be decoded
     * @throws IllegalStateException if the sampler and transform produce more than one view
     */
    public static ClipTensor read(Path path, FrameSampler sampler, ClipTransform transform, RandomGenerator rng) {
        return read(path, sampler, transform, rng, DecoderOptions.defaults());
    }

    /**
     * Reads a single training clip with explicit decoder options.
     *
     * @param path video file
     * @param sampler frame sampler (must give one view)
     * @param transform clip transform (must give one view)
     * @param rng source of randomness
     * @param options decoder options
     * @return the tensor {@code [3, T, H, W]}
     */
    public static ClipTensor read(
            Path path, FrameSampler sampler, ClipTransform transform, RandomGenerator rng, DecoderOptions options) {
        List<ClipTensor> views = readViews(path, sampler, transform, rng, options);
        if (views.size() != 1) {
            throw new IllegalStateException("expected one view, got " + views.size() + "; use readViews");
        }
        return views.get(0);
    }

    /**
     * Reads every view: for each temporal view of the sampler, every spatial view of the transform.
     *
     * @param path video file
     * @param sampler frame sampler
     * @param transform clip transform
     * @param rng source of randomness
     * @return tensors in temporal-major order
     */
    public static List<ClipTensor> readViews(
            Path path, FrameSampler sampler, ClipTransform transform, RandomGenerator rng) {
        return readViews(path, sampler, transform, rng, DecoderOptions.defaults());
    }

    /**
     * Reads every view with explicit decoder options.
     *
     * @param path video file
     * @param sampler frame sampler
     * @param transform clip transform
     * @param rng source of randomness
     * @param options decoder options
     * @return tensors in temporal-major order
     */
    public static List<ClipTensor> readViews(
            Path path, FrameSampler sampler, ClipTransform transform, RandomGenerator rng, DecoderOptions options) {
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(transform, "transform");
        try (VideoDecoder decoder = VideoDecoder.open(path, options)) {
            int[][] views = sampler.sample(decoder.frameCount(), rng);
            int total = 0;
            for (int[] v : views) {
                total += v.length;
            }
            int[] all = new int[total];
            int k = 0;
            for (int[] v : views) {
                System.arraycopy(v, 0, all, k, v.length);
                k += v.length;
            }
            DecodedClip frames = decoder.decode(all);
            List<ClipTensor> out = new ArrayList<>();
            int from = 0;
            for (int[] v : views) {
                DecodedClip view = views.length == 1 ? frames : frames.subClip(from, from + v.length);
                from += v.length;
                out.addAll(transform.apply(view, rng));
            }
            return out;
        }
    }
}
