package org.simvtp.train.pretrain;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.simvtp.core.masking.VideoMask;
import org.simvtp.models.PretrainInputs;

/**
 * A masked pre-training batch on the host: clips, tube mask and masked captions as plain arrays, so it can be
 * split between replicas and copied to any device.
 *
 * @param video ImageNet-normalised clips, row-major [B, C, T, H, W]
 * @param videoShape the five dimensions of {@code video}
 * @param mask tube mask, true = masked
 * @param inputIds masked caption ids [B][L]
 * @param attentionMask 1 = real token, 0 = padding [B][L]
 * @param mlmLabels original id at masked positions, −100 elsewhere [B][L]
 */
@SuppressWarnings("ArrayRecordComponent") // a carrier of bulk arrays, never compared or hashed
public record PretrainBatch(
        float[] video,
        long[] videoShape,
        VideoMask mask,
        long[][] inputIds,
        long[][] attentionMask,
        long[][] mlmLabels) {

    /** Checks that all parts agree on the batch size. */
    public PretrainBatch {
        int b = (int) videoShape[0];
        if (mask.batchSize() != b || inputIds.length != b || attentionMask.length != b || mlmLabels.length != b) {
            throw new IllegalArgumentException("batch parts disagree on the batch size " + b);
        }
        if (video.length != Arrays.stream(videoShape).reduce(1, (x, y) -> x * y)) {
            throw new IllegalArgumentException(
                    "video has " + video.length + " values, shape " + Arrays.toString(videoShape));
        }
    }

    /** Batch size B. */
    public int size() {
        return (int) videoShape[0];
    }

    /** Samples [from, to) as a new batch. */
    public PretrainBatch slice(int from, int to) {
        int per = video.length / size();
        long[] shape = videoShape.clone();
        shape[0] = (long) to - from;
        boolean[][] m = Arrays.copyOfRange(mask.toArray(), from, to);
        return new PretrainBatch(
                Arrays.copyOfRange(video, from * per, to * per),
                shape,
                VideoMask.of(m),
                Arrays.copyOfRange(inputIds, from, to),
                Arrays.copyOfRange(attentionMask, from, to),
                Arrays.copyOfRange(mlmLabels, from, to));
    }

    /** Splits into {@code parts} equal shards; B must be divisible by {@code parts}. */
    public List<PretrainBatch> split(int parts) {
        if (size() % parts != 0) {
            throw new IllegalArgumentException("batch of " + size() + " cannot be split evenly into " + parts);
        }
        int per = size() / parts;
        List<PretrainBatch> out = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            out.add(slice(i * per, (i + 1) * per));
        }
        return out;
    }

    /** Copies the batch into {@code manager} as model inputs (negatives are drawn by the model). */
    public PretrainInputs toInputs(NDManager manager) {
        return new PretrainInputs(
                manager.create(video, new Shape(videoShape)),
                mask,
                matrix(manager, inputIds),
                matrix(manager, attentionMask),
                matrix(manager, mlmLabels),
                null);
    }

    static ai.djl.ndarray.NDArray matrix(NDManager manager, long[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        long[] flat = new long[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return manager.create(flat, new Shape(rows.length, cols));
    }
}
