package org.simvtp.data.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.simvtp.core.video.ImageNetNormalization;
import org.simvtp.data.video.DecodedClip;

/**
 * Converts a uint8 clip {@code [T, H, W, 3]} to a float32 tensor {@code [3, T, H, W]} with
 * {@code (x / 255 - mean[c]) / std[c]} computed in float32 (as ToTensor + Normalize do).
 *
 * <pre>{@code
 * ClipTensor t = ImageNetNormalize.imagenet().apply(clip);
 * }</pre>
 */
public final class ImageNetNormalize {
    /** ImageNet channel means (R, G, B), the same values as {@link ImageNetNormalization#MEAN}. */
    public static final float[] MEAN = ImageNetNormalization.MEAN;
    /** ImageNet channel standard deviations (R, G, B), as {@link ImageNetNormalization#STD}. */
    public static final float[] STD = ImageNetNormalization.STD;

    private static final ImageNetNormalize IMAGENET = new ImageNetNormalize(MEAN, STD);

    private final float[][] lut = new float[3][256];

    /**
     * Creates a normaliser with other statistics.
     *
     * @param mean three channel means (in the 0..1 scale)
     * @param std three channel standard deviations
     */
    public ImageNetNormalize(float[] mean, float[] std) {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("need 3 means and 3 stds");
        }
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
    }

    /**
     * The ImageNet normaliser (mean 0.485/0.456/0.406, std 0.229/0.224/0.225).
     *
     * @return the shared instance
     */
    public static ImageNetNormalize imagenet() {
        return IMAGENET;
    }

    /**
     * Normalises a clip.
     *
     * @param clip uint8 {@code [T, H, W, 3]}
     * @return float {@code [3, T, H, W]}
     */
    public ClipTensor apply(DecodedClip clip) {
        int t = clip.frames();
        int plane = t * clip.height() * clip.width();
        float[] out = new float[3 * plane];
        byte[] src = clip.data();
        for (int p = 0, s = 0; p < plane; p++, s += 3) {
            out[p] = lut[0][src[s] & 0xFF];
            out[plane + p] = lut[1][src[s + 1] & 0xFF];
            out[2 * plane + p] = lut[2][src[s + 2] & 0xFF];
        }
        return new ClipTensor(out, 3, t, clip.height(), clip.width());
    }

    /**
     * Normalises a clip straight into an NDArray {@code [3, T, H, W]} owned by {@code manager}.
     *
     * @param clip uint8 {@code [T, H, W, 3]}
     * @param manager owning manager
     * @return the array
     */
    public NDArray toNDArray(DecodedClip clip, NDManager manager) {
        return apply(clip).toNDArray(manager);
    }
}
