package org.simvtp.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Visible and masked token indices of a video mask [B, N] (non-zero = masked), each in ascending index order,
 * and gathers of token rows by those indices. Every sample must mask the same number of tokens, as tube
 * masking guarantees.
 *
 * <pre>{@code
 * TokenSelection sel = TokenSelection.of(mask);            // mask [B, N], 1 = masked
 * NDArray visible = sel.gatherVisible(tokens);             // [B, N, D] -> [B, Nv, D]
 * }</pre>
 */
public final class TokenSelection {

    private final NDArray visible;
    private final NDArray masked;

    private TokenSelection(NDArray visible, NDArray masked) {
        this.visible = visible;
        this.masked = masked;
    }

    /** Reads the mask (any numeric or boolean type) and builds int64 index arrays in the mask's manager. */
    public static TokenSelection of(NDArray mask) {
        Shape shape = mask.getShape();
        int batch = Math.toIntExact(shape.get(0));
        int tokens = Math.toIntExact(shape.get(1));
        int[] flags = mask.toType(DataType.INT32, false).toIntArray();
        int maskedPerSample = -1;
        long[] vis = null;
        long[] msk = null;
        for (int b = 0; b < batch; b++) {
            int count = 0;
            for (int n = 0; n < tokens; n++) {
                count += flags[b * tokens + n] != 0 ? 1 : 0;
            }
            if (maskedPerSample < 0) {
                maskedPerSample = count;
                vis = new long[batch * (tokens - count)];
                msk = new long[batch * count];
            } else if (count != maskedPerSample) {
                throw new IllegalArgumentException("sample " + b + " masks " + count + " tokens but sample 0 masks "
                        + maskedPerSample + "; every sample must mask the same number of tokens");
            }
            int v = b * (tokens - count);
            int m = b * count;
            for (int n = 0; n < tokens; n++) {
                if (flags[b * tokens + n] != 0) {
                    msk[m++] = n;
                } else {
                    vis[v++] = n;
                }
            }
        }
        NDManager manager = mask.getManager();
        return new TokenSelection(
                manager.create(vis, new Shape(batch, tokens - maskedPerSample)),
                manager.create(msk, new Shape(batch, maskedPerSample)));
    }

    /** Visible indices [B, Nv] (int64). */
    public NDArray visibleIndices() {
        return visible;
    }

    /** Masked indices [B, Nm] (int64). */
    public NDArray maskedIndices() {
        return masked;
    }

    /** Number of masked tokens per sample. */
    public int maskedCount() {
        return Math.toIntExact(masked.getShape().get(1));
    }

    /** Rows of {@code tokens} [B, N, D] at the visible indices: [B, Nv, D]. */
    public NDArray gatherVisible(NDArray tokens) {
        return gather(tokens, visible);
    }

    /** Rows of {@code tokens} [B, N, D] at the masked indices: [B, Nm, D]. */
    public NDArray gatherMasked(NDArray tokens) {
        return gather(tokens, masked);
    }

    /** Rows of {@code tokens} [B, N, D] (or [N, D], shared by the batch) at {@code indices} [B, K]: [B, K, D]. */
    public static NDArray gather(NDArray tokens, NDArray indices) {
        Shape idx = indices.getShape();
        NDArray source = tokens;
        long width = tokens.getShape().get(tokens.getShape().dimension() - 1);
        if (tokens.getShape().dimension() == 2) {
            source = tokens.expandDims(0).broadcast(new Shape(idx.get(0), tokens.getShape().get(0), width));
        }
        NDArray full = indices.expandDims(2).broadcast(new Shape(idx.get(0), idx.get(1), width));
        return source.gather(full, 1);
    }
}
