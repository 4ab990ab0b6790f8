package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.SinusoidTable;

/**
 * The SimVTP ViT encoder: tubelet embedding plus fixed sinusoid positions for video, a stack of
 * {@link VitBlock}s shared by video and text tokens, and a final LayerNorm.
 *
 * <p>Two layouts exist in the reference: the pre-training encoder normalises every token ({@code norm}, then
 * callers mean-pool), while each tower of the retrieval model mean-pools first and then normalises the pooled
 * vector ({@code fc_norm}) and also owns a BERT {@link TextEmbedding} ({@code text_embeddings}). Drop-path rates
 * grow linearly from 0 to {@code dropPathRate} over the blocks.
 *
 * <pre>{@code
 * VitEncoder encoder = VitEncoder.pretraining(SimvtpConfig.tiny());
 * encoder.initialize(manager);
 * NDArray tokens = encoder.embedVideo(video);                 // [B, N, D]
 * NDArray out = encoder.normTokens(encoder.blocks(tokens, null, false));
 * }</pre>
 */
public final class VitEncoder extends ReferenceBlock {

    /** Where the final LayerNorm sits. */
    public enum FinalNorm {
        /** {@code norm}: on every token (pre-training encoder). */
        PER_TOKEN,
        /** {@code fc_norm}: on the mean-pooled vector (retrieval towers). */
        POOLED
    }

    private final SimvtpConfig config;
    private final FinalNorm finalNorm;
    private final TubeletEmbedding patchEmbed;
    private final List<VitBlock> blocks;
    private final TextEmbedding textEmbeddings;
    private final Parameter normWeight;
    private final Parameter normBias;
    private final float[] positionTable;

    private VitEncoder(Builder b, SimvtpConfig config) {
        this.config = config;
        this.finalNorm = b.finalNorm;
        int width = config.encoderWidth();
        patchEmbed = child(
                "patch_embed",
                new TubeletEmbedding(config.channels(), width, config.tubeletSize(), config.patchSize()));
        List<VitBlock> list = new ArrayList<>();
        int depth = config.encoderDepth();
        for (int i = 0; i < depth; i++) {
            double rate = depth == 1 ? 0 : config.dropPathRate() * i / (depth - 1);
            list.add(child(
                    "blocks." + i,
                    VitBlock.builder()
                            .setWidth(width)
                            .setHeads(config.encoderHeads())
                            .optMlpRatio(config.mlpRatio())
                            .optEps(config.layerNormEps())
                            .optDropPath(rate)
                            .optQkvBias(b.qkvBias)
                            .build()));
        }
        blocks = Collections.unmodifiableList(list);
        String norm = finalNorm == FinalNorm.PER_TOKEN ? "norm" : "fc_norm";
        normWeight = param(norm + ".weight", Parameter.Type.GAMMA, new Shape(width), Initializers.ones());
        normBias = param(norm + ".bias", Parameter.Type.BETA, new Shape(width), Initializers.zeros());
        textEmbeddings = b.textEmbedding ? child("text_embeddings", newTextEmbedding(config)) : null;
        positionTable = SinusoidTable.values(config.numVideoTokens(), width);
    }

    /**
     * A builder: the configuration is required (video geometry, vocabulary, default encoder shape); every other
     * option overrides one of its values.
     *
     * <pre>{@code
     * VitEncoder encoder = VitEncoder.builder().setConfig(SimvtpConfig.small())
     *         .optDepth(6).optDropPathRate(0.1).optFinalNorm(VitEncoder.FinalNorm.PER_TOKEN).build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The pre-training encoder ({@code encoder.*}): per-token final norm, no text embedding of its own. */
    public static VitEncoder pretraining(SimvtpConfig config) {
        return builder().setConfig(config).build();
    }

