package org.simvtp.core.video;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.simvtp.core.masking.VideoMask;

/**
 * Picks tokens per sample along axis 1 of a {@code [B, N, D]} tensor, keeping the given (ascending) order, as
 * the reference does with boolean-mask indexing. Differentiable (a gather); results belong to the tokens'
 * manager.
 *
 * <pre>{@code
 * NDArray visible = TokenGather.visible(tokens, mask);   // encoder input [B, 160, D]
 * NDArray targets = TokenGather.masked(pixelTargets, mask); // loss targets [B, 1408, 1536]
 * }</pre>
 */
public final class TokenGather {

    private TokenGather() {}

    /**
     * Tokens at masked positions, ascending.
     *
     * @param tokens {@code [B, N, D]}
     * @param mask the batch mask; every sample must have the same masked count
     * @return {@code [B, masked, D]}
     */
    public static NDArray masked(NDArray tokens, VideoMask mask) {
        mask.maskedPerSample();
        return byIndices(tokens, mask.maskedIndices());
    }

    /**
     * Tokens at visible positions, ascending.
     *
     * @param tokens {@code [B, N, D]}
     * @param mask the batch mask; every sample must have the same visible count
     * @return {@code [B, visible, D]}
     */
    public static NDArray visible(NDArray tokens, VideoMask mask) {
        mask.maskedPerSample();
        return byIndices(tokens, mask.visibleIndices());
    }

    /**
     * Tokens at the given positions of each sample.
     *
     * @param tokens {@code [B, N, D]}
     * @param indices {@code [B][K]} token indices in {@code [0, N)}, same K for every sample
     * @return {@code [B, K, D]}
     */
    public static NDArray byIndices(NDArray tokens, int[][] indices) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 3) {
            throw new IllegalArgumentException("tokens must be [B, N, D], got " + shape);
        }
        long batch = shape.get(0);
        long n = shape.get(1);
        if (indices.length != batch) {
            throw new IllegalArgumentException("indices cover " + indices.length + " samples, tokens have " + batch);
        }
        int k = indices[0].length;
        long[] flat = new long[Math.multiplyExact(indices.length, k)];
        for (int b = 0; b < indices.length; b++) {
            if (indices[b].length != k) {
                throw new IllegalArgumentException(
                        "sample " + b + " selects " + indices[b].length + " tokens, sample 0 selects " + k);
            }
            for (int i = 0; i < k; i++) {
                int idx = indices[b][i];
                if (idx < 0 || idx >= n) {
                    throw new IllegalArgumentException(
                            "token index " + idx + " of sample " + b + " is outside [0, " + n + ")");
                }
                flat[b * k + i] = idx;
            }
        }
        try (NDManager sub = NDManager.subManagerOf(tokens)) {
            sub.tempAttachAll(tokens);
            NDArray index = sub.create(flat, new Shape(batch, k, 1))
                    .toType(DataType.INT64, false)
                    .broadcast(new Shape(batch, k, shape.get(2)))
                    // a native-owned copy: autograd keeps the index for backward, after this scope has closed
                    // the Java buffer the array was created from
                    .duplicate();
            return sub.ret(tokens.gather(index, 1));
        }
    }
}
