package org.simvtp.data.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Token ids and attention mask of a batch of captions, padded to the batch's longest caption ({@code [B, L]}).
 * The arrays are not copied; treat them as read-only.
 *
 * <pre>{@code
 * TokenBatch b = tokenizer.encodeBatch(List.of("a dog runs", "a cat"));
 * NDList x = b.toNDList(manager); // input_ids int64 [2, L], attention_mask int64 [2, L]
 * }</pre>
 *
 * @param ids token ids per caption, {@code [CLS] ... [SEP]} then {@code [PAD]} (0)
 * @param attentionMask 1 for real tokens, 0 for padding
 */
@SuppressWarnings("ArrayRecordComponent") // a carrier of bulk arrays, never compared or hashed
public record TokenBatch(long[][] ids, long[][] attentionMask) {
    /**
     * Validates that both arrays are rectangular and of the same shape.
     *
     * @throws IllegalArgumentException on a shape mismatch
     */
    public TokenBatch {
        if (ids.length != attentionMask.length) {
            throw new IllegalArgumentException("ids and mask batch sizes differ");
        }
        int len = ids.length == 0 ? 0 : ids[0].length;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].length != len || attentionMask[i].length != len) {
                throw new IllegalArgumentException("row " + i + " is not of length " + len);
            }
        }
    }

    /**
     * Batch size B.
     *
     * @return B
     */
    public int size() {
        return ids.length;
    }

    /**
     * Padded sequence length L.
     *
     * @return L
     */
    public int length() {
        return ids.length == 0 ? 0 : ids[0].length;
    }

    /**
     * Copies ids and mask into int64 NDArrays {@code [B, L]} owned by {@code manager}, named {@code input_ids} and
     * {@code attention_mask}.
     *
     * @param manager the owning manager
     * @return {@code [ids, mask]}
     */
    public NDList toNDList(NDManager manager) {
        NDArray i = manager.create(ids);
        i.setName("input_ids");
        NDArray m = manager.create(attentionMask);
        m.setName("attention_mask");
        return new NDList(i, m);
    }
}
