package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.examples.TestData;
import org.simvtp.models.facade.ReconstructionOptions;

/** {@code visualize} writes the reconstruction grid and prints the three captions. */
class VisualizeIT {

    @Test
    void writesAPngGridAndPrintsTheCaptions(@TempDir Path dir) throws Exception {
        Path video = TestData.syntheticDataset(dir.resolve("videos"), 1).resolveSibling("synthetic-00000.mp4");
        Path checkpoint = TestData.randomCheckpoint(dir.resolve("model.safetensors"));
        Path png = dir.resolve("out").resolve("grid.png");

        SimvtpJar.Result r = SimvtpJar.run(
                Duration.ofSeconds(120),
                "visualize",
                "--checkpoint",
                checkpoint.toString(),
                "--video",
                video.toString(),
                "--caption",
                "a small red circle moves left",
                "--out",
                png.toString(),
                "--seed",
                "7");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("original:  a small red circle moves left"), r.describe());
        assertTrue(r.stdout().contains("masked:") && r.stdout().contains("[mask]"), r.describe());
        assertTrue(r.stdout().contains("predicted: [CLS]"), r.describe());
        assertFalse(r.stderr().contains("AutoNonVariableTypeMode"), r.describe());

        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a PNG: " + png);
        SimvtpConfig c = TestData.smallConfig();
        int scale = ReconstructionOptions.defaults().scaleFor(c.imageSize()); // 32 px frames: 6, 192 px
        assertEquals(3 * c.imageSize() * scale, image.getHeight());
        assertTrue(image.getWidth() > c.numFrames() * c.imageSize() * scale, "a label margin");
        assertTrue(r.stdout().contains("(" + image.getWidth() + "x" + image.getHeight() + ")"), r.describe());

        Path bare = dir.resolve("bare.png");
        SimvtpJar.Result native1 = SimvtpJar.run(
                Duration.ofSeconds(120),
                "visualize",
                "--checkpoint",
                checkpoint.toString(),
                "--video",
                video.toString(),
                "--caption",
                "a small red circle moves left",
                "--out",
                bare.toString(),
                "--native-size");
        assertEquals(0, native1.exitCode(), native1.describe());
        assertFalse(native1.stderr().contains("AutoNonVariableTypeMode"), native1.describe());
        BufferedImage small = ImageIO.read(bare.toFile());
        assertEquals(c.numFrames() * c.imageSize(), small.getWidth());
        assertEquals(3 * c.imageSize(), small.getHeight());
    }
}
