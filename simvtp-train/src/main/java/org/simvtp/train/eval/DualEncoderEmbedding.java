package org.simvtp.train.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import org.simvtp.models.DualEncoder;

/** {@link EmbeddingModel} over the two towers of a {@link DualEncoder}. */
final class DualEncoderEmbedding implements EmbeddingModel {

    private final DualEncoder model;

    DualEncoderEmbedding(DualEncoder model) {
        this.model = model;
    }

    @Override
    public NDArray encodeVideo(NDArray clips) {
        return model.encodeVideo(clips, false);
    }

    @Override
    public NDArray encodeText(NDArray ids, NDArray attentionMask) {
        return model.encodeText(ids, attentionMask, false);
    }

    @Override
    public Device device() {
        return model.namedParameters().values().iterator().next().getArray().getDevice();
    }
}
