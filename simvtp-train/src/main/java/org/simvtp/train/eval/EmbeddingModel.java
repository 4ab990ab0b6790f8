package org.simvtp.train.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import org.simvtp.models.DualEncoder;
import org.simvtp.models.SimvtpPretrainModel;

/**
 * A model that embeds clips and captions into one space, compared by cosine similarity. Calls run in inference
 * mode (no dropout, no drop-path); the caller handles grad mode and memory scopes.
 *
 * <pre>{@code
 * EmbeddingModel finetuned = EmbeddingModel.of(dualEncoder);
 * EmbeddingModel zeroShot = EmbeddingModel.zeroShot(pretrainModel);
 * NDArray v = finetuned.encodeVideo(clips);        // [B, 3, T, H, W] -> [B, D]
 * NDArray t = finetuned.encodeText(ids, mask);     // [B, L] int64 -> [B, D]
 * }</pre>
 */
public interface EmbeddingModel {

    /**
     * Embeds ImageNet-normalised clips.
     *
     * @param clips float32 {@code [B, 3, T, H, W]}
     * @return {@code [B, D]}, not L2-normalised
     */
    NDArray encodeVideo(NDArray clips);

    /**
     * Embeds tokenised captions.
     *
     * @param ids token ids {@code [B, L]} (int64)
     * @param attentionMask 1 for tokens, 0 for padding {@code [B, L]}
     * @return {@code [B, D]}, not L2-normalised
     */
    NDArray encodeText(NDArray ids, NDArray attentionMask);

    /** The device holding the model's parameters (inputs are created there). */
    Device device();

    /**
     * The fine-tuned two-tower model: each tower's mean-pooled tokens through {@code fc_norm} (spec §13), text
     * pooling as configured in the model.
     *
     * @param model an initialised or loaded dual encoder
     * @return the adapter
     */
    static EmbeddingModel of(DualEncoder model) {
        return new DualEncoderEmbedding(model);
    }

    /**
     * Zero-shot retrieval with the pre-training model's shared encoder: the mean over tokens of
     * {@code encoder.norm(encoder.blocks(x))} for the unmasked clip (every tubelet token plus the sinusoid table)
     * and for the unmasked caption (BERT embedding of the pre-training model, additive key mask on padding, mean
     * over all L positions including padding, as the VTC text branch).
     *
     * @param model an initialised or loaded pre-training model
     * @return the adapter
     */
    static EmbeddingModel zeroShot(SimvtpPretrainModel model) {
        return new PretrainEncoderEmbedding(model);
    }
}
