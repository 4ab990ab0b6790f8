package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Multi-head self-attention of VideoMAE/SimVTP: {@code softmax(q·kᵀ/√d + mask)·v} per head, then an output
 * projection.
 *
 * <p>One fused {@code qkv} projection without bias; with the reference's {@code qkv_bias=True} there are learnable
 * {@code q_bias} and {@code v_bias} and the key bias is fixed at zero ({@link Builder#optQkvBias}). The optional
 * additive key mask [B, N] (0 = attend, −10000 = padding) broadcasts over heads and queries. Reference names
 * {@code q_bias, v_bias, qkv.weight, proj.weight, proj.bias}. Long sequences attend in chunks of (batch, head)
 * pairs so no logits tensor exceeds 16 MB; the values are the same.
 *
 * <pre>{@code
 * Attention attn = Attention.builder().setWidth(384).setHeads(6).build();
 * attn.initialize(manager);
 * NDArray y = attn.forward(x, keyMask); // x [B, N, 384], keyMask [B, N] or null
 * // the same math with explicit tensors, e.g. from a checkpoint:
 * NDArray z = Attention.attention(x, qkvWeight, qBias, vBias, keyMask, 6, projWeight, projBias);
 * }</pre>
 */
public final class Attention extends ReferenceBlock {

    /** Attention logits computed at once at most (4 Mi values = 16 MB of float32); more go in chunks. */
    static final long MAX_LOGITS_PER_CHUNK = 1L << 22;

    private final int width;
    private final int heads;
    private final Parameter qBias;
    private final Parameter vBias;
    private final Parameter qkvWeight;
    private final Parameter projWeight;
    private final Parameter projBias;

    private Attention(Builder b) {
        width = b.width;
        heads = b.heads;
        qBias = b.qkvBias ? param("q_bias", Parameter.Type.BIAS, new Shape(width), Initializers.zeros()) : null;
        vBias = b.qkvBias ? param("v_bias", Parameter.Type.BIAS, new Shape(width), Initializers.zeros()) : null;
        qkvWeight =
                param("qkv.weight", Parameter.Type.WEIGHT, new Shape(3L * width, width), Initializers.xavierUniform());
        projWeight = param("proj.weight", Parameter.Type.WEIGHT, new Shape(width, width), Initializers.xavierUniform());
        projBias = param("proj.bias", Parameter.Type.BIAS, new Shape(width), Initializers.zeros());
    }

    /** A builder; width and heads are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Token width D. */
    public int width() {
        return width;
    }

    /** Number of heads. */
    public int heads() {
        return heads;
    }

    /**
     * Attends over the tokens of each sequence.
     *
     * @param x tokens [B, N, D]
     * @param keyMask additive key mask [B, N], or null
     * @return [B, N, D]
     */
    public NDArray forward(NDArray x, NDArray keyMask) {
        Shape s = x.getShape();
        NDArray out = attend(project(x), s.get(0), s.get(1), heads, keyMask);
        return Layers.linear(out, weight(projWeight, x), weight(projBias, x));
    }

    /**
     * Attends within each of several groups of sequences whose tokens are stacked as rows: the projections run
     * once over all rows (one large matrix product each), attention within each group.
     *
     * @param rows tokens of all groups [R, D], R = Σ B_g·N_g, group after group
     * @param groups the groups' shapes [B_g, N_g, D], in row order
     * @param keyMasks one additive key mask [B_g, N_g] or null per group
     * @return rows [R, D]
     */
    public NDArray forwardRows(NDArray rows, List<Shape> groups, List<NDArray> keyMasks) {
        NDList parts = Layers.splitRows(project(rows), groups);
        NDList attended = new NDList(parts.size());
        for (int g = 0; g < parts.size(); g++) {
            Shape group = groups.get(g);
            attended.add(attend(parts.get(g), group.get(0), group.get(1), heads, keyMasks.get(g))
                    .reshape(-1, width));
        }
        NDArray h = attended.size() == 1 ? attended.get(0) : NDArrays.concat(attended, 0);
        return Layers.linear(h, weight(projWeight, rows), weight(projBias, rows));
    }

    private NDArray project(NDArray x) {
        NDArray bias = qBias == null ? null : qkvBias(weight(qBias, x), weight(vBias, x), x);
        return Layers.linear(x, weight(qkvWeight, x), bias);
    }

    /**
     * The functional form of the block (reference layout, q/v bias and zero k bias).
     *
     * @param x tokens [B, N, D]
     * @param qkvWeight fused projection [3D, D], rows q then k then v, head-major inside each
     * @param qBias query bias [D], or null together with {@code vBias} for no bias
     * @param vBias value bias [D], or null
     * @param keyMask additive key mask [B, N], or null; cast to the type of {@code x}
     * @param heads number of heads
     * @param projWeight output projection [D, D]
     * @param projBias output bias [D]
     * @return [B, N, D]
     */
    public static NDArray attention(
            NDArray x,
            NDArray qkvWeight,
            NDArray qBias,
            NDArray vBias,
            NDArray keyMask,
            int heads,
            NDArray projWeight,
            NDArray projBias) {
        Shape s = x.getShape();
        NDArray qkv = Layers.linear(x, qkvWeight, qBias == null ? null : qkvBias(qBias, vBias, x));
        return Layers.linear(attend(qkv, s.get(0), s.get(1), heads, keyMask), projWeight, projBias);
    }

    /** The reference's qkv bias (q_bias, zeros, v_bias), [3D], owned by {@code like}'s manager. */
    private static NDArray qkvBias(NDArray qBias, NDArray vBias, NDArray like) {
        NDManager m = like.getManager();
        NDArray bias = NDArrays.concat(
                new NDList(qBias, m.zeros(qBias.getShape(), qBias.getDataType(), qBias.getDevice()), vBias));
        bias.attach(m); // a result belongs to its first operand's (here: the weights') manager
        return bias;
    }

    /**
     * Scaled dot-product attention of projected tokens: {@code qkv} holds [B, N, 3D] or [B·N, 3D] values (q, k,
     * v, heads major inside each); returns the heads' outputs concatenated, [B, N, D], before the projection.
     */
    static NDArray attend(NDArray qkv, long batch, long tokens, int heads, NDArray keyMask) {
        long dim = qkv.getShape().get(qkv.getShape().dimension() - 1) / 3;
        long headDim = dim / heads;
        // [B, N, 3, H, d] → [3, B, H, N, d]
        NDList split = qkv.reshape(batch, tokens, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4)
                .split(3, 0);
        NDArray q = split.get(0).squeeze(0).mul(Layers.scalar(qkv, 1.0 / Math.sqrt((double) headDim)));
        NDArray k = split.get(1).squeeze(0);
        NDArray v = split.get(2).squeeze(0);
        NDArray mask =
                keyMask == null ? null : keyMask.toType(q.getDataType(), false).reshape(batch, 1, 1, tokens);
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
            NDList ms = mask == null
                    ? null
                    : mask.broadcast(new Shape(batch, heads, 1, tokens))
                            .reshape(pairs, 1, tokens)
                            .split(bounds, 0);
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

    /** Builder of {@link Attention}. */
    public static final class Builder {
        private int width;
        private int heads;
        private boolean qkvBias = true;

        private Builder() {}

        /** Token width D (required). */
        public Builder setWidth(int width) {
            this.width = width;
            return this;
        }

        /** Number of heads (required, divides the width). */
        public Builder setHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Learnable q and v biases with a zero k bias (the reference, default true); false: no bias. */
        public Builder optQkvBias(boolean qkvBias) {
            this.qkvBias = qkvBias;
            return this;
        }

        /** Validates and builds. */
        public Attention build() {
            if (width <= 0 || heads <= 0 || width % heads != 0) {
                throw new IllegalArgumentException(
                        "Attention needs width > 0 divisible by heads > 0, got width " + width + ", heads " + heads);
            }
            return new Attention(this);
        }
    }
}
