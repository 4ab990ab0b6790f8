package org.simvtp.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomErasingTest {
    private static ClipTensor filled(int t, int h, int w, float value) {
        float[] d = new float[3 * t * h * w];
        Arrays.fill(d, value);
        return new ClipTensor(d, 3, t, h, w);
    }

    @Test
    void probabilityZeroNeverErases() {
        RandomErasing never = RandomErasing.builder().optProbability(0).build();
        ClipTensor x = filled(2, 16, 16, 0.5f);
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 2000; i++) {
            assertSame(x, never.apply(x, rng));
        }
    }

    @Test
    void boxesRespectAreaAndAspectBounds() {
        RandomErasing always = RandomErasing.builder().optProbability(1).build();
        SplittableRandom rng = new SplittableRandom(2);
        int h = 224;
        int w = 224;
        double minArea = Double.MAX_VALUE;
        double maxArea = 0;
        for (int i = 0; i < 3000; i++) {
            Optional<CropBox> box = always.drawBox(h, w, rng);
            assertTrue(box.isPresent());
            CropBox b = box.get();
            assertTrue(b.x() >= 0 && b.y() >= 0 && b.x() + b.width() <= w && b.y() + b.height() <= h);
            assertTrue(b.width() < w && b.height() < h);
            // h and w are rounded from sqrt(area * aspect) and sqrt(area / aspect)
            double slack = (b.width() + b.height()) / 2.0 + 1;
            double area = (double) b.width() * b.height();
            assertTrue(area >= 0.02 * h * w - slack && area <= h * w / 3.0 + slack, "area " + area);
            assertTrue((b.height() + 0.5) / (b.width() - 0.5) >= 0.3, "aspect " + b);
            assertTrue((b.height() - 0.5) / (b.width() + 0.5) <= 1 / 0.3, "aspect " + b);
            minArea = Math.min(minArea, area / (h * w));
            maxArea = Math.max(maxArea, area / (h * w));
        }
        assertTrue(minArea < 0.03 && maxArea > 0.3, minArea + " .. " + maxArea);
    }

    @Test
    void referenceErasesAboutAQuarterOfTheClips() {
        RandomErasing ref = RandomErasing.reference();
        assertEquals(0.25, ref.probability());
        assertEquals(RandomErasing.Mode.PIXEL, ref.mode());
        SplittableRandom rng = new SplittableRandom(3);
        int erased = 0;
        for (int i = 0; i < 4000; i++) {
            erased += ref.drawBox(32, 32, rng).isPresent() ? 1 : 0;
        }
        assertEquals(0.25, erased / 4000.0, 0.02);
    }

    @Test
    void sameBoxInEveryFrameWithFreshNoise() {
        RandomErasing always = RandomErasing.builder().optProbability(1).build();
        int t = 4;
        int h = 20;
        int w = 24;
        for (int seed = 0; seed < 20; seed++) {
            ClipTensor x = filled(t, h, w, 0f);
            CropBox expected = always.drawBox(h, w, new SplittableRandom(seed)).orElseThrow();
            ClipTensor y = always.apply(x, new SplittableRandom(seed));
            for (int c = 0; c < 3; c++) {
                for (int f = 0; f < t; f++) {
                    for (int r = 0; r < h; r++) {
                        for (int col = 0; col < w; col++) {
                            boolean inside = r >= expected.y()
                                    && r < expected.y() + expected.height()
                                    && col >= expected.x()
                                    && col < expected.x() + expected.width();
                            assertEquals(inside, y.get(c, f, r, col) != 0f, "seed " + seed);
                        }
                    }
                }
            }
            assertNotEquals(y.get(0, 0, expected.y(), expected.x()), y.get(0, 1, expected.y(), expected.x()));
            assertEquals(0f, x.data()[0]); // input untouched
        }
    }

    @Test
    void pixelNoiseIsStandardNormal() {
        RandomErasing big = RandomErasing.builder()
                .optProbability(1)
                .optArea(0.3, 0.3)
                .optAspect(1, 1)
                .build();
        ClipTensor y = big.apply(filled(8, 64, 64, Float.NaN), new SplittableRandom(5));
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (float v : y.data()) {
            if (!Float.isNaN(v)) {
                sum += v;
                sq += v * v;
                n++;
            }
        }
        assertEquals(3 * 8 * 35 * 35, n); // rint(sqrt(0.3 * 4096)) = 35
        assertEquals(0.0, sum / n, 0.03);
        assertEquals(1.0, sq / n, 0.05);
    }

    @Test
    void constAndRandModes() {
        RandomErasing zeros = RandomErasing.builder()
                .optProbability(1)
                .optMode(RandomErasing.Mode.CONST)
                .build();
        ClipTensor y = zeros.apply(filled(2, 10, 10, 1f), new SplittableRandom(6));
        long zeroCount = 0;
        for (float v : y.data()) {
            zeroCount += v == 0f ? 1 : 0;
        }
        assertTrue(zeroCount > 0 && zeroCount % 6 == 0);

        RandomErasing rand = RandomErasing.builder()
                .optProbability(1)
                .optMode(RandomErasing.Mode.RAND)
                .build();
        CropBox b = rand.drawBox(10, 10, new SplittableRandom(7)).orElseThrow();
        ClipTensor z = rand.apply(filled(2, 10, 10, 1f), new SplittableRandom(7));
        for (int c = 0; c < 3; c++) {
            for (int f = 0; f < 2; f++) {
                float first = z.get(c, f, b.y(), b.x());
                assertEquals(first, z.get(c, f, b.y() + b.height() - 1, b.x() + b.width() - 1));
            }
        }
        assertNotEquals(z.get(0, 0, b.y(), b.x()), z.get(1, 0, b.y(), b.x()));
    }

    @Test
    void reproducibleFromTheSeed() {
        RandomErasing always = RandomErasing.builder().optProbability(1).build();
        ClipTensor x = filled(3, 16, 16, 0.25f);
        assertArrayEquals(
                always.apply(x, new SplittableRandom(9)).data(),
                always.apply(x, new SplittableRandom(9)).data());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(
                IllegalArgumentException.class,
                () -> RandomErasing.builder().optProbability(-0.1).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> RandomErasing.builder().optArea(0.5, 0.1).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> RandomErasing.builder().optAspect(0, 2).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> RandomErasing.builder().optAttempts(0).build());
    }
}
