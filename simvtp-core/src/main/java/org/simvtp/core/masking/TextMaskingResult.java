package org.simvtp.core.masking;

import java.util.Arrays;

/**
 * The outcome of masking a batch of token ids: the masked ids, the MLM labels and the number of selected
 * positions. Immutable; accessors return copies.
 *
 * <p>Labels hold the original id at every selected position and {@link #IGNORE_INDEX} (−100) elsewhere.
 * If {@link #selectedCount()} is 0 an ignore-index cross-entropy averages over zero targets: the reference then
 * gets a NaN loss and stops training. Callers should check {@link #hasSelection()} and, for example, draw again
 * or skip the MLM term for that batch.
 *
 * <pre>{@code
 * TextMaskingResult r = new ReferenceTextMasking(TextMaskingConfig.builder().build()).mask(ids, 3L);
 * if (r.hasSelection()) {
 *     NDArray input = manager.create(r.maskedIds());
 *     NDArray labels = manager.create(r.labels());
 * }
 * }</pre>
 */
public final class TextMaskingResult {

    /** Label of positions that do not contribute to the MLM loss. */
    public static final long IGNORE_INDEX = -100;

    private final long[][] maskedIds;
    private final long[][] labels;
    private final int selectedCount;

    /**
     * Creates a result; the arrays are copied.
     *
     * @param maskedIds ids after replacement, {@code [B][L]}
     * @param labels original id at selected positions, −100 elsewhere, same shape
     * @param selectedCount number of selected positions
     */
    public TextMaskingResult(long[][] maskedIds, long[][] labels, int selectedCount) {
        this.maskedIds = deepCopy(maskedIds);
        this.labels = deepCopy(labels);
        this.selectedCount = selectedCount;
    }

    /** A copy of the masked ids, {@code [B][L]}. */
    public long[][] maskedIds() {
        return deepCopy(maskedIds);
    }

    /** A copy of the labels, {@code [B][L]}: original id where selected, −100 elsewhere. */
    public long[][] labels() {
        return deepCopy(labels);
    }

    /** Number of selected positions in the whole batch (targets of the MLM loss). */
    public int selectedCount() {
        return selectedCount;
    }

    /** Whether at least one position was selected; when {@code false} the MLM loss is undefined (NaN). */
    public boolean hasSelection() {
        return selectedCount > 0;
    }

    static long[][] deepCopy(long[][] a) {
        long[][] out = new long[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TextMaskingResult)) {
            return false;
        }
        TextMaskingResult r = (TextMaskingResult) o;
        return selectedCount == r.selectedCount
                && Arrays.deepEquals(maskedIds, r.maskedIds)
                && Arrays.deepEquals(labels, r.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(maskedIds) + Arrays.deepHashCode(labels);
    }

    @Override
    public String toString() {
        return "TextMaskingResult{rows=" + maskedIds.length + ", selected=" + selectedCount + "}";
    }
}
