package org.simvtp.data.transform;

import org.simvtp.data.video.DecodedClip;

/**
 * PIL's {@code ImageEnhance} on uint8 RGB clips, frame by frame: {@code enhance(factor)} is
 * {@code Image.blend(degenerate, image, factor)}, i.e. per sample
 * {@code out = clip8(trunc(d + factor * (v - d)))} computed in float32 (Pillow's {@code ImagingBlend}, with
 * {@code factor} narrowed to float). {@code factor = 1} returns the image, {@code 0} the degenerate image.
 * Bit-exact against Pillow 12.3.0 outputs ({@code PilGoldenTest}).
 *
 * <p>Degenerate images:
 * <ul>
 *   <li>Color: the grey image {@code L} replicated to RGB, with Pillow's fixed-point luma
 *       {@code L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16} (the documented
 *       {@code R*299/1000 + G*587/1000 + B*114/1000}, rounded);</li>
 *   <li>Contrast: a constant image of {@code int(mean(L) + 0.5)} (mean over the frame's pixels);</li>
 *   <li>Brightness: black;</li>
 *   <li>Sharpness: the frame filtered with PIL's SMOOTH kernel {@code [1 1 1; 1 5 1; 1 1 1] / 13}: float32
 *       weights {@code k/13}, accumulated as {@code 0.5 + row below + row + row above} and truncated; the
 *       one-pixel border is copied unchanged, and frames smaller than 3x3 are not filtered (Pillow's
 *       {@code ImagingFilter3x3}).</li>
 * </ul>
 *
 * <pre>{@code
 * DecodedClip darker = Enhance.brightness(clip, 0.5);
 * }</pre>
 */
final class Enhance {
    private static final float SMOOTH_EDGE = 1f / 13f;
    private static final float SMOOTH_CENTRE = 5f / 13f;

    private Enhance() {}

    /**
     * Saturation: blend with the grey image.
     *
     * @param clip input
     * @param factor 0 = grey, 1 = unchanged
     * @return the result
     */
    static DecodedClip color(DecodedClip clip, double factor) {
        if (factor == 1.0) {
            return clip;
        }
        float a = (float) factor;
        byte[] src = clip.data();
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i += 3) {
            int l = luma(src[i] & 0xFF, src[i + 1] & 0xFF, src[i + 2] & 0xFF);
            out[i] = (byte) blend(l, src[i] & 0xFF, a);
            out[i + 1] = (byte) blend(l, src[i + 1] & 0xFF, a);
            out[i + 2] = (byte) blend(l, src[i + 2] & 0xFF, a);
        }
        return DecodedClip.of(out, clip.frames(), clip.height(), clip.width());
    }

    /**
     * Contrast: blend with the frame's mean grey level.
     *
     * @param clip input
     * @param factor 0 = flat grey, 1 = unchanged
     * @return the result
     */
    static DecodedClip contrast(DecodedClip clip, double factor) {
        if (factor == 1.0) {
            return clip;
        }
        float a = (float) factor;
        byte[] src = clip.data();
        byte[] out = new byte[src.length];
        int frameBytes = clip.frameBytes();
        for (int f = 0; f < clip.frames(); f++) {
            int base = f * frameBytes;
            long sum = 0;
            for (int i = base; i < base + frameBytes; i += 3) {
                sum += luma(src[i] & 0xFF, src[i + 1] & 0xFF, src[i + 2] & 0xFF);
            }
            int mean = (int) ((double) sum / (frameBytes / 3.0) + 0.5);
            for (int i = base; i < base + frameBytes; i++) {
                out[i] = (byte) blend(mean, src[i] & 0xFF, a);
            }
        }
        return DecodedClip.of(out, clip.frames(), clip.height(), clip.width());
    }

    /**
     * Brightness: blend with black.
     *
     * @param clip input
     * @param factor 0 = black, 1 = unchanged
     * @return the result
     */
    static DecodedClip brightness(DecodedClip clip, double factor) {
        if (factor == 1.0) {
            return clip;
        }
        float a = (float) factor;
        byte[] src = clip.data();
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = (byte) blend(0, src[i] & 0xFF, a);
        }
        return DecodedClip.of(out, clip.frames(), clip.height(), clip.width());
    }

    /**
     * Sharpness: blend with the SMOOTH-filtered frame.
     *
     * @param clip input
     * @param factor 0 = smoothed, 1 = unchanged, above 1 sharpened
     * @return the result
     */
    static DecodedClip sharpness(DecodedClip clip, double factor) {
        if (factor == 1.0) {
            return clip;
        }
        float a = (float) factor;
        byte[] src = clip.data();
        byte[] smooth = smooth(clip);
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = (byte) blend(smooth[i] & 0xFF, src[i] & 0xFF, a);
        }
        return DecodedClip.of(out, clip.frames(), clip.height(), clip.width());
    }

    /** PIL's SMOOTH filter (border copied), frame by frame. */
    static byte[] smooth(DecodedClip clip) {
        byte[] src = clip.data();
        byte[] out = src.clone();
        int w = clip.width();
        int h = clip.height();
        if (w < 3 || h < 3) {
            return out;
        }
        int row = w * 3;
        for (int f = 0; f < clip.frames(); f++) {
            int base = f * clip.frameBytes();
            for (int y = 1; y < h - 1; y++) {
                int above = base + (y - 1) * row;
                int mid = base + y * row;
                int below = base + (y + 1) * row;
                for (int i = 3; i < row - 3; i++) {
                    float ss = 0.5f;
                    ss += (src[below + i - 3] & 0xFF) * SMOOTH_EDGE
                            + (src[below + i] & 0xFF) * SMOOTH_EDGE
                            + (src[below + i + 3] & 0xFF) * SMOOTH_EDGE;
                    ss += (src[mid + i - 3] & 0xFF) * SMOOTH_EDGE
                            + (src[mid + i] & 0xFF) * SMOOTH_CENTRE
                            + (src[mid + i + 3] & 0xFF) * SMOOTH_EDGE;
                    ss += (src[above + i - 3] & 0xFF) * SMOOTH_EDGE
                            + (src[above + i] & 0xFF) * SMOOTH_EDGE
                            + (src[above + i + 3] & 0xFF) * SMOOTH_EDGE;
                    out[mid + i] = (byte) clipTruncate(ss);
                }
            }
        }
        return out;
    }

    /**
     * Pillow's fixed-point ITU-R 601-2 luma.
     *
     * @param r red
     * @param g green
     * @param b blue
     * @return L in 0..255
     */
    static int luma(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }

    /**
     * {@code Image.blend} of one sample: {@code degenerate + alpha * (value - degenerate)}, clipped, truncated.
     *
     * @param degenerate first image's sample
     * @param value second image's sample
     * @param alpha blend factor (float32, as in Pillow)
     * @return the blended sample
     */
    static int blend(int degenerate, int value, float alpha) {
        return clipTruncate(degenerate + alpha * (value - degenerate));
    }

    private static int clipTruncate(float v) {
        if (v <= 0f) {
            return 0;
        }
        if (v >= 255f) {
            return 255;
        }
        return (int) v;
    }
}
