package org.simvtp.core.masking;

import java.util.random.RandomGenerator;
import org.simvtp.core.SimvtpConfig;

/**
 * Tube masking of the reference ({@code TubeMaskingGenerator}, spec §3.1).
 *
 * <p>For each sample, exactly {@code floor(ratio · H'·W')} of the {@code H'·W'} spatial positions are chosen
 * uniformly at random (a uniform shuffle of {@code visible} zeros and {@code masked} ones), and the same spatial
 * pattern is repeated at every one of the {@code T'} temporal slices, so each masked position is a "tube"
 * through time. Flattened in {@code (t', h', w')} order. For ViT-B: 176 of 196 masked per slice, 1408 of 1568 in
 * total, 160 visible. The random stream differs from numpy's, so masks are reference-like in distribution, not
 * bit-identical.
 *
 * <pre>{@code
 * TubeMasking tube = TubeMasking.of(SimvtpConfig.vitBase());
 * VideoMask mask = tube.sample(16, 1234L);   // 16 × 1568, 1408 masked per row
 * }</pre>
 */
public final class TubeMasking implements VideoMaskingStrategy {

    private final int gridTime;
    private final int tokensPerFrame;
    private final int maskedPerFrame;

    /**
     * Creates tube masking for an explicit token grid.
     *
     * @param gridTime temporal slices {@code T'}, at least 1
     * @param tokensPerFrame spatial tokens per slice {@code H'·W'}, at least 1
     * @param maskRatio fraction in {@code [0, 1)}; {@code floor(maskRatio · tokensPerFrame)} are masked per slice
     * @throws IllegalArgumentException on a non-positive size or a ratio outside {@code [0, 1)}
     */
    public TubeMasking(int gridTime, int tokensPerFrame, double maskRatio) {
        if (gridTime <= 0 || tokensPerFrame <= 0) {
            throw new IllegalArgumentException("tube masking needs positive grid sizes, got gridTime=" + gridTime
                    + ", tokensPerFrame=" + tokensPerFrame);
        }
        if (!(maskRatio >= 0 && maskRatio < 1)) {
            throw new IllegalArgumentException("maskRatio must be in [0, 1), got " + maskRatio);
        }
        this.gridTime = gridTime;
        this.tokensPerFrame = tokensPerFrame;
        this.maskedPerFrame = (int) Math.floor(maskRatio * tokensPerFrame);
    }

    /**
     * Creates tube masking from a model configuration ({@code gridTime}, {@code tokensPerFrame},
     * {@code videoMaskRatio}).
     *
     * @param config the model configuration
     * @return the strategy
     */
    public static TubeMasking of(SimvtpConfig config) {
        return new TubeMasking(config.gridTime(), config.tokensPerFrame(), config.videoMaskRatio());
    }

    @Override
    public int numTokens() {
        return gridTime * tokensPerFrame;
    }

    /** Masked spatial positions per temporal slice. */
    public int maskedPerFrame() {
        return maskedPerFrame;
    }

    /** Masked tokens per sample: {@code gridTime · maskedPerFrame}. */
    public int maskedPerSample() {
        return gridTime * maskedPerFrame;
    }

    @Override
    public boolean[] sampleOne(RandomGenerator rng) {
        boolean[] frame = new boolean[tokensPerFrame];
        for (int i = tokensPerFrame - maskedPerFrame; i < tokensPerFrame; i++) {
            frame[i] = true;
        }
        for (int i = tokensPerFrame - 1; i > 0; i--) { // Fisher–Yates
            int j = rng.nextInt(i + 1);
            boolean tmp = frame[i];
            frame[i] = frame[j];
            frame[j] = tmp;
        }
        boolean[] out = new boolean[numTokens()];
        for (int t = 0; t < gridTime; t++) {
            System.arraycopy(frame, 0, out, t * tokensPerFrame, tokensPerFrame);
        }
        return out;
    }

    @Override
    public String toString() {
        return "TubeMasking{gridTime=" + gridTime + ", tokensPerFrame=" + tokensPerFrame + ", maskedPerFrame="
                + maskedPerFrame + "}";
    }
}
