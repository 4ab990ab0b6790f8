package org.simvtp.train.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.nn.VitEncoder;

/** {@link EmbeddingModel} over the shared encoder of a {@link SimvtpPretrainModel} (unmasked inputs). */
final class PretrainEncoderEmbedding implements EmbeddingModel {

    private final SimvtpPretrainModel model;

    PretrainEncoderEmbedding(SimvtpPretrainModel model) {
        this.model = model;
    }

    @Override
    public NDArray encodeVideo(NDArray clips) {
        VitEncoder encoder = model.encoder();
        NDArray tokens = encoder.blocks(encoder.embedVideo(clips), null, false); // [B, N, D]
        return encoder.normTokens(tokens).mean(new int[] {1});
    }

    @Override
    public NDArray encodeText(NDArray ids, NDArray attentionMask) {
        VitEncoder encoder = model.encoder();
        NDArray text = model.textEmbeddings().forward(ids, false); // [B, L, D]
        NDArray tokens = encoder.blocks(text, SimvtpPretrainModel.additiveKeyMask(attentionMask), false);
        return encoder.normTokens(tokens).mean(new int[] {1});
    }

    @Override
    public Device device() {
        return model.namedParameters().values().iterator().next().getArray().getDevice();
    }
}
