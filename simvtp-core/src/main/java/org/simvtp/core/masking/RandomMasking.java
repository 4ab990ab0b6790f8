package org.simvtp.core.masking;

import java.util.random.RandomGenerator;
import org.simvtp.core.SimvtpConfig;

/**
 * Random token masking (MAE, VideoMAE's {@code RandomMaskingGenerator}): for each sample exactly
 * {@code floor(ratio · N)} of the N video tokens are chosen uniformly at random, independently at every time
 * slice, so no tubes are formed. An option next to the reference's {@link TubeMasking}.
 *
 * <pre>{@code
 * VideoMaskingStrategy random = RandomMasking.of(SimvtpConfig.tiny());
 * VideoMask mask = random.sample(16, 1234L);
 * }</pre>
 */
public final class RandomMasking implements VideoMaskingStrategy {

    private final int numTokens;
    private final int masked;

    /**
     * Creates random masking.
     *
     * @param numTokens tokens per sample, at least 2
     * @param maskRatio fraction in {@code [0, 1)}; at least one token stays visible
     * @throws IllegalArgumentException on a bad size or ratio
     */
    public RandomMasking(int numTokens, double maskRatio) {
        if (numTokens < 2) {
            throw new IllegalArgumentException("random masking needs at least 2 tokens, got " + numTokens);
        }
        if (!(maskRatio >= 0 && maskRatio < 1)) {
            throw new IllegalArgumentException("maskRatio must be in [0, 1), got " + maskRatio);
        }
        this.numTokens = numTokens;
        this.masked = Math.min(numTokens - 1, (int) Math.floor(maskRatio * numTokens));
    }

    /** Random masking of the configuration's tokens at its {@code videoMaskRatio}. */
    public static RandomMasking of(SimvtpConfig config) {
        return new RandomMasking(config.numVideoTokens(), config.videoMaskRatio());
    }

    @Override
    public int numTokens() {
        return numTokens;
    }

    /** Masked tokens per sample. */
    public int maskedPerSample() {
        return masked;
    }

    @Override
    public boolean[] sampleOne(RandomGenerator rng) {
        boolean[] out = new boolean[numTokens];
        for (int i = numTokens - masked; i < numTokens; i++) {
            out[i] = true;
        }
        for (int i = numTokens - 1; i > 0; i--) { // Fisher–Yates
            int j = rng.nextInt(i + 1);
            boolean tmp = out[i];
            out[i] = out[j];
            out[j] = tmp;
        }
        return out;
    }

    @Override
    public String toString() {
        return "RandomMasking{numTokens=" + numTokens + ", masked=" + masked + "}";
    }
}
