package org.simvtp.models;

import ai.djl.ndarray.NDArray;

/**
 * Everything one pre-training forward pass produces; the losses are scalars and {@code lossTotal} is their
 * weighted sum.
 *
 * @param jointTokens joint pass output after the encoder norm [B, Nv + L, D]
 * @param mlmLogits MLM logits. Reference mode: at every text position, [B, L, V]. Efficient mode
 *     ({@code new SimvtpPretrainModel(config, true)}): only at the K labelled positions (label ≠ −100), [K, V],
 *     row k being the k-th labelled position in row-major (b, l) order — the rows the MLM loss averages over;
 *     {@link #mlmLabelledOnly()} tells the two apart
 * @param pixelTargets normalised pixel targets of the masked tokens [B, Nm, patchDim]
 * @param decoderPrediction decoder predictions for the masked tokens [B, Nm, patchDim]
 * @param vtcTextFeatures mean-pooled text-only pass [B, D]
 * @param vtcVideoFeatures mean-pooled video-only pass [B, D]
 * @param vtcSimilarity cosine similarity, rows = texts [B, B]
 * @param vtmLogits matching logits, B positives then B negatives [2B, 2]
 * @param lossVideo pixel reconstruction MSE
 * @param lossText masked language modelling cross-entropy
 * @param lossVtc video-text contrastive loss
 * @param lossVtm video-text matching loss
 * @param lossTotal weighted sum of the four losses
 */
public record PretrainOutput(
        NDArray jointTokens, NDArray mlmLogits, NDArray pixelTargets, NDArray decoderPrediction,
        NDArray vtcTextFeatures, NDArray vtcVideoFeatures, NDArray vtcSimilarity, NDArray vtmLogits,
        NDArray lossVideo, NDArray lossText, NDArray lossVtc, NDArray lossVtm, NDArray lossTotal) {

    /**
     * Whether {@link #mlmLogits()} holds only the labelled positions ([K, V], efficient mode) rather than every
     * text position ([B, L, V]).
     *
     * <pre>{@code
     * long[] predicted = out.mlmLabelledOnly() ? out.mlmLogits().argMax(1).toLongArray()   // K ids
     *                                          : out.mlmLogits().argMax(2).toLongArray();  // B·L ids
     * }</pre>
     *
     * @return true in efficient mode
     */
    public boolean mlmLabelledOnly() {
        return mlmLogits.getShape().dimension() == 2;
    }
}
