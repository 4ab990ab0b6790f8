package org.simvtp.models;

import ai.djl.ndarray.NDArray;
import org.simvtp.core.masking.VideoMask;

/**
 * One pre-training batch, already masked (spec §4).
 *
 * @param video ImageNet-normalised clips [B, C, T, H, W] (float32)
 * @param videoMask tube mask, true = masked; every sample masks the same number of tokens
 * @param inputIds masked caption ids [B, L] (int64) — the reference feeds these to every text pass
 * @param attentionMask 1 for real tokens, 0 for padding [B, L] (int64)
 * @param mlmLabels original id at masked positions, −100 elsewhere [B, L] (int64)
 * @param vtmNegatives for caption i the in-batch video j ≠ i used as its negative [B] (int64), or null to sample
 */
public record PretrainInputs(
        NDArray video,
        VideoMask videoMask,
        NDArray inputIds,
        NDArray attentionMask,
        NDArray mlmLabels,
        NDArray vtmNegatives) {

    /** Batch size B. */
    public int batchSize() {
        return Math.toIntExact(video.getShape().get(0));
    }
}
