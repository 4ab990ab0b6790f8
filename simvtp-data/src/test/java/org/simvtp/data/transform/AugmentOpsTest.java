package org.simvtp.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simvtp.data.video.DecodedClip;

/** Hand-computed checks of the PIL-style pixel operations behind RandAugment. */
class AugmentOpsTest {
    /** One frame, one row, the given pixels as (r, g, b) triples. */
    static DecodedClip row(int... rgb) {
        byte[] d = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            d[i] = (byte) rgb[i];
        }
        return DecodedClip.of(d, 1, 1, rgb.length / 3);
    }

    /** Grey pixels (r = g = b) in a {@code h x w} frame. */
    static DecodedClip grey(int h, int w, int... values) {
        byte[] d = new byte[h * w * 3];
        for (int i = 0; i < h * w; i++) {
            d[3 * i] = (byte) values[i];
            d[3 * i + 1] = (byte) values[i];
            d[3 * i + 2] = (byte) values[i];
        }
        return DecodedClip.of(d, 1, h, w);
    }

    static DecodedClip noise(int frames, int h, int w, long seed) {
        byte[] d = new byte[frames * h * w * 3];
        new SplittableRandom(seed).nextBytes(d);
        return DecodedClip.of(d, frames, h, w);
    }

    static int[] values(DecodedClip c) {
        int[] v = new int[c.data().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = c.data()[i] & 0xFF;
        }
        return v;
    }

    // ------------------------------------------------------------------------------------------- point ops

    @Test
    void invertAndInvertTwice() {
        assertArrayEquals(new int[] {255, 155, 0}, values(ColorOps.invert(row(0, 100, 255))));
        DecodedClip n = noise(2, 5, 7, 1);
        assertArrayEquals(n.data(), ColorOps.invert(ColorOps.invert(n)).data());
    }

    @Test
    void posterizeKeepsTheTopBits() {
        DecodedClip c = row(127, 200, 255, 63, 64, 0);
        assertArrayEquals(new int[] {64, 192, 192, 0, 64, 0}, values(ColorOps.posterize(c, 2)));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0}, values(ColorOps.posterize(c, 0)));
        assertArrayEquals(new int[] {112, 192, 240, 48, 64, 0}, values(ColorOps.posterize(c, 4)));
        assertSame(c, ColorOps.posterize(c, 8));
    }

    @Test
    void solarizeInvertsFromTheThreshold() {
        DecodedClip c = row(0, 127, 128, 200, 255, 10);
        assertArrayEquals(new int[] {0, 127, 127, 55, 0, 10}, values(ColorOps.solarize(c, 128)));
        assertArrayEquals(values(c), values(ColorOps.solarize(c, 256)));
        assertArrayEquals(new int[] {255, 128, 127, 55, 0, 245}, values(ColorOps.solarize(c, 0)));
    }

    @Test
    void solarizeAddSaturatesBelowTheThreshold() {
        DecodedClip c = row(50, 127, 128, 200, 100, 0);
        assertArrayEquals(new int[] {127, 204, 128, 200, 177, 77}, values(ColorOps.solarizeAdd(c, 77, 128)));
        assertArrayEquals(new int[] {250, 255, 128, 200, 255, 200}, values(ColorOps.solarizeAdd(c, 200, 128)));
    }

    @Test
    void autoContrastStretchesEachChannelOfEachFrame() {
        // frame 0: R in {0, 10, 51} -> scale 5; G constant -> unchanged; B already full range
        // frame 1: R in {0, 17, 85} -> scale 3
        byte[] d = {0, 7, 0, 10, 7, (byte) 128, 51, 7, (byte) 255, 0, 9, 0, 17, 9, 1, 85, 9, 2};
        DecodedClip c = DecodedClip.of(d, 2, 1, 3);
        int[] out = values(ColorOps.autoContrast(c));
        assertArrayEquals(new int[] {0, 7, 0, 50, 7, 128, 255, 7, 255, 0, 9, 0, 51, 9, 127, 255, 9, 255}, out);
    }

    @Test
    void autoContrastLutTruncatesAndClips() {
        int[] h = new int[256];
        h[64] = 1;
        h[191] = 1;
        int[] lut = ColorOps.autoContrastLut(h);
        double scale = 255.0 / 127;
        assertEquals(0, lut[0]);
        assertEquals(0, lut[64]);
        assertEquals((int) (100 * scale - 64 * scale), lut[100]);
        assertEquals(255, lut[191]);
        assertEquals(255, lut[250]);
    }

    @Test
    void equalizeOnAKnownHistogram() {
        // 32x32 frame; R: 256 pixels each of 10, 20, 30, 40 -> step (1024 - 256) // 256 = 3, n0 = 1:
        // lut[10] = 1 // 3 = 0, lut[20] = 257 // 3 = 85, lut[30] = 513 // 3 = 171, lut[40] = 769 // 3 -> 255.
        // G: a single value -> identity. B: 1000 x 0 and 24 x 255 -> step 1000 // 256 = 3: 0 -> 0, 255 -> 255.
        byte[] d = new byte[32 * 32 * 3];
        for (int i = 0; i < 1024; i++) {
            d[3 * i] = (byte) (10 * (1 + i / 256));
            d[3 * i + 1] = 50;
            d[3 * i + 2] = (byte) (i < 1000 ? 0 : 255);
        }
        DecodedClip out = ColorOps.equalize(DecodedClip.of(d, 1, 32, 32));
        int[] expectedR = {0, 85, 171, 255};
        for (int i = 0; i < 1024; i++) {
            assertEquals(expectedR[i / 256], out.data()[3 * i] & 0xFF);
            assertEquals(50, out.data()[3 * i + 1] & 0xFF);
            assertEquals(i < 1000 ? 0 : 255, out.data()[3 * i + 2] & 0xFF);
        }
        // too few pixels for a step: identity
        DecodedClip tiny = grey(1, 4, 3, 3, 9, 200);
        assertArrayEquals(tiny.data(), ColorOps.equalize(tiny).data());
    }

    // --------------------------------------------------------------------------------------------- enhance

    @Test
    void brightnessBlendsWithBlackAndTruncates() {
        assertArrayEquals(new int[] {50, 127, 0}, values(Enhance.brightness(row(101, 255, 0), 0.5)));
        assertArrayEquals(new int[] {190, 255, 0}, values(Enhance.brightness(row(100, 200, 0), 1.9)));
    }

    @Test
    void colorBlendsWithPillowsGreyLevel() {
        assertEquals(76, Enhance.luma(255, 0, 0));
        assertEquals(150, Enhance.luma(0, 255, 0));
        assertEquals(29, Enhance.luma(0, 0, 255));
        assertEquals(123, Enhance.luma(123, 123, 123));
        assertArrayEquals(new int[] {76, 76, 76}, values(Enhance.color(row(255, 0, 0), 0.0)));
        // 76 + 0.5 (255 - 76) = 165.5 -> 165; 76 + 0.5 (0 - 76) = 38
        assertArrayEquals(new int[] {165, 38, 38}, values(Enhance.color(row(255, 0, 0), 0.5)));
    }

    @Test
    void contrastBlendsWithTheFrameMeanGrey() {
        DecodedClip c = grey(1, 2, 0, 200);
        assertArrayEquals(new int[] {100, 100, 100, 100, 100, 100}, values(Enhance.contrast(c, 0.0)));
        assertArrayEquals(new int[] {50, 50, 50, 150, 150, 150}, values(Enhance.contrast(c, 0.5)));
        assertArrayEquals(new int[] {0, 0, 0, 255, 255, 255}, values(Enhance.contrast(c, 1.9)));
    }

    @Test
    void sharpnessBlendsWithTheSmoothedFrameAndKeepsTheBorder() {
        int[] v = {0, 0, 0, 0, 130, 0, 0, 0, 0};
        DecodedClip c = grey(3, 3, v);
        // smoothed centre: 0.5 + 130 * 5/13 = 50.5 -> 50; border copied
        int[] smooth = values(Enhance.sharpness(c, 0.0));
        int[] sharp = values(Enhance.sharpness(c, 2.0));
        for (int i = 0; i < 9; i++) {
            for (int ch = 0; ch < 3; ch++) {
                assertEquals(i == 4 ? 50 : 0, smooth[3 * i + ch]);
                assertEquals(i == 4 ? 210 : 0, sharp[3 * i + ch]); // 50 + 2 (130 - 50)
            }
        }
        // a flat frame stays flat
        DecodedClip flat =
                grey(4, 5, new int[] {77, 77, 77, 77, 77, 77, 77, 77, 77, 77, 77, 77, 77, 77, 77, 77, 77, 77, 77, 77});
        assertArrayEquals(flat.data(), Enhance.sharpness(flat, 0.1).data());
    }

    @Test
    void enhanceFactorOneIsTheIdentity() {
        DecodedClip n = noise(2, 6, 5, 3);
        assertSame(n, Enhance.color(n, 1.0));
        assertSame(n, Enhance.contrast(n, 1.0));
        assertSame(n, Enhance.brightness(n, 1.0));
        assertSame(n, Enhance.sharpness(n, 1.0));
        // the blend itself is exact at 1: d + 1 * (v - d) = v
        assertEquals(201, Enhance.blend(17, 201, 1f));
    }

    // -------------------------------------------------------------------------------------------- geometry

    @Test
    void integerTranslationsShiftAndFillGrey() {
        DecodedClip c = grey(2, 4, 1, 2, 3, 4, 5, 6, 7, 8);
        RandAugment ra = RandAugment.builder().build();
        int[] left = values(RandAugmentOp.TRANSLATE_X.apply(c, 1.0, ra));
        int[] expected = {2, 3, 4, 128, 6, 7, 8, 128};
        for (int i = 0; i < 8; i++) {
            assertEquals(expected[i], left[3 * i], "pixel " + i);
        }
        int[] down = values(RandAugmentOp.TRANSLATE_Y.apply(c, -1.0, ra));
        int[] expectedDown = {128, 128, 128, 128, 1, 2, 3, 4};
        for (int i = 0; i < 8; i++) {
            assertEquals(expectedDown[i], down[3 * i], "pixel " + i);
        }
        // relative: 0.25 of the width 4 = 1 pixel
        assertArrayEquals(
                RandAugmentOp.TRANSLATE_X.apply(c, 1.0, ra).data(),
                RandAugmentOp.TRANSLATE_X_REL.apply(c, 0.25, ra).data());
    }

    @Test
    void halfPixelShiftUsesPillowsBicubicWithAMinusOne() {
        // row 0, 40, 80, 200 shifted by 0.5: weights (-1/8, 5/8, 5/8, -1/8), edges repeated, last pixel outside
        DecodedClip c = grey(1, 4, 0, 40, 80, 200);
        int[] out = values(AffineWarp.warp(c, new double[] {1, 0, 0.5, 0, 1, 0}, 128));
        assertEquals(15, out[0]); // 0 + 0 + 25 - 10
        assertEquals(50, out[3]); // 0 + 25 + 50 - 25 (a = -0.5 would give 55)
        assertEquals(145, out[6]); // -5 + 50 + 125 - 25
        assertEquals(128, out[9]);
    }

    @Test
    void rotateByNinetyDegreesIsExactAndCounterClockwise() {
        DecodedClip c = noise(2, 3, 3, 5);
        DecodedClip r = AffineWarp.warp(c, AffineWarp.rotation(90, 3, 3), 128);
        for (int f = 0; f < 2; f++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    for (int ch = 0; ch < 3; ch++) {
                        assertEquals(c.get(f, x, 2 - y, ch), r.get(f, y, x, ch));
                    }
                }
            }
        }
        // a rotated frame keeps its corners outside: 45 degrees on a square fills the corners with grey
        DecodedClip d = AffineWarp.warp(noise(1, 20, 20, 6), AffineWarp.rotation(45, 20, 20), 128);
        assertArrayEquals(
                new int[] {128, 128, 128}, new int[] {d.get(0, 0, 0, 0), d.get(0, 0, 0, 1), d.get(0, 0, 0, 2)});
    }

    @Test
    void magnitudeZeroLeavesGeometryAndEnhancementUnchanged() {
        DecodedClip c = noise(3, 9, 11, 7);
        RandAugment ra = RandAugment.builder().build();
        RandAugmentOp[] identityAtZero = {
            RandAugmentOp.ROTATE,
            RandAugmentOp.SHEAR_X,
            RandAugmentOp.SHEAR_Y,
            RandAugmentOp.TRANSLATE_X,
            RandAugmentOp.TRANSLATE_Y,
            RandAugmentOp.TRANSLATE_X_REL,
            RandAugmentOp.TRANSLATE_Y_REL,
            RandAugmentOp.COLOR_INCREASING,
            RandAugmentOp.CONTRAST_INCREASING,
            RandAugmentOp.BRIGHTNESS_INCREASING,
            RandAugmentOp.SHARPNESS_INCREASING,
            RandAugmentOp.SOLARIZE_INCREASING,
            RandAugmentOp.SOLARIZE_ADD
        };
        for (RandAugmentOp op : identityAtZero) {
            for (boolean negate : new boolean[] {false, true}) {
                double arg = op.argument(0.0, negate, ra);
                assertArrayEquals(c.data(), op.apply(c, arg, ra).data(), op + " negate=" + negate);
            }
        }
    }

    @Test
    void argumentsFollowTimmsLevelRules() {
        RandAugment ra = RandAugment.reference();
        assertEquals(21.0, RandAugmentOp.ROTATE.argument(7, false, ra), 1e-12);
        assertEquals(-21.0, RandAugmentOp.ROTATE.argument(7, true, ra), 1e-12);
        assertEquals(2, RandAugmentOp.POSTERIZE_INCREASING.argument(7, false, ra));
        assertEquals(4, RandAugmentOp.POSTERIZE_INCREASING.argument(0, false, ra));
        assertEquals(0, RandAugmentOp.POSTERIZE_INCREASING.argument(10, false, ra));
        assertEquals(2, RandAugmentOp.POSTERIZE.argument(7, true, ra)); // unsigned op ignores negate
        assertEquals(77, RandAugmentOp.SOLARIZE_INCREASING.argument(7, false, ra)); // 256 - int(179.2)
        assertEquals(179, RandAugmentOp.SOLARIZE.argument(7, false, ra));
        assertEquals(77, RandAugmentOp.SOLARIZE_ADD.argument(7, false, ra));
        assertEquals(1.63, RandAugmentOp.COLOR_INCREASING.argument(7, false, ra), 1e-12);
        assertEquals(0.37, RandAugmentOp.SHARPNESS_INCREASING.argument(7, true, ra), 1e-12);
        assertEquals(1.36, RandAugmentOp.CONTRAST.argument(7, false, ra), 1e-12);
        assertEquals(-0.21, RandAugmentOp.SHEAR_Y.argument(7, true, ra), 1e-12);
        assertEquals(0.315, RandAugmentOp.TRANSLATE_X_REL.argument(7, false, ra), 1e-12);
        assertEquals(70.0, RandAugmentOp.TRANSLATE_Y.argument(7, false, ra), 1e-12);
        assertEquals(RandAugmentOp.SOLARIZE_ADD, RandAugmentOp.ofTimmName("SolarizeAdd"));
    }
}
