package org.simvtp.core.masking;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;

/**
 * An immutable batch of video token masks, {@code [B][N]}, {@code true} = masked (hidden from the encoder).
 *
 * <p>Token index {@code n = t'·H'·W' + h'·W' + w'} (time outermost, width innermost), as in spec §1.2. Every row
 * may have its own count; the reference tube masking gives the same count for every sample, which
 * {@link #maskedPerSample()} checks.
 *
 * <pre>{@code
 * VideoMask mask = TubeMasking.of(config).sample(16, 42L);
 * int[][] visible = mask.visibleIndices();   // ascending per sample, [16][160] for ViT-B
 * NDArray bool = mask.toNDArray(manager);    // boolean (16, 1568)
 * }</pre>
 */
public final class VideoMask {

    private final boolean[][] masked;

    private VideoMask(boolean[][] masked) {
        this.masked = masked;
    }

    /**
     * Wraps a copy of a {@code [B][N]} mask.
     *
     * <pre>{@code
     * VideoMask m = VideoMask.of(new boolean[][] {{true, false, true}});
     * }</pre>
     *
     * @param masked rows of equal length, {@code true} = masked
     * @return the mask
     * @throws IllegalArgumentException if the batch is empty or rows differ in length
     */
    public static VideoMask of(boolean[][] masked) {
        if (masked.length == 0) {
            throw new IllegalArgumentException("video mask needs at least one sample");
        }
        boolean[][] copy = new boolean[masked.length][];
        for (int b = 0; b < masked.length; b++) {
            if (masked[b].length != masked[0].length) {
                throw new IllegalArgumentException(
                        "video mask row " + b + " has " + masked[b].length + " tokens, row 0 has " + masked[0].length);
            }
            copy[b] = masked[b].clone();
        }
        return new VideoMask(copy);
    }

    /** Number of samples {@code B}. */
    public int batchSize() {
        return masked.length;
    }

    /** Number of video tokens per sample {@code N}. */
    public int numTokens() {
        return masked[0].length;
    }

    /**
     * Whether token {@code n} of sample {@code b} is masked.
     *
     * @param b sample index
     * @param n token index
     * @return {@code true} if masked
     */
    public boolean isMasked(int b, int n) {
        return masked[b][n];
    }

    /** A copy of the mask as {@code boolean[B][N]}, {@code true} = masked. */
    public boolean[][] toArray() {
        boolean[][] copy = new boolean[masked.length][];
        for (int b = 0; b < masked.length; b++) {
            copy[b] = masked[b].clone();
        }
        return copy;
    }

    /**
     * Number of masked tokens of each sample if it is the same for all samples.
     *
     * @return the common count
     * @throws IllegalStateException if samples have different counts (then tokens cannot be stacked)
     */
    public int maskedPerSample() {
        int count = countMasked(0);
        for (int b = 1; b < masked.length; b++) {
            if (countMasked(b) != count) {
                throw new IllegalStateException(
                        "sample " + b + " has " + countMasked(b) + " masked tokens, sample 0 has " + count);
            }
        }
        return count;
    }

    /**
     * Number of masked tokens of sample {@code b}.
     *
     * @param b sample index
     * @return masked count
     */
    public int countMasked(int b) {
        int count = 0;
        for (boolean m : masked[b]) {
            count += m ? 1 : 0;
        }
        return count;
    }

    /**
     * Indices of the visible tokens of each sample, ascending (the encoder's input order).
     *
     * <pre>{@code
     * int[] kept = mask.visibleIndices()[0];
     * }</pre>
     *
     * @return {@code [B][visible count]}
     */
    public int[][] visibleIndices() {
        return indicesWhere(false);
    }

    /**
     * Indices of the masked tokens of each sample, ascending (the decoder's prediction order).
     *
     * @return {@code [B][masked count]}
     */
    public int[][] maskedIndices() {
        return indicesWhere(true);
    }

    /**
     * Creates the mask as a boolean NDArray of shape {@code (B, N)}, {@code true} = masked.
     *
     * @param manager the manager that will own the array
     * @return boolean array {@code (B, N)}
     */
    public NDArray toNDArray(NDManager manager) {
        return manager.create(masked);
    }

    private int[][] indicesWhere(boolean value) {
        int[][] out = new int[masked.length][];
        for (int b = 0; b < masked.length; b++) {
            boolean[] row = masked[b];
            int count = value ? countMasked(b) : row.length - countMasked(b);
            int[] idx = new int[count];
            int k = 0;
            for (int n = 0; n < row.length; n++) {
                if (row[n] == value) {
                    idx[k++] = n;
                }
            }
            out[b] = idx;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VideoMask && Arrays.deepEquals(masked, ((VideoMask) o).masked);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(masked);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("VideoMask{batch=")
                .append(batchSize())
                .append(", tokens=")
                .append(numTokens())
                .append(", masked=[");
        for (int b = 0; b < masked.length; b++) {
            sb.append(b == 0 ? "" : ", ").append(countMasked(b));
        }
        return sb.append("]}").toString();
    }
}
