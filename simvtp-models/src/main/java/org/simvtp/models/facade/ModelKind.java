package org.simvtp.models.facade;

/**
 * Which SimVTP model a {@link Simvtp} instance holds.
 *
 * <pre>{@code
 * if (simvtp.kind() == ModelKind.PRETRAINING) {
 *     simvtp.reconstruct(Path.of("clip.mp4"), "a dog runs on the beach");
 * }
 * }</pre>
 */
public enum ModelKind {
    /**
     * The fine-tuned retrieval model ({@code DualVideoTextEncoder}, spec §1.3): keys {@code video_encoder.*} and
     * {@code text_encoder.*}; embeddings are the {@code fc_norm} of the mean-pooled tower outputs.
     */
    TWO_TOWER,
    /**
     * The pre-training model (spec §1.2): keys {@code encoder.*}, {@code decoder.*}, {@code text_embeddings.*},
     * ...; used zero-shot for retrieval (mean of the per-token-normalised encoder outputs, as the pre-training
     * contrastive loss does) and for masked reconstruction.
     */
    PRETRAINING
}
