package org.simvtp.data.sampling;

import java.util.random.RandomGenerator;
import org.simvtp.core.SimvtpConfig;

/**
 * Fine-tuning training sampling (spec §5.2, one segment): a window of {@code L = numFrames * stride} frames.
 *
 * <p>For {@code n > L}: the window end {@code e} is uniform in {@code [L, n)}, start {@code e - L}, and the clip is
 * {@code numpy.linspace(e - L, e, numFrames)} clipped to {@code e - 1} and truncated to int (effective stride
 * {@code L / (numFrames - 1)}, 4.27 for 16 x 4). For {@code n <= L}: {@code linspace(0, n, n / stride)} (integer
 * division) padded with {@code n} up to {@code numFrames} entries, clipped to {@code n - 1}.
 *
 * <pre>{@code
 * int[] idx = new FinetuneTrainFrameSampler(16, 4).sample(300, new SplittableRandom(1))[0];
 * }</pre>
 */
public final class FinetuneTrainFrameSampler implements FrameSampler {
    private final int numFrames;
    private final int stride;

    /**
     * Creates the sampler.
     *
     * @param numFrames frames per clip (16 in SimVTP)
     * @param stride nominal frame stride (4 in SimVTP)
     */
    public FinetuneTrainFrameSampler(int numFrames, int stride) {
        FrameSampler.checkPositive("numFrames", numFrames);
        FrameSampler.checkPositive("stride", stride);
        this.numFrames = numFrames;
        this.stride = stride;
    }

    /**
     * The SimVTP sampler: {@code config.numFrames()} frames, stride 4.
     *
     * @param config model configuration
     * @return the sampler
     */
    public static FinetuneTrainFrameSampler forConfig(SimvtpConfig config) {
        return new FinetuneTrainFrameSampler(config.numFrames(), 4);
    }

    @Override
    public int[][] sample(int frameCount, RandomGenerator rng) {
        FrameSampler.checkFrameCount(frameCount);
        int span = numFrames * stride;
        if (frameCount <= span) {
            return new int[][] {shortVideo(frameCount)};
        }
        int end = span + rng.nextInt(frameCount - span);
        return new int[][] {window(end)};
    }

    /**
     * The deterministic part for long videos: the clip of the window ending at {@code end}.
     *
     * @param end window end (exclusive), {@code >= numFrames * stride}
     * @return {@code numFrames} indices
     */
    public int[] window(int end) {
        int start = end - numFrames * stride;
        double[] pts = linspace(start, end, numFrames);
        int[] out = new int[numFrames];
        for (int i = 0; i < numFrames; i++) {
            out[i] = (int) Math.min(pts[i], end - 1);
        }
        return out;
    }

    /**
     * The clip of a video with at most {@code numFrames * stride} frames.
     *
     * @param frameCount number of frames
     * @return {@code numFrames} indices
     */
    public int[] shortVideo(int frameCount) {
        int count = Math.min(frameCount / stride, numFrames);
        double[] pts = linspace(0, frameCount, count);
        int[] out = new int[numFrames];
        for (int i = 0; i < numFrames; i++) {
            double v = i < count ? pts[i] : frameCount;
            out[i] = (int) Math.max(0, Math.min(v, frameCount - 1));
        }
        return out;
    }

    /** numpy.linspace with endpoint: {@code start + i * step}, the last element exactly {@code stop}. */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        if (num == 1) {
            y[0] = start;
            return y;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            y[i] = i * step + start;
        }
        if (num > 1) {
            y[num - 1] = stop;
        }
        return y;
    }
}
