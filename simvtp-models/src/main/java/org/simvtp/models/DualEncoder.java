package org.simvtp.models;

import ai.djl.ndarray.NDArray;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.nn.ReferenceBlock;
import org.simvtp.models.nn.VitEncoder;

/**
 * The two-tower retrieval model of SimVTP fine-tuning ({@code DualVideoTextEncoder}, spec §1.3): a video tower
 * and a text tower, each a full ViT with its own BERT embedding and a LayerNorm on the mean-pooled tokens
 * ({@code fc_norm}). No projection, no cross-modal fusion; scores are cosine similarities. Parameter names
 * {@code video_encoder.*} and {@code text_encoder.*}; each tower also owns the other modality's unused
 * embedding, as in the reference. Drop-path 0.1 (linear over depth) in training.
 *
 * <p>By default the text embedding is the mean over all L positions including padding, as the reference
 * (so it depends on the batch's longest caption); {@link Pooling#MASK_AWARE} averages real tokens only.
 *
 * <pre>{@code
 * DualEncoder model = new DualEncoder(SimvtpConfig.vitBase());
 * model.initialize(manager);
 * NDArray v = model.encodeVideo(clips, false);             // [B, 768]
 * NDArray t = model.encodeText(ids, attentionMask, false); // [B, 768]
 * NDArray sim = Losses.cosineSimilarity(t, v);
 * }</pre>
 */
public final class DualEncoder extends ReferenceBlock {

    /** Drop-path rate of the reference fine-tuning. */
    public static final double REFERENCE_DROP_PATH = 0.1;

    /** How the text tower pools its tokens. */
    public enum Pooling {
        /** Mean over every position, padding included (the reference). */
        ALL_POSITIONS,
        /** Mean over real tokens only. */
        MASK_AWARE
    }

    private final SimvtpConfig config;
    private final VitEncoder videoEncoder;
    private final VitEncoder textEncoder;
    private final Pooling pooling;

    /** The reference model: drop-path 0.1, pooling over all positions. */
    public DualEncoder(SimvtpConfig config) {
        this(config, REFERENCE_DROP_PATH, Pooling.ALL_POSITIONS);
    }

    /**
     * A model with explicit options.
     *
     * @param config model dimensions
     * @param dropPathRate maximum stochastic-depth rate (last block)
     * @param pooling text pooling
     */
    public DualEncoder(SimvtpConfig config, double dropPathRate, Pooling pooling) {
        this.config = config;
        this.pooling = pooling;
        videoEncoder = child("video_encoder", VitEncoder.tower(config, dropPathRate));
        textEncoder = child("text_encoder", VitEncoder.tower(config, dropPathRate));
    }

    /** The configuration. */
    public SimvtpConfig config() {
        return config;
    }

    /** Text pooling in use. */
    public Pooling pooling() {
        return pooling;
    }

    /**
     * Embeds ImageNet-normalised clips [B, C, T, H, W] into [B, D] (not L2-normalised).
     *
     * @param video clips
     * @param training enables drop-path
     * @return video embeddings
     */
    public NDArray encodeVideo(NDArray video, boolean training) {
        NDArray tokens = videoEncoder.blocks(videoEncoder.embedVideo(video), null, training);
        return videoEncoder.poolAndNorm(tokens, null);
    }

    /**
     * Embeds captions into [B, D] (not L2-normalised).
     *
     * @param ids token ids [B, L] (int64)
     * @param attentionMask 1 for real tokens, 0 for padding [B, L]
     * @param training enables embedding dropout and drop-path
     * @return text embeddings
     */
    public NDArray encodeText(NDArray ids, NDArray attentionMask, boolean training) {
        NDArray keyMask = SimvtpPretrainModel.additiveKeyMask(attentionMask);
        NDArray tokens = textEncoder.blocks(textEncoder.embedText(ids, training), keyMask, training);
        return textEncoder.poolAndNorm(tokens, pooling == Pooling.MASK_AWARE ? attentionMask : null);
    }
}
