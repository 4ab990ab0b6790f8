package org.simvtp.models.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.simvtp.models.nn.Initializers;
import org.simvtp.models.nn.Layers;
import org.simvtp.models.nn.ReferenceBlock;

/**
 * The video-text matching head: a pooled pair embedding [N, D] → 2 logits (index 1 = matching pair), the
 * reference's {@code vtm_head} linear layer ({@code weight} [2, D], {@code bias} [2]).
 *
 * <pre>{@code
 * VtmHead head = new VtmHead(384);
 * head.initialize(manager);
 * NDArray logits = head.logits(pooledPairs); // [2B, 384] -> [2B, 2]
 * }</pre>
 */
public final class VtmHead extends ReferenceBlock {

    private final int width;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates the head with a Xavier-uniform weight and zero bias.
     *
     * @param width pair-embedding width D
     */
    public VtmHead(int width) {
        if (width <= 0) {
            throw new IllegalArgumentException("VtmHead needs width > 0, got " + width);
        }
        this.width = width;
        weight = param("weight", Parameter.Type.WEIGHT, new Shape(2, width), Initializers.xavierUniform());
        bias = param("bias", Parameter.Type.BIAS, new Shape(2), Initializers.zeros());
    }

    /** Input width D. */
    public int width() {
        return width;
    }

    /** Matching logits [N, 2] of pooled pairs [N, D]. */
    public NDArray logits(NDArray pooled) {
        return Layers.linear(pooled, weight(weight, pooled), weight(bias, pooled));
    }
}
