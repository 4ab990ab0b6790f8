package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * The pre-norm ViT block of VideoMAE/SimVTP: {@code x + attn(LN₁(x))}, then {@code x + mlp(LN₂(x))}.
 *
 * <p>Attention has a fused qkv projection without bias plus separate learnable {@code q_bias} and
 * {@code v_bias} (the key bias is fixed at zero), scale {@code headDim^−½} applied to q, and an optional
 * additive key mask [B, N] (0 = attend, −10000 = padding) broadcast over heads and queries. The MLP is
 * Linear → exact (erf) GELU → Linear. Optional stochastic depth on both residual branches.
 * Reference names: {@code norm1, attn.qkv.weight, attn.q_bias, attn.v_bias, attn.proj, norm2, mlp.fc1, mlp.fc2}.
 *
 * <pre>{@code
 * VitBlock block = VitBlock.builder().width(768).heads(12).build();
 * block.initialize(manager);
 * NDArray y = block.forward(x, keyMask, false); // x [B, N, 768], keyMask [B, N] or null
 * }</pre>
 */
public final class VitBlock extends ReferenceBlock {

    private final int width;
    private final int heads;
    private final double eps;
    private final double dropPath;
    private final Parameter norm1Weight;
    private final Parameter norm1Bias;
    private final Parameter qkvWeight;
    private final Parameter qBias;
    private final Parameter vBias;
    private final Parameter projWeight;
    private final Parameter projBias;
    private final Parameter norm2Weight;
    private final Parameter norm2Bias;
    private final Parameter fc1Weight;
    private final Parameter fc1Bias;
    private final Parameter fc2Weight;
    private final Parameter fc2Bias;

    private VitBlock(Builder b) {
        width = b.width;
        heads = b.heads;
        eps = b.eps;
        dropPath = b.dropPath;
        int hidden = (int) (b.width * b.mlpRatio);
        norm1Weight = param("norm1.weight", Parameter.Type.GAMMA, new Shape(width), Initializers.ones());
        norm1Bias = param("norm1.bias", Parameter.Type.BETA, new Shape(width), Initializers.zeros());
        qBias = param("attn.q_bias", Parameter.Type.BIAS, new Shape(width), Initializers.zeros());
        vBias = param("attn.v_bias", Parameter.Type.BIAS, new Shape(width), Initializers.zeros());
        qkvWeight = param("attn.qkv.weight", Parameter.Type.WEIGHT, new Shape(3L * width, width),
                Initializers.xavierUniform());
        projWeight = param("attn.proj.weight", Parameter.Type.WEIGHT, new Shape(width, width),
                Initializers.xavierUniform());
        projBias = param("attn.proj.bias", Parameter.Type.BIAS, new Shape(width), Initializers.zeros());
        norm2Weight = param("norm2.weight", Parameter.Type.GAMMA, new Shape(width), Initializers.ones());
        norm2Bias = param("norm2.bias", Parameter.Type.BETA, new Shape(width), Initializers.zeros());
        fc1Weight = param("mlp.fc1.weight", Parameter.Type.WEIGHT, new Shape(hidden, width),
                Initializers.xavierUniform());
        fc1Bias = param("mlp.fc1.bias", Parameter.Type.BIAS, new Shape(hidden), Initializers.zeros());
        fc2Weight = param("mlp.fc2.weight", Parameter.Type.WEIGHT, new Shape(width, hidden),
                Initializers.xavierUniform());
        fc2Bias = param("mlp.fc2.bias", Parameter.Type.BIAS, new Shape(width), Initializers.zeros());
    }

    /** A builder; {@code width} and {@code heads} are required. */
    public static Builder builder() {
        return new Builder();
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
        NDArray h = Layers.layerNorm(x, weight(norm1Weight, x), weight(norm1Bias, x), eps);
        h = attention(h, weight(qkvWeight, x), weight(qBias, x), weight(vBias, x), keyMask, heads,
                weight(projWeight, x), weight(projBias, x));
        x = x.add(Layers.dropPath(h, dropPath, training));
        return x.add(Layers.dropPath(mlp(x), dropPath, training));
    }

    /** The MLP branch {@code fc2(gelu(fc1(norm2(x))))}, over the last axis. */
    private NDArray mlp(NDArray x) {
        NDArray h = Layers.layerNorm(x, weight(norm2Weight, x), weight(norm2Bias, x), eps);
        h = Activation.gelu(Layers.linear(h, weight(fc1Weight, x), weight(fc1Bias, x)));
        return Layers.linear(h, weight(fc2Weight, x), weight(fc2Bias, x));
    }

    /**
     * Runs the block on the tokens of several independent groups of sequences at once, stacked as rows: the
     * per-token layers (LayerNorms, projections, MLP) run once on all rows, so their matrix products are as large
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
        NDArray h = Layers.layerNorm(rows, weight(norm1Weight, rows), weight(norm1Bias, rows), eps);
        NDArray qkv = Layers.linear(h, weight(qkvWeight, rows),
                qkvBias(weight(qBias, rows), weight(vBias, rows), rows));
        NDList parts = Layers.splitRows(qkv, groups);
        NDList attended = new NDList(parts.size());
        for (int g = 0; g < parts.size(); g++) {
            Shape group = groups.get(g);
            attended.add(attend(parts.get(g), group.get(0), group.get(1), heads, keyMasks.get(g))
                    .reshape(-1, width));
        }
        h = attended.size() == 1 ? attended.get(0) : NDArrays.concat(attended, 0);
        rows = rows.add(Layers.linear(h, weight(projWeight, rows), weight(projBias, rows)));
        return rows.add(mlp(rows));
    }

    /**
     * Multi-head self-attention with q/v bias and zero k bias (the functional form of the block's attention).
     *
     * @param x tokens [B, N, D]
     * @param qkvWeight fused projection [3D, D], rows q then k then v, head-major inside each
     * @param qBias query bias [D]
     * @param vBias value bias [D]
     * @param keyMask additive key mask [B, N], or null; cast to the type of {@code x}
     * @param heads number of heads
     * @param projWeight output projection [D, D]
     * @param projBias output bias [D]
     * @return [B, N, D]
     */
    public static NDArray attention(NDArray x, NDArray qkvWeight, NDArray qBias, NDArray vBias, NDArray keyMask,
            int heads, NDArray projWeight, NDArray projBias) {
        Shape s = x.getShape();
        NDArray qkv = Layers.linear(x, qkvWeight, qkvBias(qBias, vBias, x));
        NDArray out = attend(qkv, s.get(0), s.get(1), heads, keyMask);
        return Layers.linear(out, projWeight, projBias);
    }

