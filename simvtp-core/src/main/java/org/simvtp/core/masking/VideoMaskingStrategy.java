package org.simvtp.core.masking;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Draws video token masks, one sample at a time, from a caller-supplied random generator.
 *
 * <p>Samples are independent: a batch is {@code batchSize} successive draws from the same generator, so a given
 * seed always gives the same batch.
 *
 * <pre>{@code
 * VideoMaskingStrategy masking = TubeMasking.of(config);
 * boolean[] one = masking.sampleOne(new SplittableRandom(7));   // per-item, e.g. in a data loader
 * VideoMask batch = masking.sample(16, 7L);                     // whole batch from a seed
 * }</pre>
 */
public interface VideoMaskingStrategy {

    /** Number of video tokens {@code N} of one sample. */
    int numTokens();

    /**
     * Draws the mask of one sample.
     *
     * @param rng the source of randomness; advanced by the call
     * @return {@code N} flags in {@code (t', h', w')} order, {@code true} = masked
     */
    boolean[] sampleOne(RandomGenerator rng);

    /**
     * Draws {@code batchSize} independent sample masks from {@code rng}.
     *
     * @param batchSize number of samples, at least 1
     * @param rng the source of randomness; advanced by the call
     * @return the batch mask
     */
    default VideoMask sample(int batchSize, RandomGenerator rng) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        boolean[][] rows = new boolean[batchSize][];
        for (int b = 0; b < batchSize; b++) {
            rows[b] = sampleOne(rng);
        }
        return VideoMask.of(rows);
    }

    /**
     * Draws a batch deterministically from a seed ({@link SplittableRandom}).
     *
     * @param batchSize number of samples, at least 1
     * @param seed the seed; the same seed gives the same mask
     * @return the batch mask
     */
    default VideoMask sample(int batchSize, long seed) {
        return sample(batchSize, new SplittableRandom(seed));
    }
}