    /** A retrieval tower ({@code video_encoder.*} / {@code text_encoder.*}): pooled final norm, own text embedding. */
    public static VitEncoder tower(SimvtpConfig config, double dropPathRate) {
        return builder()
                .setConfig(config)
                .optFinalNorm(FinalNorm.POOLED)
                .optTextEmbedding(true)
                .optDropPathRate(dropPathRate)
                .build();
    }

    /** A BERT embedding layer sized from the configuration (its width follows the encoder width). */
    public static TextEmbedding newTextEmbedding(SimvtpConfig config) {
        return new TextEmbedding(
                config.vocabSize(),
                config.maxTextPositions(),
                config.typeVocabSize(),
                config.encoderWidth(),
                config.textLayerNormEps(),
                config.textEmbeddingDropout());
    }

    /** Tubelet-embeds a normalised clip [B, C, T, H, W] and adds the sinusoid table: [B, N, D] (compute type). */
    public NDArray embedVideo(NDArray video) {
        NDArray tokens = patchEmbed.forward(video);
        return tokens.add(positions(tokens.getManager()));
    }

    /** The fixed sinusoid table [N, D] as a fresh array of the compute type in {@code manager}. */
    public NDArray positions(NDManager manager) {
        return Layers.table(
                manager, positionTable, new Shape(config.numVideoTokens(), config.encoderWidth()), computeType());
    }

    /** Embeds token ids with this tower's own text embedding (towers only). */
    public NDArray embedText(NDArray ids, boolean training) {
        if (textEmbeddings == null) {
            throw new IllegalStateException("the pre-training encoder has no text embedding of its own");
        }
        return textEmbeddings.forward(ids, training);
    }

    /** Runs every block: tokens [B, N, D] with an optional additive key mask [B, N]. */
    public NDArray blocks(NDArray tokens, NDArray keyMask, boolean training) {
        NDArray x = tokens;
        for (VitBlock block : blocks) {
            x = block.forward(x, keyMask, training);
        }
        return x;
    }

    /**
     * Runs every block over several independent batches of sequences in one go: their tokens are stacked as rows
     * so that every linear layer is one large matrix product instead of one per batch (attention stays within
     * each batch). The result equals {@code blocks(groups.get(g), keyMasks.get(g), training)} for every group up
     * to float rounding. Stochastic depth must be off.
     *
     * <pre>{@code
     * List<NDArray> out = encoder.blocksPacked(List.of(videoTokens, textTokens),
     *         Arrays.asList(null, textKeyMask), true);
     * }</pre>
     *
     * @param groups token batches [B_g, N_g, D], each in the same manager
     * @param keyMasks one additive key mask [B_g, N_g] or null per group (a list that may hold nulls)
     * @param training whether training
     * @return the groups' outputs [B_g, N_g, D], in order
     * @throws IllegalArgumentException if the lists differ in length or are empty
     * @throws IllegalStateException if stochastic depth is active in training
     */
    public List<NDArray> blocksPacked(List<NDArray> groups, List<NDArray> keyMasks, boolean training) {
        if (groups.isEmpty() || groups.size() != keyMasks.size()) {
            throw new IllegalArgumentException("need one key mask (or null) per group, got " + groups.size()
                    + " groups and " + keyMasks.size() + " masks");
        }
        List<Shape> shapes = new ArrayList<>();
        NDList rows = new NDList(groups.size());
        for (NDArray g : groups) {
            shapes.add(g.getShape());
            rows.add(g.reshape(-1, g.getShape().get(2)));
        }
        NDArray x = rows.size() == 1 ? rows.get(0) : NDArrays.concat(rows, 0);
        for (VitBlock block : blocks) {
            x = block.forwardRows(x, shapes, keyMasks, training);
        }
        List<NDArray> out = new ArrayList<>(groups.size());
        NDList parts = Layers.splitRows(x, shapes);
        for (int g = 0; g < parts.size(); g++) {
            out.add(parts.get(g).reshape(shapes.get(g)));
        }
        return out;
    }

