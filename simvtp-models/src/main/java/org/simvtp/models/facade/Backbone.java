package org.simvtp.models.facade;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.DualEncoder;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.nn.Layers;
import org.simvtp.models.nn.ReferenceBlock;
import org.simvtp.models.nn.TextEmbedding;
import org.simvtp.models.nn.VitEncoder;

/**
 * The model behind a {@link Simvtp} instance and its two embedding functions (eval mode, no gradient).
 *
 * <ul>
 *   <li>Two-tower: the {@link DualEncoder} itself (mean-pool, then {@code fc_norm}).</li>
 *   <li>Pre-training, zero-shot: video = mean over tokens of {@code encoder.norm(blocks(patch + pos))}; text =
 *       mean over positions of {@code encoder.norm(blocks(text_embeddings(ids), key mask))} — the features of
 *       the pre-training contrastive loss (spec §4 step 5), on unmasked inputs.</li>
 * </ul>
 */
abstract class Backbone {

    /** The model kind. */
    abstract ModelKind kind();

    /** The model block whose {@code namedParameters()} are the reference state dict. */
    abstract ReferenceBlock block();

    /** Clips [B, C, T, H, W] → [B, D], not normalised. */
    abstract NDArray encodeVideo(NDArray clips);

    /** Ids [B, L] and attention mask [B, L] → [B, D], not normalised. */
    abstract NDArray encodeText(NDArray ids, NDArray attentionMask);

    /** Builds an uninitialised model of the given kind. */
    static Backbone create(ModelKind kind, SimvtpConfig config, DualEncoder.Pooling pooling) {
        return kind == ModelKind.TWO_TOWER
                ? new TwoTower(new DualEncoder(config, DualEncoder.REFERENCE_DROP_PATH, pooling))
                : new Pretraining(
                        SimvtpPretrainModel.builder().setConfig(config).build(), pooling);
    }

    /** The fine-tuned retrieval model. */
    static final class TwoTower extends Backbone {
        private final DualEncoder model;

        TwoTower(DualEncoder model) {
            this.model = model;
        }

        @Override
        ModelKind kind() {
            return ModelKind.TWO_TOWER;
        }

        @Override
        ReferenceBlock block() {
            return model;
        }

        @Override
        NDArray encodeVideo(NDArray clips) {
            return model.encodeVideo(clips, false);
        }

        @Override
        NDArray encodeText(NDArray ids, NDArray attentionMask) {
            return model.encodeText(ids, attentionMask, false);
        }
    }

    /** The pre-training model, used zero-shot. */
    static final class Pretraining extends Backbone {
        private final SimvtpPretrainModel model;
        private final DualEncoder.Pooling pooling;
        private final TextEmbedding textEmbedding;

        Pretraining(SimvtpPretrainModel model, DualEncoder.Pooling pooling) {
            this.model = model;
            this.pooling = pooling;
            this.textEmbedding = child(model, "text_embeddings", TextEmbedding.class);
        }

        SimvtpPretrainModel model() {
            return model;
        }

        @Override
        ModelKind kind() {
            return ModelKind.PRETRAINING;
        }

        @Override
        ReferenceBlock block() {
            return model;
        }

        @Override
        NDArray encodeVideo(NDArray clips) {
            VitEncoder encoder = model.encoder();
            return Layers.meanPool(encoder.normTokens(encoder.blocks(encoder.embedVideo(clips), null, false)), null);
        }

        @Override
        NDArray encodeText(NDArray ids, NDArray attentionMask) {
            VitEncoder encoder = model.encoder();
            NDArray keyMask = SimvtpPretrainModel.additiveKeyMask(attentionMask);
            NDArray tokens = encoder.normTokens(encoder.blocks(textEmbedding.forward(ids, false), keyMask, false));
            return Layers.meanPool(tokens, pooling == DualEncoder.Pooling.MASK_AWARE ? attentionMask : null);
        }
    }

    /** The child block registered under a reference name (DJL prefixes child names with their position). */
    static <T extends Block> T child(Block parent, String referenceName, Class<T> type) {
        for (Pair<String, Block> p : parent.getChildren()) {
            String key = p.getKey().replaceFirst("^\\d+", "");
            if (key.equals(referenceName) && type.isInstance(p.getValue())) {
                return type.cast(p.getValue());
            }
        }
        throw new IllegalStateException(parent.getClass().getSimpleName() + " has no child '" + referenceName
                + "' of type " + type.getSimpleName());
    }
}
