package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Tubelet embedding: a Conv3d with kernel = stride = (tubelet, patch, patch) mapping a clip [B, C, T, H, W] to
 * tokens [B, N, D] in (t', h', w') order (time outermost, width innermost). Reference names
 * {@code proj.weight} [D, C, t, p, p] and {@code proj.bias} [D].
 *
 * <pre>{@code
 * TubeletEmbedding embed = new TubeletEmbedding(3, 768, 2, 16);
 * NDArray tokens = embed.forward(video); // [B, 3, 16, 224, 224] -> [B, 1568, 768]
 * }</pre>
 */
public final class TubeletEmbedding extends ReferenceBlock {

    private final Shape kernel;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates the embedding.
     *
     * @param channels input channels C
     * @param width token width D
     * @param tubelet temporal kernel t
     * @param patch spatial kernel p
     */
    public TubeletEmbedding(int channels, int width, int tubelet, int patch) {
        kernel = new Shape(tubelet, patch, patch);
        long fanIn = (long) channels * tubelet * patch * patch;
        weight = param(
                "proj.weight",
                Parameter.Type.WEIGHT,
                new Shape(width, channels, tubelet, patch, patch),
                Initializers.torchDefault(fanIn));
        bias = param("proj.bias", Parameter.Type.BIAS, new Shape(width), Initializers.torchDefault(fanIn));
    }

    /** Embeds a clip [B, C, T, H, W] (cast to the compute type first) into tokens [B, N, D]. */
    public NDArray forward(NDArray video) {
        NDArray x = video.toType(computeType(), false);
        NDArray out =
                Conv3d.conv3d(x, weight(weight, x), weight(bias, x), kernel).singletonOrThrow();
        Shape s = out.getShape();
        return out.reshape(s.get(0), s.get(1), -1).transpose(0, 2, 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.head()));
    }
}
