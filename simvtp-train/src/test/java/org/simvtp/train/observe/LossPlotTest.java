package org.simvtp.train.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.train.StepRecord;
import org.simvtp.train.TrainingListener;
import org.simvtp.train.TrainingSummary;

class LossPlotTest {

    static List<StepRecord> history(int steps) {
        List<StepRecord> out = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            double t = 3.0 * Math.exp(-s / 20.0) + 0.1 * Math.sin(s);
            boolean skipped = s == 17;
            out.add(new StepRecord(
                    s,
                    steps,
                    1e-3 * Math.min(1, s / 10.0),
                    Map.of("loss", skipped ? Double.NaN : 1 + t, "loss_v", 1.0, "loss_t", t),
                    8,
                    0.1,
                    skipped,
                    1));
        }
        return out;
    }

    static int count(BufferedImage image, int x0, int y0, int x1, int y1, int rgb) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void writesAPngOfTheExpectedSizeWithCurvesInBothPanels(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("plots/loss.png");
        LossPlot.write(history(60), png);
        byte[] head = new byte[8];
        System.arraycopy(Files.readAllBytes(png), 0, head, 0, 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1000, image.getWidth());
        assertEquals(700, image.getHeight());
        int panel = 700 * 2 / 3;
        int background = LinePlot.BACKGROUND.getRGB() & 0xFFFFFF;
        int total = 1000 * 700;
        assertTrue(count(image, 0, 0, 1000, 700, background) < total * 0.97, "something was drawn");
        // the first series ("loss") in palette colour 0, the learning rate in dark grey below
        int lossPixels =
                count(image, 0, 0, 1000, panel, LinePlot.paletteColor(0).getRGB() & 0xFFFFFF);
        int tPixels = count(image, 0, 0, 1000, panel, LinePlot.paletteColor(2).getRGB() & 0xFFFFFF);
        int lrPixels = count(image, 0, panel, 1000, 700, java.awt.Color.DARK_GRAY.getRGB() & 0xFFFFFF);
        assertTrue(lossPixels > 200, "loss curve pixels: " + lossPixels);
        assertTrue(tPixels > 200, "loss_t curve pixels: " + tPixels);
        assertTrue(lrPixels > 300, "lr curve, axes and labels: " + lrPixels);
        assertEquals(
                0,
                count(image, 0, panel, 1000, 700, LinePlot.paletteColor(0).getRGB() & 0xFFFFFF),
                "losses stay in the top panel");
    }

    @Test
    void listenerWritesAtTheEndAndSizeIsConfigurable(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("loss.png");
        TrainingListener l =
                LossPlot.builder().optSize(400, 300).optSmoothing(0.6).build().listener(png);
        l.onEnd(new TrainingSummary(0, 30, 1, Map.of(), Map.of(), 3, 240, history(30)));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(400, image.getWidth());
        assertEquals(300, image.getHeight());
    }

    @Test
    void smoothingIsADebiasedMovingAverageWithGaps() {
        double[] s = LossPlot.smooth(new double[] {2, 2, Double.NaN, 2}, 0.9);
        assertEquals(2, s[0], 1e-12);
        assertEquals(2, s[1], 1e-12);
        assertTrue(Double.isNaN(s[2]));
        assertEquals(2, s[3], 1e-12);
        double[] step = LossPlot.smooth(new double[] {0, 1}, 0.5);
        assertEquals(2.0 / 3, step[1], 1e-12); // (0.5*0 + 0.5*1) / (1 - 0.5²)
    }

    @Test
    void nothingToPlotIsAnError() {
        assertThrows(
                IllegalArgumentException.class, () -> LossPlot.builder().build().render(List.of()));
    }

    @Test
    void axisTicksAreNiceNumbers() {
        assertEquals(0.5, LinePlot.Axis.niceStep(0.23), 1e-12);
        assertEquals(2e-4, LinePlot.Axis.niceStep(1.3e-4), 1e-16);
        assertEquals(10, LinePlot.Axis.niceStep(7), 1e-12);
        LinePlot.Axis axis = LinePlot.Axis.of(
                List.of(new LinePlot.Series(
                        "s", new double[] {1, 2}, new double[] {0.13, 2.71}, java.awt.Color.RED, 1f)),
                false);
        assertEquals(0.0, axis.min, 1e-12);
        assertEquals(3.0, axis.max, 1e-12);
        assertEquals(1.0, axis.step, 1e-12);
        assertEquals("2", axis.format(2.0));
        assertEquals("0", axis.format(1e-17));
        LinePlot.Axis small = LinePlot.Axis.of(
                List.of(new LinePlot.Series(
                        "s", new double[] {1, 2}, new double[] {0.01, 0.23}, java.awt.Color.RED, 1f)),
                false);
        assertEquals(0.05, small.step, 1e-12);
        assertEquals("0.15", small.format(0.15));
        LinePlot.Axis lr = LinePlot.Axis.of(
                List.of(new LinePlot.Series(
                        "lr", new double[] {1, 2}, new double[] {0, 1.5e-4}, java.awt.Color.RED, 1f)),
                false);
        assertEquals("1.0e-04", lr.format(1e-4));
    }
}
