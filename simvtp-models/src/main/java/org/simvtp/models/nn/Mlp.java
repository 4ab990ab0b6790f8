package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;

/**
 * The transformer MLP {@code fc2(gelu(fc1(x)))} with the exact (erf) GELU, over the last axis. Reference names
 * {@code fc1.weight, fc1.bias, fc2.weight, fc2.bias}.
 *
 * <pre>{@code
 * Mlp mlp = new Mlp(384, 1536);
 * mlp.initialize(manager);
 * NDArray y = mlp.forward(x); // [..., 384] -> [..., 384]
 * }</pre>
 */
public final class Mlp extends ReferenceBlock {

    private final Parameter fc1Weight;
    private final Parameter fc1Bias;
    private final Parameter fc2Weight;
    private final Parameter fc2Bias;

    /**
     * Creates the MLP with Xavier-uniform weights and zero biases.
     *
     * @param width input and output width D
     * @param hidden hidden width (4·D in ViT)
     */
    public Mlp(int width, int hidden) {
        if (width <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("Mlp needs positive widths, got " + width + " and " + hidden);
        }
        fc1Weight = param("fc1.weight", Parameter.Type.WEIGHT, new Shape(hidden, width), Initializers.xavierUniform());
        fc1Bias = param("fc1.bias", Parameter.Type.BIAS, new Shape(hidden), Initializers.zeros());
        fc2Weight = param("fc2.weight", Parameter.Type.WEIGHT, new Shape(width, hidden), Initializers.xavierUniform());
        fc2Bias = param("fc2.bias", Parameter.Type.BIAS, new Shape(width), Initializers.zeros());
    }

    /** Applies the MLP to the last axis of {@code x}. */
    public NDArray forward(NDArray x) {
        return mlp(x, weight(fc1Weight, x), weight(fc1Bias, x), weight(fc2Weight, x), weight(fc2Bias, x));
    }

    /**
     * The functional form: {@code gelu(x·W1ᵀ + b1)·W2ᵀ + b2}.
     *
     * @param x input [..., D]
     * @param fc1Weight [H, D]
     * @param fc1Bias [H]
     * @param fc2Weight [D, H]
     * @param fc2Bias [D]
     * @return [..., D]
     */
    public static NDArray mlp(NDArray x, NDArray fc1Weight, NDArray fc1Bias, NDArray fc2Weight, NDArray fc2Bias) {
        NDArray h = Activation.gelu(Layers.linear(x, fc1Weight, fc1Bias));
        return Layers.linear(h, fc2Weight, fc2Bias);
    }
}
