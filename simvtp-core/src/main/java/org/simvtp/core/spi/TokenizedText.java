package org.simvtp.core.spi;

import java.util.Objects;

/**
 * Token ids and attention mask of a batch of captions, padded to the batch's longest caption ({@code [B, L]}).
 * The arrays are not copied; treat them as read-only.
 *
 * <pre>{@code
 * TokenizedText t = media.tokenize(List.of("a dog runs", "a cat"));
 * long[] first = t.ids()[0]; // [101, 1037, 3899, 3216, 102]
 * }</pre>
 *
 * @param ids token ids per caption, {@code [CLS] ... [SEP]} then padding
 * @param attentionMask 1 for real tokens, 0 for padding, same shape as {@code ids}
 */
@SuppressWarnings("ArrayRecordComponent") // a carrier of bulk arrays, never compared or hashed
public record TokenizedText(long[][] ids, long[][] attentionMask) {

    /**
     * Validates that both arrays are non-empty, rectangular and of the same shape.
     *
     * @throws IllegalArgumentException on an empty batch or a shape mismatch
     */
    public TokenizedText {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(attentionMask, "attentionMask");
        if (ids.length == 0 || ids.length != attentionMask.length) {
            throw new IllegalArgumentException(
                    "ids and attention mask must hold the same, non-zero number of rows, got " + ids.length + " and "
                            + attentionMask.length);
        }
        int length = ids[0].length;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].length != length || attentionMask[i].length != length) {
                throw new IllegalArgumentException("row " + i + " is not of length " + length);
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
     * Padded length L.
     *
     * @return L
     */
    public int length() {
        return ids[0].length;
    }
}
