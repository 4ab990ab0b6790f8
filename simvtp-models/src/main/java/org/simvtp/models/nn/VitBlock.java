package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * The pre-norm ViT block of VideoMAE/SimVTP: {@code x + attn(norm1(x))}, then {@code x + mlp(norm2(x))}, with
 * optional stochastic depth on both residual branches.
 *
 * <p>Assembled from named parts: {@link LayerNormBlock} {@code norm1}/{@code norm2}, {@link Attention}
 * {@code attn} (fused qkv, q/v bias, optional additive key mask) and {@link Mlp} {@code mlp} (exact GELU).
 * Reference names: {@code norm1.*, attn.q_bias, attn.v_bias, attn.qkv.weight, attn.proj.*, norm2.*, mlp.fc1.*,
 * mlp.fc2.*}.
 *
 * <pre>{@code
 * VitBlock block = VitBlock.builder().setWidth(768).setHeads(12).build();
 * block.initialize(manager);
 * NDArray y = block.forward(x, keyMask, false); // x [B, N, 768], keyMask [B, N] or null
 * block.attention();                             // the attention part, e.g. for inspection
 * }</pre>
 */
public final class VitBlock extends ReferenceBlock {

    private final int width;
    private final double dropPath;
    private final LayerNormBlock norm1;
    private final Attention attn;
    private final LayerNormBlock norm2;
    private final Mlp mlp;

    private VitBlock(Builder b) {
        width = b.width;
        dropPath = b.dropPath;
        norm1 = child("norm1", new LayerNormBlock(width, b.eps));
        attn = child(
                "attn",
                Attention.builder()
                        .setWidth(width)
                        .setHeads(b.heads)
                        .optQkvBias(b.qkvBias)
                        .build());
        norm2 = child("norm2", new LayerNormBlock(width, b.eps));
        mlp = child("mlp", new Mlp(width, (int) (b.width * b.mlpRatio)));
    }

    /** A builder; width and heads are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The attention part ({@code attn}). */
    public Attention attention() {
        return attn;
    }

    /** The MLP part ({@code mlp}). */
    public Mlp mlp() {
        return mlp;
    }

    /**
     * Runs the block.
     *
     * @param x tokens [B, N, D]
     * @param keyMask additive key mask [B, N], or null for none
     * @param training whether stochastic depth is active
     * @return tokens [B, N, D]
     */
    public NDArray forward(NDArray x, NDArray keyMask, boolean training) {
        x = x.add(Layers.dropPath(attn.forward(norm1.forward(x), keyMask), dropPath, training));
        return x.add(Layers.dropPath(mlp.forward(norm2.forward(x)), dropPath, training));
    }

    /**
     * Runs the block on the tokens of several independent groups of sequences at once, stacked as rows: the
     * per-token layers (norms, projections, MLP) run once on all rows, so their matrix products are as large
     * as possible; attention runs within each group. Gives each group's {@link #forward} result up to float
     * rounding. Stochastic depth is not supported here (its per-sample draws belong to one group).
     *
     * @param rows tokens of all groups, [R, D] with R = Σ B_g·N_g, group after group
     * @param groups the groups' shapes, in row order
     * @param keyMasks one additive key mask [B_g, N_g] or null per group
     * @param training whether training (stochastic depth must then be 0)
     * @return rows [R, D]
     * @throws IllegalStateException if stochastic depth is active
     */
    public NDArray forwardRows(NDArray rows, List<Shape> groups, List<NDArray> keyMasks, boolean training) {
        if (training && dropPath > 0) {
            throw new IllegalStateException("packed blocks do not support stochastic depth (rate " + dropPath + ")");
        }
        rows = rows.add(attn.forwardRows(norm1.forward(rows), groups, keyMasks));
        return rows.add(mlp.forward(norm2.forward(rows)));
    }

    /** Token width D. */
    public int width() {
        return width;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Builder of {@link VitBlock}. */
    public static final class Builder {
        private int width;
        private int heads;
        private double mlpRatio = 4.0;
        private double eps = 1e-6;
        private double dropPath;
        private boolean qkvBias = true;

        private Builder() {}

        /** Token width D (required). */
        public Builder setWidth(int width) {
            this.width = width;
            return this;
        }

        /** Number of attention heads (required, divides the width). */
        public Builder setHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /** MLP hidden width as a multiple of D; default 4. */
        public Builder optMlpRatio(double mlpRatio) {
            this.mlpRatio = mlpRatio;
            return this;
        }

        /** LayerNorm epsilon; default 1e-6. */
        public Builder optEps(double eps) {
            this.eps = eps;
            return this;
        }

        /** Stochastic-depth rate of this block; default 0. */
        public Builder optDropPath(double dropPath) {
            this.dropPath = dropPath;
            return this;
        }

        /** Learnable q/v biases in attention (the reference, default true). */
        public Builder optQkvBias(boolean qkvBias) {
            this.qkvBias = qkvBias;
            return this;
        }

        /** Validates and builds. */
        public VitBlock build() {
            if (width <= 0 || heads <= 0 || width % heads != 0) {
                throw new IllegalArgumentException(
                        "VitBlock needs width > 0 divisible by heads > 0, got width " + width + ", heads " + heads);
            }
            if (dropPath < 0 || dropPath >= 1) {
                throw new IllegalArgumentException("dropPath must be in [0, 1), got " + dropPath);
            }
            if (!(mlpRatio > 0)) {
                throw new IllegalArgumentException("mlpRatio must be positive, got " + mlpRatio);
            }
            return new VitBlock(this);
        }
    }
}
