package org.simvtp.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simvtp.data.video.DecodedClip;

class TransformsTest {
    /** A clip whose frame f is the same picture with every value offset by f (so crops can be compared). */
    private static DecodedClip clip(int frames, int w, int h) {
        byte[] d = new byte[frames * h * w * 3];
        int i = 0;
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[i++] = (byte) ((x + f) % 256);
                    d[i++] = (byte) ((y + f) % 256);
                    d[i++] = (byte) ((x * 7 + y * 3 + f) % 256);
                }
            }
        }
        return DecodedClip.of(d, frames, h, w);
    }

    private static void assertSameCropInEveryFrame(DecodedClip out) {
        for (int f = 1; f < out.frames(); f++) {
            for (int y = 0; y < out.height(); y += 7) {
                for (int x = 0; x < out.width(); x += 7) {
                    // frame f = frame 0 + f in the red channel away from wrap-around
                    int r0 = out.get(0, y, x, 0);
                    if (r0 < 200) {
                        assertEquals(r0 + f, out.get(f, y, x, 0), 1, "frame " + f + " at " + x + "," + y);
                    }
                }
            }
        }
    }

    // -------------------------------------------------------------------------------------------- resizing

    @Test
    void bilinearResizeSamplesAtPixelCentres() {
        // 1x4 row 0, 100, 200, 250 -> width 2: centres at 1.0 and 3.0 -> (0+100)/2, (200+250)/2
        byte[] d = new byte[12];
        int[] v = {0, 100, 200, 250};
        for (int x = 0; x < 4; x++) {
            d[x * 3] = (byte) v[x];
        }
        DecodedClip row = DecodedClip.of(d, 1, 1, 4);
        DecodedClip half = Resize.resize(row, 2, 1, Resize.Mode.BILINEAR);
        assertEquals(50, half.get(0, 0, 0, 0));
        assertEquals(225, half.get(0, 0, 1, 0));
        // upscaling 4 -> 8: output 1 sits at source 0.25 -> 0.75*0 + 0.25*100; output 0 clamps to pixel 0
        DecodedClip up = Resize.resize(row, 8, 1, Resize.Mode.BILINEAR);
        assertEquals(0, up.get(0, 0, 0, 0));
        assertEquals(25, up.get(0, 0, 1, 0));
        assertEquals(75, up.get(0, 0, 2, 0));
        assertEquals(250, up.get(0, 0, 7, 0));
        // antialiased halving averages with the wider triangle: weights 1/8, 3/8, 3/8, 1/8 (edges renormalised)
        DecodedClip aa = Resize.resize(row, 2, 1, Resize.Mode.BILINEAR_ANTIALIAS);
        assertEquals(Math.round((0 * 3 + 100 * 3 + 200 * 1) / 7.0), aa.get(0, 0, 0, 0));
    }

    @Test
    void constantImagesStayConstant() {
        byte[] d = new byte[2 * 30 * 50 * 3];
        java.util.Arrays.fill(d, (byte) 77);
        DecodedClip c = DecodedClip.of(d, 2, 30, 50);
        for (Resize.Mode m : Resize.Mode.values()) {
            DecodedClip r = Resize.resize(c, 17, 41, m);
            for (byte b : r.data()) {
                assertEquals(77, b & 0xFF);
            }
        }
    }

    // ------------------------------------------------------------------------------ multi-scale crop (§5.1)

    @Test
    void multiScaleCropCandidatesFor320x240() {
        GroupMultiScaleCrop t = new GroupMultiScaleCrop(224);
        // base 240: int(240 * {1, .875, .75, .66}) = 240, 210, 180, 158 -> none within 3 px of 224
        List<int[]> pairs = t.candidatePairs(320, 240);
        assertEquals(10, pairs.size()); // |i - j| <= 1 over 4 scales: 4 + 3 + 3
        assertArrayEquals(new int[] {240, 240}, pairs.get(0));
        assertArrayEquals(new int[] {210, 240}, pairs.get(1));
        assertArrayEquals(new int[] {240, 210}, pairs.get(2));
        assertArrayEquals(new int[] {158, 158}, pairs.get(9));
        // base 256: 256, 224, 192, 168 -> pairs (256,256), (224,256), (256,224), (224,224), ...
        assertArrayEquals(new int[] {224, 224}, t.candidatePairs(340, 256).get(3));
        // base 226: 226 -> snapped to 224, 197, 169, 149
        assertArrayEquals(new int[] {224, 224}, t.candidatePairs(300, 226).get(0));
    }

    @Test
    void multiScaleCropThirteenFixedOffsets() {
        List<int[]> o = GroupMultiScaleCrop.fixedOffsets(320, 240, 210, 180);
        // wStep = 110 // 4 = 27, hStep = 60 // 4 = 15
        assertEquals(13, o.size());
        int[][] expected = {
            {0, 0}, {108, 0}, {0, 60}, {108, 60}, {54, 30}, {0, 30}, {108, 30}, {54, 60}, {54, 0}, {27, 15}, {81, 15},
            {27, 45}, {81, 45}
        };
        for (int i = 0; i < 13; i++) {
            assertArrayEquals(expected[i], o.get(i), "offset " + i);
        }
    }

    @Test
    void multiScaleCropDrawsEveryPairAndOffsetAndOutputsTheSize() {
        GroupMultiScaleCrop t = new GroupMultiScaleCrop(224);
        SplittableRandom rng = new SplittableRandom(1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            CropBox b = t.chooseCrop(320, 240, rng);
            assertTrue(b.x() >= 0 && b.y() >= 0 && b.x() + b.width() <= 320 && b.y() + b.height() <= 240);
            seen.add(b.width() + "x" + b.height() + "@" + b.x() + "," + b.y());
        }
        assertTrue(seen.size() > 100, "distinct crops " + seen.size());
        DecodedClip out = t.apply(clip(4, 320, 240), new SplittableRandom(5));
        assertEquals(4, out.frames());
        assertEquals(224, out.height());
        assertEquals(224, out.width());
        assertSameCropInEveryFrame(out);
    }

    @Test
    void multiScaleCropOfAnUndersizedFramePadsWithBlack() {
        // base 222: int(222) = 222 is within 3 px of 224 -> crop 224 > 222: PIL pads the outside with black
        DecodedClip out = new GroupMultiScaleCrop(224).apply(clip(1, 222, 222), new SplittableRandom(0));
        assertEquals(224, out.width());
    }

    // ------------------------------------------------------------------------- random resized crop (§5.2)

    @Test
    void randomResizedCropRespectsAreaAndAspect() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 2000; i++) {
            CropBox b = RandomResizedCropFlip.chooseCrop(320, 240, rng);
            double area = (double) b.width() * b.height() / (320 * 240);
            double aspect = (double) b.width() / b.height();
            assertTrue(area >= 0.07 && area <= 1.0, "area " + area);
            assertTrue(aspect >= 0.74 && aspect <= 1.35, "aspect " + aspect);
            assertTrue(b.x() >= 0 && b.y() >= 0 && b.x() + b.width() <= 320 && b.y() + b.height() <= 240);
        }
        // a 1000:1 strip: no crop of >= 8% area with aspect <= 4/3 fits, so the centre fallback is
        // height x round(height * 4/3) = 13 x 10 at x = (10000 - 13) / 2
        CropBox f = RandomResizedCropFlip.chooseCrop(10000, 10, new SplittableRandom(0));
        assertEquals(new CropBox(4993, 0, 13, 10), f);
    }

    @Test
    void randomResizedCropFlipsAboutHalfTheTimeAndKeepsFramesAligned() {
        RandomResizedCropFlip t = new RandomResizedCropFlip(112);
        DecodedClip in = clip(3, 160, 120);
        int flipped = 0;
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            DecodedClip out = t.apply(in, rng);
            assertEquals(112, out.width());
            assertEquals(112, out.height());
            // red = x: increasing left to right unless flipped
            if (out.get(0, 50, 100, 0) < out.get(0, 50, 10, 0)) {
                flipped++;
            }
            if (i < 5) {
                assertSameCropInEveryFrame(out);
            }
        }
        assertTrue(flipped > 70 && flipped < 130, "flipped " + flipped);
    }

    // -------------------------------------------------------------------------------- test crops (§5.2)

    @Test
    void testResizeCropSizesAndStarts() {
        TestResizeCrop t = new TestResizeCrop(224, 3);
        DecodedClip resized = t.resizeShortSide(clip(2, 320, 240));
        assertEquals(224, resized.height());
        assertEquals(298, resized.width()); // int(224 * 320 / 240) = int(298.67)
        List<DecodedClip> views = t.apply(clip(2, 320, 240));
        assertEquals(3, views.size());
        // starts int(c * (298 - 224) / 2) = 0, 37, 74 along the width
        assertArrayEquals(resized.crop(37, 0, 224, 224).data(), views.get(1).data());
        assertArrayEquals(resized.crop(74, 0, 224, 224).data(), views.get(2).data());
        // portrait: crops along the height
        DecodedClip tall = t.resizeShortSide(clip(1, 224, 300));
        assertEquals(300, tall.height());
        assertArrayEquals(tall.crop(0, 76, 224, 224).data(), t.crop(tall, 2).data());
        assertThrows(IllegalArgumentException.class, () -> new TestResizeCrop(224, 1));
    }

    // ------------------------------------------------------------------------------------- normalisation

    @Test
    void imagenetNormalisationValuesAndLayout() {
        byte[] d = new byte[2 * 1 * 2 * 3];
        // frame 0: pixel (0,0) = (0, 128, 255), pixel (0,1) = (255, 0, 0); frame 1: all 255
        d[1] = (byte) 128;
        d[2] = (byte) 255;
        d[3] = (byte) 255;
        for (int i = 6; i < 12; i++) {
            d[i] = (byte) 255;
        }
        ClipTensor t = ImageNetNormalize.imagenet().apply(DecodedClip.of(d, 2, 1, 2));
        assertEquals(3, t.channels());
        assertEquals(2, t.frames());
        assertEquals((0f - 0.485f) / 0.229f, t.get(0, 0, 0, 0), 1e-6);
        assertEquals((128 / 255f - 0.456f) / 0.224f, t.get(1, 0, 0, 0), 1e-6);
        assertEquals((1f - 0.406f) / 0.225f, t.get(2, 0, 0, 0), 1e-6);
        assertEquals((1f - 0.485f) / 0.229f, t.get(0, 0, 0, 1), 1e-6);
        assertEquals((1f - 0.456f) / 0.224f, t.get(1, 1, 0, 1), 1e-6);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = t.toNDArray(m);
            assertEquals(new ai.djl.ndarray.types.Shape(3, 2, 1, 2), a.getShape());
            assertEquals(t.get(1, 0, 0, 0), a.getFloat(1, 0, 0, 0), 0f);
        }
    }

    @Test
    void pipelinesProduceModelShapedTensors() {
        DecodedClip in = clip(16, 320, 240);
        ClipTensor a =
                ClipTransform.pretrain(224).apply(in, new SplittableRandom(0)).get(0);
        assertEquals(List.of(3, 16, 224, 224), List.of(a.channels(), a.frames(), a.height(), a.width()));
        ClipTensor b = ClipTransform.finetuneTrain(224)
                .apply(in, new SplittableRandom(0))
                .get(0);
        assertEquals(224, b.width());
        assertEquals(3, ClipTransform.test(224, 3).apply(in, null).size());
    }
}
