package org.simvtp.models.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reconstruction PNG: enlarged and labelled by default, the bare grid at native size. */
class ReconstructionImageTest {

    private static final int T = 8;
    private static final int S = 64;

    @Test
    void maskRatiosAreUnsetByDefaultAndCheckedWhenSet() {
        ReconstructionOptions defaults = ReconstructionOptions.defaults();
        assertTrue(
                defaults.videoMaskRatio().isEmpty() && defaults.textMaskRatio().isEmpty());
        ReconstructionOptions set =
                ReconstructionOptions.builder().optVideoMaskRatio(0.5).build();
        assertEquals(OptionalDouble.of(0.5), set.videoMaskRatio());
        assertTrue(set.textMaskRatio().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ReconstructionOptions.builder()
                .optTextMaskRatio(Double.NaN)
                .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> ReconstructionOptions.builder().optVideoMaskRatio(1).build());
    }

    private static Reconstruction tiny(ReconstructionOptions options) {
        Random random = new Random(5);
        float[][] rows = new float[3][3 * T * S * S];
        for (float[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextFloat();
            }
        }
        return new Reconstruction(
                T,
                S,
                S,
                rows[0],
                rows[1],
                rows[2],
                null,
                "a cat",
                "[CLS] a [mask] [SEP]",
                "[CLS] a cat [SEP]",
                "a cat",
                1,
                options);
    }

    @Test
    void nativeSizeIsTheBareGrid() {
        Reconstruction r = tiny(ReconstructionOptions.builder().optNativeSize().build());
        BufferedImage image = r.toImage();
        assertEquals(T * S, image.getWidth());
        assertEquals(3 * S, image.getHeight());
        float[] original = r.original();
        int plane = T * S * S;
        int i = (2 * S + 5) * S + 7; // frame 2, y 5, x 7
        int expected = (Math.round(original[i] * 255) << 16)
                | (Math.round(original[plane + i] * 255) << 8)
                | Math.round(original[2 * plane + i] * 255);
        assertEquals(expected, image.getRGB(2 * S + 7, 5) & 0xFFFFFF);
    }

    @Test
    void defaultEnlargesFramesToAtLeast192PixelsAndLabelsTheRows() {
        Reconstruction r = tiny(ReconstructionOptions.defaults());
        assertEquals(3, ReconstructionOptions.defaults().scaleFor(S));
        BufferedImage image = r.toImage();
        int margin = image.getWidth() - T * 3 * S;
        assertEquals(3 * 3 * S, image.getHeight(), "3 rows of 192-pixel frames");
        assertEquals(r.labelMarginWidth(3), margin);
        assertTrue(margin >= 60, "a label margin of " + margin + " px");
        assertEquals(0xFFFFFF, image.getRGB(0, 0) & 0xFFFFFF, "white margin");
        if (GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames().length > 0) {
            for (int row = 0; row < 3; row++) {
                assertTrue(
                        darkPixels(image, margin, row * 3 * S, (row + 1) * 3 * S) > 20,
                        "label of row " + row + " drawn");
            }
        }

        BufferedImage nativeImage = r.toImage(1, false);
        for (int[] p : new int[][] {
            {0, 0},
            {margin, 0},
            {margin + 2, 1},
            {image.getWidth() - 1, 0},
            {image.getWidth() - 1, image.getHeight() - 1},
            {margin + 3 * S + 100, 2 * 3 * S + 191}
        }) {
            int x = p[0];
            int y = p[1];
            if (x < margin) {
                continue;
            }
            assertEquals(nativeImage.getRGB((x - margin) / 3, y / 3), image.getRGB(x, y), "pixel " + x + "," + y);
        }
        // every pixel of one frame cell (row 1, frame 5) is its nearest native pixel
        for (int y = 3 * S; y < 6 * S; y++) {
            for (int x = margin + 5 * 3 * S; x < margin + 6 * 3 * S; x++) {
                assertEquals(nativeImage.getRGB((x - margin) / 3, y / 3), image.getRGB(x, y));
            }
        }
    }

    @Test
    void scaleOptions() {
        assertEquals(6, ReconstructionOptions.defaults().scaleFor(32));
        assertEquals(1, ReconstructionOptions.defaults().scaleFor(224));
        assertEquals(2, ReconstructionOptions.builder().optScale(2).build().scaleFor(64));
        BufferedImage unlabelled = tiny(ReconstructionOptions.builder()
                        .optScale(2)
                        .optLabels(false)
                        .build())
                .toImage();
        assertEquals(T * 2 * S, unlabelled.getWidth());
        assertEquals(3 * 2 * S, unlabelled.getHeight());
        assertThrows(
                IllegalArgumentException.class,
                () -> ReconstructionOptions.builder().optScale(-1).build());
        assertThrows(IllegalArgumentException.class, () -> tiny(ReconstructionOptions.defaults())
                .toImage(0, true));
    }

    private static int darkPixels(BufferedImage image, int margin, int y0, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < margin; x++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xFF) < 128 && ((rgb >> 8) & 0xFF) < 128 && (rgb & 0xFF) < 128) {
                    n++;
                }
            }
        }
        return n;
    }
}
