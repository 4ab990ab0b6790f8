package org.simvtp.jmh.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.ReferenceTextMasking;
import org.simvtp.core.masking.TextMaskingConfig;
import org.simvtp.core.masking.TextMaskingResult;
import org.simvtp.core.masking.TubeMasking;
import org.simvtp.core.masking.VideoMask;
import org.simvtp.models.PretrainInputs;

/**
 * A fixed, seeded batch in Java arrays, shaped like real pre-training input: normal-distributed normalised
 * clips, a tube mask, captions of varied length ([CLS] words [SEP], padded to exactly {@code textLength}, the
 * first caption full length) masked as the reference does. Each call of {@link #pretrainInputs} copies it into
 * NDArrays of the given (per-step) manager, as a data loader would hand over a batch.
 *
 * <pre>{@code
 * SyntheticBatch data = new SyntheticBatch(SimvtpConfig.small(), 16, 32, 42L);
 * try (NDManager step = root.newSubManager()) {
 *     PretrainInputs in = data.pretrainInputs(step);
 * }
 * }</pre>
 */
public final class SyntheticBatch {

    private static final long FIRST_WORD_ID = 1000;

    private final SimvtpConfig config;
    private final int batch;
    private final int textLength;
    private final float[] video;
    private final VideoMask mask;
    private final long[] ids;
    private final long[] maskedIds;
    private final long[] labels;
    private final long[] attention;

    /**
     * Draws the batch.
     *
     * @param config model geometry and vocabulary
     * @param batch clips B (at least 2)
     * @param textLength padded caption length L (at least 3)
     * @param seed the seed
     */
    public SyntheticBatch(SimvtpConfig config, int batch, int textLength, long seed) {
        if (batch < 2 || textLength < 3) {
            throw new IllegalArgumentException(
                    "a synthetic batch needs B >= 2 and L >= 3, got " + batch + ", " + textLength);
        }
        this.config = config;
        this.batch = batch;
        this.textLength = textLength;
        SplittableRandom rng = new SplittableRandom(seed);
        video = new float
                [Math.toIntExact((long) batch
                        * config.channels()
                        * config.numFrames()
                        * config.imageSize()
                        * config.imageSize())];
        for (int i = 0; i < video.length; i++) {
            video[i] = (float) rng.nextGaussian();
        }
        mask = TubeMasking.of(config).sample(batch, rng.split());
        long[][] captions = new long[batch][textLength];
        long[][] att = new long[batch][textLength];
        for (int b = 0; b < batch; b++) {
            int words = b == 0 ? textLength - 2 : 1 + rng.nextInt(textLength - 2);
            captions[b][0] = TextMaskingConfig.CLS_ID;
            for (int w = 1; w <= words; w++) {
                captions[b][w] = FIRST_WORD_ID + rng.nextInt(config.vocabSize() - (int) FIRST_WORD_ID);
            }
            captions[b][words + 1] = TextMaskingConfig.SEP_ID;
            for (int w = 0; w < words + 2; w++) {
                att[b][w] = 1;
            }
        }
        TextMaskingResult masked = new ReferenceTextMasking(TextMaskingConfig.of(config)).mask(captions, rng.split());
        if (!masked.hasSelection()) {
            throw new IllegalStateException("synthetic captions got no masked token; use another seed");
        }
        ids = flatten(captions);
        maskedIds = flatten(masked.maskedIds());
        labels = flatten(masked.labels());
        attention = flatten(att);
    }

    /** The number of caption positions with an MLM label (the rows of the efficient mode's MLM head). */
    public long labelledTokens() {
        return java.util.Arrays.stream(labels)
                .filter(l -> l != TextMaskingResult.IGNORE_INDEX)
                .count();
    }

    /** The tube mask. */
    public VideoMask mask() {
        return mask;
    }

    /** The unmasked caption ids as a {@code [B][L]} copy (input of the text-masking benchmark). */
    public long[][] captions() {
        long[][] out = new long[batch][];
        for (int b = 0; b < batch; b++) {
            out[b] = java.util.Arrays.copyOfRange(ids, b * textLength, (b + 1) * textLength);
        }
        return out;
    }

    /** The clips [B, C, T, H, W] in {@code m}. */
    public NDArray video(NDManager m) {
        return m.create(
                video, new Shape(batch, config.channels(), config.numFrames(), config.imageSize(), config.imageSize()));
    }

    /** Unmasked caption ids [B, L] (fine-tuning input) in {@code m}. */
    public NDArray ids(NDManager m) {
        return m.create(ids, new Shape(batch, textLength));
    }

    /** Attention mask [B, L] (1 = token, 0 = padding) in {@code m}. */
    public NDArray attentionMask(NDManager m) {
        return m.create(attention, new Shape(batch, textLength));
    }

    /**
     * The masked pre-training batch in {@code m}; VTM negatives are left to the model's random draw.
     *
     * @param m the per-step manager
     * @return the inputs
     */
    public PretrainInputs pretrainInputs(NDManager m) {
        Shape text = new Shape(batch, textLength);
        return new PretrainInputs(
                video(m), mask, m.create(maskedIds, text), m.create(attention, text), m.create(labels, text), null);
    }

    private static long[] flatten(long[][] rows) {
        int width = rows[0].length;
        long[] out = new long[rows.length * width];
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(rows[b], 0, out, b * width, width);
        }
        return out;
    }
}
