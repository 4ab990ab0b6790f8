package org.simvtp.data.sampling;

import java.util.random.RandomGenerator;
import org.simvtp.core.SimvtpConfig;

/**
 * Pre-training temporal sampling (spec §5.1): {@code numFrames} frames at {@code stride}, one segment, no jitter.
 *
 * <p>With span {@code L = numFrames * stride} (64 for 16 x 4) and {@code n} frames: for {@code n >= L} the start
 * {@code s} is uniform in {@code [0, n - L]} and the clip is {@code s, s+stride, ...}; for {@code n < L} the start
 * is 0. In both cases the index advances by {@code stride} only while the next index would stay {@code <= n - 2}
 * (the reference's 1-based offset check); once it cannot, the last reached index repeats. For example, with
 * {@code n = 10}: {@code 0, 4, 8, 8, ..., 8}.
 *
 * <pre>{@code
 * int[] idx = PretrainFrameSampler.forConfig(SimvtpConfig.vitBase()).sample(100, new SplittableRandom(1))[0];
 * }</pre>
 */
public final class PretrainFrameSampler implements FrameSampler {
    private final int numFrames;
    private final int stride;

    /**
     * Creates the sampler.
     *
     * @param numFrames frames per clip (16 in SimVTP)
     * @param stride distance between sampled frames (4 in SimVTP)
     */
    public PretrainFrameSampler(int numFrames, int stride) {
        FrameSampler.checkPositive("numFrames", numFrames);
        FrameSampler.checkPositive("stride", stride);
        this.numFrames = numFrames;
        this.stride = stride;
    }

    /**
     * The SimVTP sampler: {@code config.numFrames()} frames at stride 4.
     *
     * @param config model configuration
     * @return the sampler
     */
    public static PretrainFrameSampler forConfig(SimvtpConfig config) {
        return new PretrainFrameSampler(config.numFrames(), 4);
    }

    @Override
    public int[][] sample(int frameCount, RandomGenerator rng) {
        FrameSampler.checkFrameCount(frameCount);
        int span = numFrames * stride;
        int start = frameCount >= span ? rng.nextInt(frameCount - span + 1) : 0;
        return new int[][] {indicesFrom(start, frameCount)};
    }

    /**
     * The deterministic part: the clip for a given start.
     *
     * @param start first index
     * @param frameCount number of frames of the video
     * @return {@code numFrames} indices
     */
    public int[] indicesFrom(int start, int frameCount) {
        int[] out = new int[numFrames];
        int index = start;
        for (int i = 0; i < numFrames; i++) {
            out[i] = index;
            if (index + stride <= frameCount - 2) {
                index += stride;
            }
        }
        return out;
    }
}
