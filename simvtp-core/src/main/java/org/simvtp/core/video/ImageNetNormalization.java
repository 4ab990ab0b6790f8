package org.simvtp.core.video;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * ImageNet per-channel normalisation of video clips {@code [B, 3, T, H, W]} (mean 0.485/0.456/0.406, std
 * 0.229/0.224/0.225), computed in float32 as the reference does.
 *
 * <pre>{@code
 * NDArray pixels = ImageNetNormalization.denormalize(video);   // back to [0, 1]
 * NDArray again = ImageNetNormalization.normalize(pixels);
 * }</pre>
 */
public final class ImageNetNormalization {

    /** Per-channel mean (RGB). */
    @SuppressWarnings("MutablePublicArray") // published constant (also ImageNetNormalize.MEAN); callers must not write
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    /** Per-channel standard deviation (RGB). */
    @SuppressWarnings("MutablePublicArray") // published constant (also ImageNetNormalize.STD); callers must not write
    public static final float[] STD = {0.229f, 0.224f, 0.225f};

    private ImageNetNormalization() {}

    /**
     * Undoes the normalisation: {@code x · std + mean}, channel axis 1.
     *
     * @param video normalised clip {@code [B, 3, T, H, W]}
     * @return pixels, same shape, in the manager of {@code video}
     */
    public static NDArray denormalize(NDArray video) {
        return apply(video, false);
    }

    /**
     * Applies the normalisation: {@code (x − mean) / std}, channel axis 1.
     *
     * @param pixels clip {@code [B, 3, T, H, W]} with values in {@code [0, 1]}
     * @return normalised clip, same shape, in the manager of {@code pixels}
     */
    public static NDArray normalize(NDArray pixels) {
        return apply(pixels, true);
    }

    private static NDArray apply(NDArray x, boolean forward) {
        Shape shape = x.getShape();
        if (shape.dimension() != 5 || shape.get(1) != 3) {
            throw new IllegalArgumentException("ImageNet normalisation expects a [B, 3, T, H, W] clip, got " + shape);
        }
        try (NDManager sub = NDManager.subManagerOf(x)) {
            sub.tempAttachAll(x);
            Shape channelShape = new Shape(1, 3, 1, 1, 1);
            NDArray mean = sub.create(MEAN, channelShape).toType(x.getDataType(), false);
            NDArray std = sub.create(STD, channelShape).toType(x.getDataType(), false);
            NDArray out = forward ? x.sub(mean).div(std) : x.mul(std).add(mean);
            return sub.ret(out);
        }
    }
}