    /** The reference's qkv bias (q_bias, zeros, v_bias), [3D], owned by {@code like}'s manager. */
    private static NDArray qkvBias(NDArray qBias, NDArray vBias, NDArray like) {
        NDManager m = like.getManager();
        NDArray bias = NDArrays.concat(new NDList(qBias,
                m.zeros(qBias.getShape(), qBias.getDataType(), qBias.getDevice()), vBias));
        bias.attach(m); // a result belongs to its first operand's (here: the weights') manager
        return bias;
    }

    /**
     * Scaled dot-product attention of projected tokens: {@code qkv} holds [B·N or B, N, 3D] rows (q, k, v, heads
     * major inside each); returns the heads' outputs concatenated, [B, N, D], before the output projection.
     */
    /** Attention logits computed at once at most (4 Mi values = 16 MB of float32); more go in chunks. */
    static final long MAX_LOGITS_PER_CHUNK = 1L << 22;

    private static NDArray attend(NDArray qkv, long batch, long tokens, int heads, NDArray keyMask) {
        long dim = qkv.getShape().get(qkv.getShape().dimension() - 1) / 3;
        long headDim = dim / heads;
        // [B, N, 3, H, d] → [3, B, H, N, d]
        NDList split = qkv.reshape(batch, tokens, 3, heads, headDim).transpose(2, 0, 3, 1, 4).split(3, 0);
        NDArray q = split.get(0).squeeze(0).mul(Layers.scalar(qkv, 1.0 / Math.sqrt(headDim)));
        NDArray k = split.get(1).squeeze(0);
        NDArray v = split.get(2).squeeze(0);
        NDArray mask = keyMask == null ? null
                : keyMask.toType(q.getDataType(), false).reshape(batch, 1, 1, tokens);
        long pairs = batch * heads;
        long pairsPerChunk = Math.max(1, MAX_LOGITS_PER_CHUNK / (tokens * tokens));
        NDArray out;
        if (pairs <= pairsPerChunk) {
            out = softmaxAttention(q, k, v, mask);
        } else {
            // Long sequences (ViT-B clips: 12 heads × 1568² logits = 118 MB per clip and layer): the (batch, head)
            // pairs are independent, so attend over groups of them. Every chunk's logits stay below 16 MB, which
            // glibc serves from reused heap memory instead of fresh, page-faulted mappings; results are the same.
            // One split per operand (its gradient is one concatenation, not a zero-filled copy per chunk).
            long[] bounds = new long[(int) ((pairs - 1) / pairsPerChunk)];
            for (int i = 0; i < bounds.length; i++) {
                bounds[i] = (i + 1) * pairsPerChunk;
            }
            NDList qs = q.reshape(pairs, tokens, headDim).split(bounds, 0);
            NDList ks = k.reshape(pairs, tokens, headDim).split(bounds, 0);
            NDList vs = v.reshape(pairs, tokens, headDim).split(bounds, 0);
            NDList ms = mask == null ? null
                    : mask.broadcast(new Shape(batch, heads, 1, tokens)).reshape(pairs, 1, tokens).split(bounds, 0);
            NDList outputs = new NDList(qs.size());
            for (int c = 0; c < qs.size(); c++) {
                outputs.add(softmaxAttention(qs.get(c), ks.get(c), vs.get(c), ms == null ? null : ms.get(c)));
            }
            out = NDArrays.concat(outputs, 0).reshape(batch, heads, tokens, headDim);
        }
        return out.transpose(0, 2, 1, 3).reshape(batch, tokens, dim);
    }

    /** {@code softmax(q·kᵀ + mask)·v} over the last two axes; {@code mask} broadcasts over the rows, or is null. */
    private static NDArray softmaxAttention(NDArray q, NDArray k, NDArray v, NDArray mask) {
        int last = q.getShape().dimension() - 1;
        NDArray logits = q.matMul(k.swapAxes(last - 1, last));
        if (mask != null) {
            logits = logits.add(mask);
        }
        return logits.softmax(-1).matMul(v);
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

        private Builder() {}

        /** Token width D (required). */
        public Builder width(int width) {
            this.width = width;
            return this;
        }

        /** Number of attention heads (required, divides the width). */
        public Builder heads(int heads) {
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

        /** Validates and builds. */
        public VitBlock build() {
            if (width <= 0 || heads <= 0 || width % heads != 0) {
                throw new IllegalArgumentException(
                        "VitBlock needs width > 0 divisible by heads > 0, got width " + width + ", heads " + heads);
            }
            if (dropPath < 0 || dropPath >= 1) {
                throw new IllegalArgumentException("dropPath must be in [0, 1), got " + dropPath);
            }
            return new VitBlock(this);
        }
    }
}
