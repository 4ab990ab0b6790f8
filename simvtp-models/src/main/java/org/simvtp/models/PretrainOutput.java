package org.simvtp.models;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one pre-training forward pass produces: each objective's loss under its loss key (e.g. {@code loss_v},
 * {@code loss_t}, {@code loss_vtc}, {@code loss_vtm}), their weighted sum, and the tensors the objectives
 * published (e.g. {@code mlm_logits}, {@code vtc_similarity}).
 *
 * <pre>{@code
 * PretrainOutput out = model.forward(inputs, true, random);
 * out.losses().forEach((name, loss) -> System.out.println(name + " " + loss.getFloat()));
 * NDArray sim = out.tensor("vtc_similarity");
 * }</pre>
 */
public final class PretrainOutput {

    private final Map<String, NDArray> losses;
    private final NDArray lossTotal;
    private final Map<String, NDArray> tensors;

    /**
     * Creates the output.
     *
     * @param losses loss key → scalar loss, in the objectives' order
     * @param lossTotal the weighted sum
     * @param tensors name → tensor published during the pass
     */
    public PretrainOutput(Map<String, NDArray> losses, NDArray lossTotal, Map<String, NDArray> tensors) {
        this.losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
        this.lossTotal = lossTotal;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** Each objective's loss by loss key, in the objectives' order. */
    public Map<String, NDArray> losses() {
        return losses;
    }

    /** The weighted sum of the losses (what training back-propagates). */
    public NDArray lossTotal() {
        return lossTotal;
    }

    /** Every published tensor by name. */
    public Map<String, NDArray> tensors() {
        return tensors;
    }

    /** A published tensor, or null when no objective of the model produced it. */
    public NDArray tensor(String name) {
        return tensors.get(name);
    }

    /** Joint pass output after the encoder norm [B, Nv + L, D] ({@code joint_tokens}). */
    public NDArray jointTokens() {
        return tensors.get("joint_tokens");
    }

    /**
     * MLM logits ({@code mlm_logits}): reference mode [B, L, V]; efficient mode only the K labelled positions
     * [K, V] in row-major (b, l) order ({@link #mlmLabelledOnly()}).
     */
    public NDArray mlmLogits() {
        return tensors.get("mlm_logits");
    }

    /** Pixel targets of the masked tokens [B, Nm, patchDim] ({@code pixel_targets}). */
    public NDArray pixelTargets() {
        return tensors.get("pixel_targets");
    }

    /** Decoder predictions of the masked tokens [B, Nm, patchDim] ({@code decoder_prediction}). */
    public NDArray decoderPrediction() {
        return tensors.get("decoder_prediction");
    }

    /** Mean-pooled text-only pass [B, D] ({@code vtc_text_features}). */
    public NDArray vtcTextFeatures() {
        return tensors.get("vtc_text_features");
    }

    /** Mean-pooled video-only pass [B, D] ({@code vtc_video_features}). */
    public NDArray vtcVideoFeatures() {
        return tensors.get("vtc_video_features");
    }

    /** VTC cosine similarity, rows = texts ({@code vtc_similarity}). */
    public NDArray vtcSimilarity() {
        return tensors.get("vtc_similarity");
    }

    /** Matching logits, B positives then B negatives [2B, 2] ({@code vtm_logits}). */
    public NDArray vtmLogits() {
        return tensors.get("vtm_logits");
    }

    /** Pixel reconstruction loss ({@code loss_v}), or null. */
    public NDArray lossVideo() {
        return losses.get("loss_v");
    }

    /** Masked language modelling loss ({@code loss_t}), or null. */
    public NDArray lossText() {
        return losses.get("loss_t");
    }

    /** Video-text contrastive loss ({@code loss_vtc}), or null. */
    public NDArray lossVtc() {
        return losses.get("loss_vtc");
    }

    /** Video-text matching loss ({@code loss_vtm}), or null. */
    public NDArray lossVtm() {
        return losses.get("loss_vtm");
    }

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
        NDArray logits = mlmLogits();
        return logits != null && logits.getShape().dimension() == 2;
    }
}
