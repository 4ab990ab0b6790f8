package org.simvtp.data.loader;

import java.util.random.RandomGenerator;

/**
 * An indexable collection of samples the {@link VideoTextLoader} can load by index: decoded from video files
 * ({@link VideoFileSource}) or cut from clips held in memory ({@link InMemoryClipSource}).
 *
 * <p>Implementations must allow concurrent {@link #load} calls from several threads and must draw all randomness
 * (frame sampling, augmentation) from the generator passed in, so that a sample depends only on its index and the
 * generator's seed.
 *
 * <pre>{@code
 * SampleSource source = new VideoFileSource(records, new PretrainFrameSampler(16, 4), ClipTransform.pretrain(224));
 * Sample s = source.load(0, new SplittableRandom(1));
 * }</pre>
 */
public interface SampleSource {
    /**
     * Number of samples.
     *
     * @return the size
     */
    int size();

    /**
     * A human-readable location of a sample (its file path), for logs and error messages.
     *
     * @param index sample index
     * @return the description
     */
    String describe(int index);

    /**
     * Loads one sample.
     *
     * @param index sample index in {@code [0, size())}
     * @param rng the sample's source of randomness
     * @return the sample
     * @throws RuntimeException if the sample cannot be loaded (typically
     *     {@link org.simvtp.data.video.VideoDecodeException}); the loader skips it
     */
    Sample load(int index, RandomGenerator rng);
}
