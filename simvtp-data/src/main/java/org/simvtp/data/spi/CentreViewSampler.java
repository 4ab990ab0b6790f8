package org.simvtp.data.spi;

import java.util.random.RandomGenerator;
import org.simvtp.data.sampling.FrameSampler;

/**
 * One temporal test view: every {@code stride}-th frame, padded by repeating the last index up to
 * {@code numFrames}, then the {@code numFrames} consecutive sub-sampled frames centred in the video (start
 * {@code (F − numFrames) / 2} over the F sub-sampled frames). The reference's test sampler needs at least two
 * segments; this is its single-segment counterpart. Deterministic.
 *
 * <pre>{@code
 * int[] view = new CentreViewSampler(16, 4).sample(100, null)[0]; // 25 sub-sampled → start 4 → 16, 20, ..., 76
 * }</pre>
 */
final class CentreViewSampler implements FrameSampler {

    private final int numFrames;
    private final int stride;

    CentreViewSampler(int numFrames, int stride) {
        FrameSampler.checkPositive("numFrames", numFrames);
        FrameSampler.checkPositive("stride", stride);
        this.numFrames = numFrames;
        this.stride = stride;
    }

    @Override
    public int[][] sample(int frameCount, RandomGenerator rng) {
        FrameSampler.checkFrameCount(frameCount);
        int sub = (frameCount + stride - 1) / stride;
        int available = Math.max(sub, numFrames);
        int start = (available - numFrames) / 2;
        int[] view = new int[numFrames];
        for (int i = 0; i < numFrames; i++) {
            view[i] = Math.min(start + i, sub - 1) * stride;
        }
        return new int[][] {view};
    }
}
