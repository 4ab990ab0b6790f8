package org.simvtp.data.transform;

import org.simvtp.data.video.DecodedClip;

/**
 * Separable bilinear (triangle-filter) resizing of uint8 clips, with precomputed weights.
 *
 * <p>{@link Mode#BILINEAR} samples at pixel centres ({@code src = (dst + 0.5) * scale - 0.5}, edges clamped) as
 * OpenCV's {@code INTER_LINEAR} and PyTorch's {@code interpolate(mode="bilinear", align_corners=False)} do.
 * {@link Mode#BILINEAR_ANTIALIAS} widens the triangle by the scale factor when shrinking, as PIL's
 * {@code Image.resize(..., BILINEAR)} does, and rounds to uint8 between the horizontal and the vertical pass
 * like PIL. Results match those libraries up to rounding (their fixed-point arithmetic differs).
 *
 * <pre>{@code
 * DecodedClip small = Resize.resize(clip, 224, 224, Resize.Mode.BILINEAR_ANTIALIAS);
 * }</pre>
 */
public final class Resize {
    /** Filter flavour. */
    public enum Mode {
        /** Plain bilinear at pixel centres (OpenCV / PyTorch). */
        BILINEAR,
        /** Bilinear widened when downscaling (PIL). */
        BILINEAR_ANTIALIAS
    }

    private Resize() {}

    /**
     * Resizes every frame.
     *
     * @param clip input
     * @param outWidth output width
     * @param outHeight output height
     * @param mode filter flavour
     * @return the resized clip (the input itself when the size is unchanged)
     */
    public static DecodedClip resize(DecodedClip clip, int outWidth, int outHeight, Mode mode) {
        if (outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + outWidth + "x" + outHeight);
        }
        if (outWidth == clip.width() && outHeight == clip.height()) {
            return clip;
        }
        boolean antialias = mode == Mode.BILINEAR_ANTIALIAS;
        Weights wx = Weights.of(clip.width(), outWidth, antialias);
        Weights wy = Weights.of(clip.height(), outHeight, antialias);
        int inW = clip.width();
        int inH = clip.height();
        byte[] src = clip.data();
        byte[] dst = new byte[clip.frames() * outHeight * outWidth * 3];
        float[] tmp = new float[inH * outWidth * 3];
        for (int f = 0; f < clip.frames(); f++) {
            int srcBase = f * inH * inW * 3;
            // horizontal pass: [inH, inW] -> [inH, outW]
            for (int y = 0; y < inH; y++) {
                int row = srcBase + y * inW * 3;
                int t = y * outWidth * 3;
                for (int x = 0; x < outWidth; x++) {
                    int s0 = wx.start[x];
                    int n = wx.count[x];
                    int wo = x * wx.taps;
                    float r = 0;
                    float g = 0;
                    float b = 0;
                    for (int k = 0; k < n; k++) {
                        float w = wx.weights[wo + k];
                        int p = row + (s0 + k) * 3;
                        r += w * (src[p] & 0xFF);
                        g += w * (src[p + 1] & 0xFF);
                        b += w * (src[p + 2] & 0xFF);
                    }
                    if (antialias) {
                        r = clampRound(r);
                        g = clampRound(g);
                        b = clampRound(b);
                    }
                    tmp[t++] = r;
                    tmp[t++] = g;
                    tmp[t++] = b;
                }
            }
            // vertical pass: [inH, outW] -> [outH, outW]
            int dstBase = f * outHeight * outWidth * 3;
            int rowLen = outWidth * 3;
            for (int y = 0; y < outHeight; y++) {
                int s0 = wy.start[y];
                int n = wy.count[y];
                int wo = y * wy.taps;
                int d = dstBase + y * rowLen;
                for (int i = 0; i < rowLen; i++) {
                    float v = 0;
                    for (int k = 0; k < n; k++) {
                        v += wy.weights[wo + k] * tmp[(s0 + k) * rowLen + i];
                    }
                    dst[d + i] = (byte) clampRound(v);
                }
            }
        }
        return DecodedClip.of(dst, clip.frames(), outHeight, outWidth);
    }

    private static int clampRound(float v) {
        int r = (int) (v + 0.5f);
        return r < 0 ? 0 : Math.min(r, 255);
    }

    /** Per-output-pixel filter taps along one axis. */
    private static final class Weights {
        final int[] start;
        final int[] count;
        final float[] weights;
        final int taps;

        private Weights(int[] start, int[] count, float[] weights, int taps) {
            this.start = start;
            this.count = count;
            this.weights = weights;
            this.taps = taps;
        }

        static Weights of(int in, int out, boolean antialias) {
            double scale = (double) in / out;
            double filterScale = antialias && scale > 1.0 ? scale : 1.0;
            double support = filterScale; // triangle radius 1, widened by the filter scale
            int taps = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[out];
            int[] count = new int[out];
            float[] weights = new float[out * taps];
            double[] w = new double[taps];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(center - support + 0.5));
                int hi = Math.min(in, (int) Math.floor(center + support + 0.5));
                double sum = 0;
                int n = 0;
                for (int x = lo; x < hi && n < taps; x++) {
                    double d = Math.abs((x + 0.5 - center) / filterScale);
                    double v = d < 1.0 ? 1.0 - d : 0.0;
                    w[n++] = v;
                    sum += v;
                }
                if (sum <= 0) {
                    // centre outside every pixel's support: take the nearest pixel
                    lo = Math.min(in - 1, Math.max(0, (int) center));
                    n = 1;
                    w[0] = 1;
                    sum = 1;
                }
                start[i] = lo;
                count[i] = n;
                for (int k = 0; k < n; k++) {
                    weights[i * taps + k] = (float) (w[k] / sum);
                }
            }
            return new Weights(start, count, weights, taps);
        }
    }
}
