package org.simvtp.data.transform;

import org.simvtp.data.video.DecodedClip;

/**
 * Point operations of PIL's {@code ImageOps} on uint8 RGB clips, applied frame by frame (statistics such as
 * histograms are taken per frame and per channel, as PIL does for each image of the reference's frame list).
 *
 * <p>Formulas (PIL, checked against Pillow's {@code ImageOps.py} and {@code _imaging.c}, and bit-exact against
 * Pillow 12.3.0 outputs in {@code PilGoldenTest}; every lookup table entry is clipped to {@code 0..255} before
 * use, as {@code Image.point} does):
 * <ul>
 *   <li>invert: {@code v -> 255 - v};</li>
 *   <li>posterize(bits): {@code v -> v & ~(2^(8-bits) - 1)}; timm returns the image unchanged for
 *       {@code bits >= 8}; {@code bits = 0} gives black;</li>
 *   <li>solarize(t): {@code v -> v < t ? v : 255 - v} ({@code t = 256} is the identity);</li>
 *   <li>solarizeAdd(a, t) (timm's own LUT): {@code v -> v < t ? min(255, v + a) : v};</li>
 *   <li>autocontrast (cutoff 0): per channel, {@code lo}/{@code hi} = smallest/largest value present; if
 *       {@code hi <= lo} the identity, else {@code scale = 255.0 / (hi - lo)}, {@code offset = -lo * scale},
 *       {@code v -> clamp(int(v * scale + offset))} in double with truncation toward zero;</li>
 *   <li>equalize: per channel with histogram {@code h}; if fewer than two values are present the identity;
 *       {@code step = (sum(h) - h[last non-zero]) // 256}; if {@code step == 0} the identity; else
 *       {@code lut[i] = (step // 2 + sum_{j<i} h[j]) // step}, clipped to 255.</li>
 * </ul>
 *
 * <pre>{@code
 * DecodedClip inverted = ColorOps.invert(clip);
 * }</pre>
 */
final class ColorOps {
    private static final int LEVELS = 256;

    private ColorOps() {}

    /** Computes a lookup table from the histogram of one channel of one frame. */
    @FunctionalInterface
    private interface LutFromHistogram {
        int[] lut(int[] histogram);
    }

    /**
     * {@code 255 - v}.
     *
     * @param clip input
     * @return the inverted clip
     */
    static DecodedClip invert(DecodedClip clip) {
        int[] lut = new int[LEVELS];
        for (int v = 0; v < LEVELS; v++) {
            lut[v] = 255 - v;
        }
        return applyLut(clip, lut);
    }

    /**
     * Keeps the {@code bits} most significant bits.
     *
     * @param clip input
     * @param bits bits to keep (0..8; 8 or more returns the input)
     * @return the posterized clip
     */
    static DecodedClip posterize(DecodedClip clip, int bits) {
        if (bits >= 8) {
            return clip;
        }
        if (bits < 0) {
            throw new IllegalArgumentException("posterize bits must be >= 0, got " + bits);
        }
        int mask = ~((1 << (8 - bits)) - 1);
        int[] lut = new int[LEVELS];
        for (int v = 0; v < LEVELS; v++) {
            lut[v] = v & mask;
        }
        return applyLut(clip, lut);
    }

    /**
     * Inverts values at or above a threshold.
     *
     * @param clip input
     * @param threshold first inverted value (256 = none)
     * @return the solarized clip
     */
    static DecodedClip solarize(DecodedClip clip, int threshold) {
        int[] lut = new int[LEVELS];
        for (int v = 0; v < LEVELS; v++) {
            lut[v] = v < threshold ? v : 255 - v;
        }
        return applyLut(clip, lut);
    }

