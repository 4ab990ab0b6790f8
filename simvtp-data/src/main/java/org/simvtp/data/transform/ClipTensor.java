package org.simvtp.data.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A float32 video tensor {@code [C, T, H, W]} (channels first, as the model's patch embedding expects).
 * The array is not copied; treat it as read-only.
 *
 * <pre>{@code
 * ClipTensor t = ImageNetNormalize.imagenet().apply(clip);
 * try (NDManager m = NDManager.newBaseManager()) { NDArray x = t.toNDArray(m); }
 * }</pre>
 *
 * @param data values in {@code [C, T, H, W]} order
 * @param channels C
 * @param frames T
 * @param height H
 * @param width W
 */
@SuppressWarnings("ArrayRecordComponent") // a carrier of bulk arrays, never compared or hashed
public record ClipTensor(float[] data, int channels, int frames, int height, int width) {
    /**
     * Validates the size.
     *
     * @throws IllegalArgumentException if the array length does not match
     */
    public ClipTensor {
        if ((long) channels * frames * height * width != data.length) {
            throw new IllegalArgumentException("expected " + ((long) channels * frames * height * width)
                    + " values for [" + channels + ", " + frames + ", " + height + ", " + width + "], got "
                    + data.length);
        }
    }

    /**
     * The shape {@code (C, T, H, W)}.
     *
     * @return the shape
     */
    public Shape shape() {
        return new Shape(channels, frames, height, width);
    }

    /**
     * One value.
     *
     * @param c channel
     * @param t frame
     * @param y row
     * @param x column
     * @return the value
     */
    public float get(int c, int t, int y, int x) {
        return data[((c * frames + t) * height + y) * width + x];
    }

    /**
     * Copies the tensor into a float32 NDArray of shape {@code [C, T, H, W]} owned by {@code manager}.
     *
     * @param manager the owning manager
     * @return the array
     */
    public NDArray toNDArray(NDManager manager) {
        return manager.create(data, shape());
    }
}
