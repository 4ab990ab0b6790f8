package org.simvtp.data.sampling;

import java.util.random.RandomGenerator;

/**
 * Chooses the frame indices (presentation order, 0-based) of one or more temporal views of a video.
 *
 * <p>Training samplers return exactly one view; the test sampler returns one view per temporal segment. All
 * randomness comes from the generator passed in, so a seeded {@link java.util.SplittableRandom} makes sampling
 * reproducible.
 *
 * <pre>{@code
 * FrameSampler sampler = new PretrainFrameSampler(16, 4);
 * int[] clip = sampler.sample(300, new SplittableRandom(42))[0]; // 16 indices
 * }</pre>
 */
@FunctionalInterface
public interface FrameSampler {
    /**
     * Samples the views of a video with {@code frameCount} frames.
     *
     * @param frameCount number of frames of the video (must be positive)
     * @param rng source of randomness
     * @return one index array per view, each of the sampler's clip length
     * @throws IllegalArgumentException if {@code frameCount <= 0}
     */
    int[][] sample(int frameCount, RandomGenerator rng);

    /**
     * Checks a frame count.
     *
     * @param frameCount the count
     * @throws IllegalArgumentException if it is not positive
     */
    static void checkFrameCount(int frameCount) {
        if (frameCount <= 0) {
            throw new IllegalArgumentException("video has no frames (frameCount=" + frameCount + ")");
        }
    }

    /**
     * Checks a sampler parameter.
     *
     * @param name parameter name
     * @param value value
     * @throws IllegalArgumentException if it is not positive
     */
    static void checkPositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