    /**
     * Adds a constant to values below a threshold (saturating at 255).
     *
     * @param clip input
     * @param add value to add
     * @param threshold values below it are changed
     * @return the result
     */
    static DecodedClip solarizeAdd(DecodedClip clip, int add, int threshold) {
        int[] lut = new int[LEVELS];
        for (int v = 0; v < LEVELS; v++) {
            lut[v] = v < threshold ? Math.min(255, v + add) : v;
        }
        return applyLut(clip, lut);
    }

    /**
     * Stretches each channel of each frame to the full range.
     *
     * @param clip input
     * @return the result
     */
    static DecodedClip autoContrast(DecodedClip clip) {
        return perFrameAndChannel(clip, ColorOps::autoContrastLut);
    }

    /**
     * Equalizes the histogram of each channel of each frame.
     *
     * @param clip input
     * @return the result
     */
    static DecodedClip equalize(DecodedClip clip) {
        return perFrameAndChannel(clip, ColorOps::equalizeLut);
    }

    static int[] autoContrastLut(int[] h) {
        int lo = 0;
        while (lo < 255 && h[lo] == 0) {
            lo++;
        }
        int hi = 255;
        while (hi > 0 && h[hi] == 0) {
            hi--;
        }
        int[] lut = identity();
        if (hi <= lo) {
            return lut;
        }
        double scale = 255.0 / (hi - lo);
        double offset = -lo * scale;
        for (int v = 0; v < LEVELS; v++) {
            lut[v] = clip8((int) (v * scale + offset));
        }
        return lut;
    }

    static int[] equalizeLut(int[] h) {
        long total = 0;
        int present = 0;
        int last = 0;
        for (int v = 0; v < LEVELS; v++) {
            if (h[v] != 0) {
                total += h[v];
                present++;
                last = h[v];
            }
        }
        if (present <= 1) {
            return identity();
        }
        long step = (total - last) / 256;
        if (step == 0) {
            return identity();
        }
        int[] lut = new int[LEVELS];
        long n = step / 2;
        for (int v = 0; v < LEVELS; v++) {
            lut[v] = (int) Math.min(255, n / step);
            n += h[v];
        }
        return lut;
    }

    /** Applies one table to every sample. */
    static DecodedClip applyLut(DecodedClip clip, int[] lut) {
        byte[] table = new byte[LEVELS];
        for (int v = 0; v < LEVELS; v++) {
            table[v] = (byte) clip8(lut[v]);
        }
        byte[] src = clip.data();
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = table[src[i] & 0xFF];
        }
        return DecodedClip.of(out, clip.frames(), clip.height(), clip.width());
    }

    private static DecodedClip perFrameAndChannel(DecodedClip clip, LutFromHistogram rule) {
        byte[] src = clip.data();
        byte[] out = new byte[src.length];
        int frameBytes = clip.frameBytes();
        byte[][] tables = new byte[3][LEVELS];
        for (int f = 0; f < clip.frames(); f++) {
            int base = f * frameBytes;
            int[][] hist = new int[3][LEVELS];
            for (int i = 0; i < frameBytes; i += 3) {
                hist[0][src[base + i] & 0xFF]++;
                hist[1][src[base + i + 1] & 0xFF]++;
                hist[2][src[base + i + 2] & 0xFF]++;
            }
            for (int c = 0; c < 3; c++) {
                int[] lut = rule.lut(hist[c]);
                for (int v = 0; v < LEVELS; v++) {
                    tables[c][v] = (byte) clip8(lut[v]);
                }
            }
            for (int i = 0; i < frameBytes; i += 3) {
                out[base + i] = tables[0][src[base + i] & 0xFF];
                out[base + i + 1] = tables[1][src[base + i + 1] & 0xFF];
                out[base + i + 2] = tables[2][src[base + i + 2] & 0xFF];
            }
        }
        return DecodedClip.of(out, clip.frames(), clip.height(), clip.width());
    }

    private static int[] identity() {
        int[] lut = new int[LEVELS];
        for (int v = 0; v < LEVELS; v++) {
            lut[v] = v;
        }
        return lut;
    }

    static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
