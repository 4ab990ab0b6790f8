package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.SinusoidTable;

/**
 * The MAE-style pixel decoder of pre-training (called {@code decoder} in the reference; not to be confused with
 * the FFmpeg video decoder of {@code simvtp-data}): {@link VitBlock}s over all N video tokens (no text, no mask),
 * then LayerNorm and a linear head predicting the {@code patchDim} pixel values of the last {@code returnTokens}
 * tokens (the masked ones, which callers place last). Reference names {@code blocks.j.*}, {@code norm.*},
 * {@code head.*}.
 *
 * <pre>{@code
 * PixelDecoder decoder = PixelDecoder.builder().setConfig(SimvtpConfig.tiny()).optDepth(1).build();
 * decoder.initialize(manager);
 * NDArray pred = decoder.forward(tokens, numMasked, false); // [B, N, Dd] -> [B, numMasked, patchDim]
 * }</pre>
 */
public final class PixelDecoder extends ReferenceBlock {

    private final SimvtpConfig config;
    private final List<VitBlock> blocks;
    private final Parameter normWeight;
    private final Parameter normBias;
    private final Parameter headWeight;
    private final Parameter headBias;
    private final float[] positionTable;

    /** Creates the reference decoder of {@code config}: {@code decoderDepth} blocks of width {@code decoderWidth}. */
    public PixelDecoder(SimvtpConfig config) {
        this.config = config;
        int width = config.decoderWidth();
        List<VitBlock> list = new ArrayList<>();
        for (int i = 0; i < config.decoderDepth(); i++) {
            list.add(child(
                    "blocks." + i,
                    VitBlock.builder()
                            .setWidth(width)
                            .setHeads(config.decoderHeads())
                            .optMlpRatio(config.mlpRatio())
                            .optEps(config.layerNormEps())
                            .build()));
        }
        blocks = Collections.unmodifiableList(list);
        normWeight = param("norm.weight", Parameter.Type.GAMMA, new Shape(width), Initializers.ones());
        normBias = param("norm.bias", Parameter.Type.BETA, new Shape(width), Initializers.zeros());
        headWeight = param(
                "head.weight",
                Parameter.Type.WEIGHT,
                new Shape(config.patchDim(), width),
                Initializers.xavierUniform());
        headBias = param("head.bias", Parameter.Type.BIAS, new Shape(config.patchDim()), Initializers.zeros());
        positionTable = SinusoidTable.values(config.numVideoTokens(), width);
    }

    /** The decoder's fixed sinusoid table [N, Dd] as a fresh array of the compute type in {@code manager}. */
    public NDArray positions(NDManager manager) {
        return Layers.table(
                manager, positionTable, new Shape(config.numVideoTokens(), config.decoderWidth()), computeType());
    }

    /**
     * Decodes.
     *
     * @param tokens decoder input [B, N, Dd], visible tokens first, masked tokens last
     * @param returnTokens how many trailing tokens to predict
     * @param training unused (the decoder has no dropout), kept for symmetry
     * @return pixel predictions [B, returnTokens, patchDim]
     */
    public NDArray forward(NDArray tokens, int returnTokens, boolean training) {
        NDArray x = tokens;
        for (VitBlock block : blocks) {
            x = block.forward(x, null, training);
        }
        long n = x.getShape().get(1);
        x = x.get(new NDIndex(":, {}:", n - returnTokens));
        x = Layers.layerNorm(x, weight(normWeight, x), weight(normBias, x), config.layerNormEps());
        return Layers.linear(x, weight(headWeight, x), weight(headBias, x));
    }

    /** The configuration (its decoder fields describe this decoder). */
    public SimvtpConfig config() {
        return config;
    }

    /** Decoder width Dd. */
    public int width() {
        return config.decoderWidth();
    }

    /** A builder: the configuration is required, width, depth and heads default to its decoder fields. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link PixelDecoder}: width, depth and heads default to the configuration's decoder fields. */
    public static final class Builder extends StackBuilder<Builder> {

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Validates (through the configuration's own checks) and builds. */
        public PixelDecoder build() {
            SimvtpConfig.Builder b = requireConfig("PixelDecoder").toBuilder();
            if (width() != null) {
                b.optDecoderWidth(width());
            }
            if (depth() != null) {
                b.optDecoderDepth(depth());
            }
            if (heads() != null) {
                b.optDecoderHeads(heads());
            }
            return new PixelDecoder(b.build());
        }
    }
}
