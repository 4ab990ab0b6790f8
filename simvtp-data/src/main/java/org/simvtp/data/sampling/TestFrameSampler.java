package org.simvtp.data.sampling;

import java.util.random.RandomGenerator;
import org.simvtp.core.SimvtpConfig;

/**
 * Test-time sampling (spec §5.2): every {@code stride}-th frame of the whole video ({@code 0, stride, ...}),
 * padded by repeating the last index up to {@code numFrames}; then {@code segments} views, view {@code s} taking
 * {@code numFrames} consecutive sub-sampled frames from {@code int(s * max((F - numFrames) / (segments - 1), 0))},
 * where {@code F} is the number of sub-sampled frames. Deterministic (the generator is ignored). The spatial crops
 * ({@code C}) are done by {@link org.simvtp.data.transform.TestResizeCrop}.
 *
 * <pre>{@code
 * int[][] views = new TestFrameSampler(16, 4, 3).sample(300, null); // 3 views of 16 indices
 * }</pre>
 */
public final class TestFrameSampler implements FrameSampler {
    private final int numFrames;
    private final int stride;
    private final int segments;

    /**
     * Creates the sampler.
     *
     * @param numFrames frames per view (16)
     * @param stride sub-sampling stride (4)
     * @param segments number of temporal views S; must be &gt; 1 (the reference divides by S - 1)
     */
    public TestFrameSampler(int numFrames, int stride, int segments) {
        FrameSampler.checkPositive("numFrames", numFrames);
        FrameSampler.checkPositive("stride", stride);
        if (segments <= 1) {
            throw new IllegalArgumentException("test segments must be > 1 (division by S-1), got " + segments);
        }
        this.numFrames = numFrames;
        this.stride = stride;
        this.segments = segments;
    }

    /**
     * The SimVTP fine-tuning evaluation sampler: {@code config.numFrames()} frames, stride 4, 3 segments.
     *
     * @param config model configuration
     * @return the sampler
     */
    public static TestFrameSampler forConfig(SimvtpConfig config) {
        return new TestFrameSampler(config.numFrames(), 4, 3);
    }

    /**
     * Number of temporal views S.
     *
     * @return S
     */
    public int segments() {
        return segments;
    }

    @Override
    public int[][] sample(int frameCount, RandomGenerator rng) {
        FrameSampler.checkFrameCount(frameCount);
        int sub = (frameCount + stride - 1) / stride;
        int f = Math.max(sub, numFrames);
        int[] all = new int[f];
        for (int i = 0; i < f; i++) {
            all[i] = Math.min(i, sub - 1) * stride;
        }
        double step = Math.max((double) (f - numFrames) / (segments - 1), 0.0);
        int[][] views = new int[segments][numFrames];
        for (int s = 0; s < segments; s++) {
            int start = (int) (s * step);
            System.arraycopy(all, start, views[s], 0, numFrames);
        }
        return views;
    }
}
