package org.simvtp.data.transform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.simvtp.data.video.DecodedClip;

/**
 * PIL's {@code Image.transform(size, AFFINE, (a, b, c, d, e, f), BICUBIC, fillcolor)} on uint8 RGB clips, with
 * the same inverse map for every frame (computed once per output pixel, then applied to all frames).
 *
 * <p>Semantics (Pillow {@code Geometry.c}, checked): output pixel {@code (x, y)} reads the input at
 * {@code xin = a(x+0.5) + b(y+0.5) + c}, {@code yin = d(x+0.5) + e(y+0.5) + f} (double precision). If
 * {@code xin} is outside {@code [0, W)} or {@code yin} outside {@code [0, H)} the pixel gets the fill colour.
 * Otherwise it samples at {@code (xin - 0.5, yin - 0.5)} with PIL's bicubic, which is cubic convolution with
 * {@code a = -1} (not the {@code -0.5} of resizing): for neighbours {@code v1..v4} and fraction {@code t},
 * {@code v = v2 + t(-v1 + v3 + t(2(v1 - v2) + v3 - v4 + t(-v1 + v2 - v3 + v4)))}, first along rows then along
 * the column of row results, edge pixels repeated; the result is clipped to {@code [0, 255]} and truncated.
 * Bit-exact against Pillow 12.3.0 for rotate, shear and translate ({@code PilGoldenTest}).
 *
 * <pre>{@code
 * DecodedClip r = AffineWarp.warp(clip, AffineWarp.rotation(15, clip.width(), clip.height()), 128);
 * }</pre>
 */
final class AffineWarp {
    private AffineWarp() {}

    /**
     * Matrix of {@code Image.rotate(degrees)} about the frame centre (counter-clockwise for positive angles):
     * {@code [cos t, sin t, c, -sin t, cos t, f]} with {@code t = -radians(degrees)}, entries rounded to 15
     * decimals as Pillow does, and {@code (c, f)} chosen so that {@code (W/2, H/2)} is fixed.
     *
     * @param degrees rotation angle
     * @param width frame width
     * @param height frame height
     * @return the six matrix entries
     */
    static double[] rotation(double degrees, int width, int height) {
        double t = -Math.toRadians(degrees);
        double cos = round15(Math.cos(t));
        double sin = round15(Math.sin(t));
        double cx = width / 2.0;
        double cy = height / 2.0;
        double[] m = {cos, sin, 0.0, round15(-Math.sin(t)), cos, 0.0};
        m[2] = m[0] * -cx + m[1] * -cy + m[2] + cx;
        m[5] = m[3] * -cx + m[4] * -cy + m[5] + cy;
        return m;
    }

    /**
     * Python's {@code round(v, 15)}: half-even on the exact decimal value.
     *
     * @param v value
     * @return the rounded value
     */
    static double round15(double v) {
        return Double.parseDouble(
                new BigDecimal(v).setScale(15, RoundingMode.HALF_EVEN).toPlainString());
    }

    /**
     * Warps every frame.
     *
     * @param clip input
     * @param m six entries {@code (a, b, c, d, e, f)} mapping output to input coordinates
     * @param fill grey level for pixels that map outside the frame
     * @return the warped clip (the input itself for the identity matrix)
     */
    static DecodedClip warp(DecodedClip clip, double[] m, int fill) {
        if (m.length != 6) {
            throw new IllegalArgumentException("affine matrix needs 6 entries, got " + m.length);
        }
        if (m[0] == 1 && m[1] == 0 && m[2] == 0 && m[3] == 0 && m[4] == 1 && m[5] == 0) {
            return clip;
        }
        int w = clip.width();
        int h = clip.height();
        int frames = clip.frames();
        int frameBytes = clip.frameBytes();
        byte[] src = clip.data();
        byte[] out = new byte[src.length];
        byte fillByte = (byte) fill;
        int rowBytes = w * 3;
        for (int y = 0; y < h; y++) {
            double yc = y + 0.5;
            for (int x = 0; x < w; x++) {
                double xc = x + 0.5;
                double xin = m[0] * xc + m[1] * yc + m[2];
                double yin = m[3] * xc + m[4] * yc + m[5];
                int o = y * rowBytes + x * 3;
                if (xin < 0.0 || xin >= w || yin < 0.0 || yin >= h) {
                    for (int p = o; p < src.length; p += frameBytes) {
                        out[p] = fillByte;
                        out[p + 1] = fillByte;
                        out[p + 2] = fillByte;
                    }
                    continue;
                }
                double sx = xin - 0.5;
                double sy = yin - 0.5;
                int ix = (int) Math.floor(sx);
                int iy = (int) Math.floor(sy);
                double dx = sx - ix;
                double dy = sy - iy;
                // source offsets of the 4x4 neighbourhood (edges repeated), shared by all frames and channels
                int c0 = clamp(ix - 1, w) * 3;
                int c1 = clamp(ix, w) * 3;
                int c2 = clamp(ix + 1, w) * 3;
                int c3 = clamp(ix + 2, w) * 3;
                int r0 = clamp(iy - 1, h) * rowBytes;
                int r1 = clamp(iy, h) * rowBytes;
                int r2 = clamp(iy + 1, h) * rowBytes;
                int r3 = clamp(iy + 2, h) * rowBytes;
                for (int base = 0; base < src.length; base += frameBytes) {
                    for (int c = 0; c < 3; c++) {
                        int b0 = base + r0 + c;
                        int b1 = base + r1 + c;
                        int b2 = base + r2 + c;
                        int b3 = base + r3 + c;
                        double v1 = cubic(
                                src[b0 + c0] & 0xFF, src[b0 + c1] & 0xFF, src[b0 + c2] & 0xFF, src[b0 + c3] & 0xFF, dx);
                        double v2 = cubic(
                                src[b1 + c0] & 0xFF, src[b1 + c1] & 0xFF, src[b1 + c2] & 0xFF, src[b1 + c3] & 0xFF, dx);
                        double v3 = cubic(
                                src[b2 + c0] & 0xFF, src[b2 + c1] & 0xFF, src[b2 + c2] & 0xFF, src[b2 + c3] & 0xFF, dx);
                        double v4 = cubic(
                                src[b3 + c0] & 0xFF, src[b3 + c1] & 0xFF, src[b3 + c2] & 0xFF, src[b3 + c3] & 0xFF, dx);
                        double v = cubic(v1, v2, v3, v4, dy);
                        out[base + o + c] = (byte) (v <= 0.0 ? 0 : v >= 255.0 ? 255 : (int) v);
                    }
                }
            }
        }
        return DecodedClip.of(out, frames, h, w);
    }

    /** PIL's BICUBIC macro (cubic convolution, a = -1) between v2 (t = 0) and v3 (t = 1). */
    private static double cubic(double v1, double v2, double v3, double v4, double t) {
        double p1 = v2;
        double p2 = -v1 + v3;
        double p3 = 2 * (v1 - v2) + v3 - v4;
        double p4 = -v1 + v2 - v3 + v4;
        return p1 + t * (p2 + t * (p3 + t * p4));
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : Math.min(i, n - 1);
    }
}
