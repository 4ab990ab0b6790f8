package org.simvtp.train.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fine-tuning batch of matching (clip, caption) pairs on the host.
 *
 * @param video ImageNet-normalised clips, row-major [B, C, T, H, W]
 * @param videoShape the five dimensions of {@code video}
 * @param inputIds caption ids [B][L], padded to the batch's longest
 * @param attentionMask 1 = real token, 0 = padding [B][L]
 */
@SuppressWarnings("ArrayRecordComponent") // a carrier of bulk arrays, never compared or hashed
public record RetrievalBatch(float[] video, long[] videoShape, long[][] inputIds, long[][] attentionMask) {

    /** Checks that the parts agree on the batch size. */
    public RetrievalBatch {
        if (inputIds.length != videoShape[0] || attentionMask.length != videoShape[0]) {
            throw new IllegalArgumentException("batch parts disagree on the batch size " + videoShape[0]);
        }
    }

    /** Batch size B. */
    public int size() {
        return (int) videoShape[0];
    }

    /** Splits into {@code parts} equal shards. */
    public List<RetrievalBatch> split(int parts) {
        if (size() % parts != 0) {
            throw new IllegalArgumentException("batch of " + size() + " cannot be split evenly into " + parts);
        }
        int per = size() / parts;
        int clip = video.length / size();
        List<RetrievalBatch> out = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            long[] shape = videoShape.clone();
            shape[0] = per;
            out.add(new RetrievalBatch(
                    Arrays.copyOfRange(video, i * per * clip, (i + 1) * per * clip),
                    shape,
                    Arrays.copyOfRange(inputIds, i * per, (i + 1) * per),
                    Arrays.copyOfRange(attentionMask, i * per, (i + 1) * per)));
        }
        return out;
    }

    /** The clips as an array in {@code manager}. */
    public NDArray videoArray(NDManager manager) {
        return manager.create(video, new Shape(videoShape));
    }

    /** The ids as an int64 [B, L] array in {@code manager}. */
    public NDArray idsArray(NDManager manager) {
        return matrix(manager, inputIds);
    }

    /** The attention mask as an int64 [B, L] array in {@code manager}. */
    public NDArray maskArray(NDManager manager) {
        return matrix(manager, attentionMask);
    }

    private static NDArray matrix(NDManager manager, long[][] rows) {
        int cols = rows[0].length;
        long[] flat = new long[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return manager.create(flat, new Shape(rows.length, cols));
    }
}
