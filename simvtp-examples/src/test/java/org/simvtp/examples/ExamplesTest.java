package org.simvtp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.models.facade.Reconstruction;
import org.simvtp.models.facade.ReconstructionOptions;
import org.simvtp.models.facade.SearchHit;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.parity.ParityReport;
import org.simvtp.train.recipes.PretrainResult;

/** Each example's {@code runExample} on tiny inputs: the code users run. */
class ExamplesTest {

    @Test
    void customObjectiveExampleTrainsItsOwnObjectiveNextToTheReferenceOnes() {
        java.util.Map<String, double[]> losses = CustomObjectiveExample.runExample(20);
        assertEquals(java.util.Set.copyOf(CustomObjectiveExample.lossKeys()), losses.keySet());
        losses.forEach((k, v) -> assertTrue(Double.isFinite(v[0]) && Double.isFinite(v[1]), k));
        double[] colour = losses.get("loss_mean_colour");
        assertTrue(colour[1] < colour[0], "the custom objective learns: " + colour[0] + " -> " + colour[1]);
    }

    @Test
    void parityExamplePassesOnTheReferenceBundle() throws Exception {
        ParityReport report = ParityExample.runExample(
                Path.of("..", "simvtp-models", "src", "test", "resources", "parity", "simvtp-tiny"));
        assertTrue(report.passed(), report::table);
    }

    @Test
    void encodeAndSearchRanksTheFolderAndSkipsBrokenFiles(@TempDir Path dir) throws Exception {
        Path videos = dir.resolve("videos");
        TestData.syntheticDataset(videos, 3);
        TestData.corruptVideo(videos.resolve("broken.mp4"));
        Path checkpoint = TestData.randomCheckpoint(dir.resolve("model.safetensors"));

        List<SearchHit> hits = EncodeAndSearchExample.runExample(checkpoint, videos, "a red circle", 5);
        assertEquals(3, hits.size());
        assertTrue(hits.get(0).score() >= hits.get(1).score()
                && hits.get(1).score() >= hits.get(2).score());
        assertFalse(hits.stream().anyMatch(h -> h.video().endsWith("broken.mp4")));
        assertTrue(Files.isDirectory(videos.resolve(".simvtp-index")));
    }

    @Test
    void reconstructionExampleWritesTheGrid(@TempDir Path dir) throws Exception {
        Path video = TestData.syntheticDataset(dir.resolve("videos"), 1).resolveSibling("synthetic-00000.mp4");
        Path checkpoint = TestData.randomCheckpoint(dir.resolve("model.safetensors"));
        Path png = dir.resolve("grid.png");

        Reconstruction r = ReconstructionExample.runExample(checkpoint, video, "a small red circle moves left", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        int scale = ReconstructionOptions.defaults().scaleFor(r.height());
        assertEquals(r.frames() * r.width() * scale + r.labelMarginWidth(scale), image.getWidth());
        assertEquals(3 * r.height() * scale, image.getHeight());
        assertTrue(r.maskedCaption().contains("[mask]"), r.summary());
    }

    @Tag("slow")
    @Test
    void pretrainSyntheticExampleTrainsAndSavesLoadableWeights(@TempDir Path dir) throws Exception {
        PretrainResult r = PretrainSyntheticExample.runExample(dir, 8, 2);
        assertEquals(2, r.training().finalStep());
        assertTrue(Double.isFinite(r.training().lastLosses().get("loss")));
        try (Simvtp simvtp = Simvtp.load(r.weights())) {
            assertEquals(r.config(), simvtp.config());
        }
        PretrainResult resumed = PretrainSyntheticExample.runExample(dir, 8, 3);
        assertTrue(resumed.resumed());
        assertEquals(3, resumed.training().finalStep());
    }
}