    /** The per-token final LayerNorm ({@code norm}) of the pre-training encoder. */
    public NDArray normTokens(NDArray tokens) {
        requireNorm(FinalNorm.PER_TOKEN);
        return Layers.layerNorm(tokens, weight(normWeight, tokens), weight(normBias, tokens), config.layerNormEps());
    }

    /** Mean-pools [B, N, D] (over positions where {@code keep} is 1, or all when null) then applies {@code fc_norm}. */
    public NDArray poolAndNorm(NDArray tokens, NDArray keep) {
        requireNorm(FinalNorm.POOLED);
        return Layers.layerNorm(
                Layers.meanPool(tokens, keep),
                weight(normWeight, tokens),
                weight(normBias, tokens),
                config.layerNormEps());
    }

    private void requireNorm(FinalNorm expected) {
        if (finalNorm != expected) {
            throw new IllegalStateException("this encoder's final norm is " + finalNorm + ", not " + expected);
        }
    }

    /** The configuration this encoder was built from. */
    public SimvtpConfig config() {
        return config;
    }

    /** Token width D. */
    public int width() {
        return config.encoderWidth();
    }

    /** Number of blocks. */
    public int depth() {
        return blocks.size();
    }

    /** The blocks, in order. */
    public List<VitBlock> blockList() {
        return blocks;
    }

    /** Where the final LayerNorm sits. */
    public FinalNorm finalNorm() {
        return finalNorm;
    }

    /** Builder of {@link VitEncoder}. */
    public static final class Builder extends StackBuilder<Builder> {
        private Double mlpRatio;
        private Double normEps;
        private Double dropPathRate;
        private boolean qkvBias = true;
        private FinalNorm finalNorm = FinalNorm.PER_TOKEN;
        private boolean textEmbedding;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** MLP hidden width as a multiple of the width; default {@code config.mlpRatio()}. */
        public Builder optMlpRatio(double mlpRatio) {
            this.mlpRatio = mlpRatio;
            return this;
        }

        /** LayerNorm epsilon of the blocks and the final norm; default {@code config.layerNormEps()}. */
        public Builder optNormEps(double normEps) {
            this.normEps = normEps;
            return this;
        }

        /** Stochastic depth of the last block (linear from 0); default {@code config.dropPathRate()}. */
        public Builder optDropPathRate(double dropPathRate) {
            this.dropPathRate = dropPathRate;
            return this;
        }

        /** Learnable q/v biases in attention (the reference, default true). */
        public Builder optQkvBias(boolean qkvBias) {
            this.qkvBias = qkvBias;
            return this;
        }

        /** Where the final norm sits; default {@link FinalNorm#PER_TOKEN} (pre-training). */
        public Builder optFinalNorm(FinalNorm finalNorm) {
            this.finalNorm = java.util.Objects.requireNonNull(finalNorm, "finalNorm");
            return this;
        }

        /** Whether the encoder owns a text embedding (retrieval towers); default false. */
        public Builder optTextEmbedding(boolean textEmbedding) {
            this.textEmbedding = textEmbedding;
            return this;
        }

        private SimvtpConfig effectiveConfig() {
            SimvtpConfig.Builder b = requireConfig("VitEncoder").toBuilder();
            if (width() != null) {
                b.optEncoderWidth(width());
            }
            if (depth() != null) {
                b.optEncoderDepth(depth());
            }
            if (heads() != null) {
                b.optEncoderHeads(heads());
            }
            if (mlpRatio != null) {
                b.optMlpRatio(mlpRatio);
            }
            if (normEps != null) {
                b.optLayerNormEps(normEps);
            }
            if (dropPathRate != null) {
                b.optDropPathRate(dropPathRate);
            }
            return b.build();
        }

        /**
         * Validates (through the configuration's checks, e.g. width divisible by heads) and builds.
         *
         * @throws IllegalArgumentException naming the problem
         */
        public VitEncoder build() {
            return new VitEncoder(this, effectiveConfig());
        }
    }
}
