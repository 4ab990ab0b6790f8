package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * LayerNorm over the last axis with a learnable scale and shift ({@code weight}, {@code bias}), as PyTorch's
 * {@code nn.LayerNorm(width, eps)}: {@code (x − mean) / √(var + eps) · weight + bias}.
 *
 * <p>A block of its own so that transformer blocks are assembled from named parts ({@code norm1}, {@code attn},
 * {@code norm2}, {@code mlp}); the math is {@link Layers#layerNorm}.
 *
 * <pre>{@code
 * LayerNormBlock norm = new LayerNormBlock(384, 1e-6);
 * norm.initialize(manager);
 * NDArray y = norm.forward(x); // [..., 384]
 * }</pre>
 */
public final class LayerNormBlock extends ReferenceBlock {

    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates the norm; weight starts at 1, bias at 0.
     *
     * @param width size of the last axis
     * @param eps added to the variance
     */
    public LayerNormBlock(int width, double eps) {
        if (width <= 0 || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm needs width > 0 and eps > 0, got " + width + ", " + eps);
        }
        this.eps = eps;
        weight = param("weight", Parameter.Type.GAMMA, new Shape(width), Initializers.ones());
        bias = param("bias", Parameter.Type.BETA, new Shape(width), Initializers.zeros());
    }

    /** Normalises {@code x} over its last axis. */
    public NDArray forward(NDArray x) {
        return Layers.layerNorm(x, weight(weight, x), weight(bias, x), eps);
    }
}
