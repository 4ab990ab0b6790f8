package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.metrics.RetrievalScores;
import org.simvtp.train.StepRecord;
import org.simvtp.train.eval.RetrievalResult;
import org.simvtp.train.observe.JsonlMetricsWriter;

/**
 * The README's main job, run through the jar with a short budget: pre-training the tiny preset on the synthetic
 * set must lower every loss, and zero-shot text-to-video retrieval on 100 held-out clips must be far above
 * chance (chance: R@5 5 %, median rank 50.5). Measured on a 2-core VM (181 steps): R@1 9, R@5 50, median
 * rank 5.5.
 */
@Tag("slow")
class QuickstartIT {

    @Test
    void aShortPretrainingLearnsAndWritesItsPictures(@TempDir Path dir) throws Exception {
        // a fixed number of steps (the time budget only guards against a stuck run), so the check does not
        // depend on how busy the machine is
        SimvtpJar.Result run = SimvtpJar.run(
                Duration.ofMinutes(15),
                "quickstart",
                "--out",
                dir.toString(),
                "--steps",
                "200",
                "--minutes",
                "12",
                "--clips",
                "384",
                "--test-clips",
                "100");
        assertEquals(0, run.exitCode(), output(run));
        assertTrue(run.stdout().contains("retrieval: 100 videos"), output(run));

        for (String png : List.of("loss.png", "reconstruction.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertNotNull(image, png + " is not a readable PNG");
            assertTrue(image.getWidth() > 0 && image.getHeight() > 0);
        }

        List<StepRecord> steps = JsonlMetricsWriter.read(dir.resolve("metrics.jsonl"));
        assertEquals(200, steps.size(), "the run stopped early (time budget?)");
        for (String loss : List.of("loss_v", "loss_t", "loss_vtc", "loss_vtm")) {
            double first = mean(steps.subList(0, 10), loss);
            double last = mean(steps.subList(steps.size() - 10, steps.size()), loss);
            assertTrue(last < first, loss + " did not fall: " + first + " -> " + last);
        }

        RetrievalResult result = RetrievalResult.fromJson(Files.readString(dir.resolve("retrieval.json")));
        RetrievalScores t2v = result.report().textToVideo();
        assertTrue(t2v.r5() >= 4 * result.chanceTextToVideoRecall(5), "R@5 not well above chance: " + t2v);
        assertTrue(t2v.medianRank() <= 20, "median rank not well below chance (50.5): " + t2v);
        assertTrue(t2v.r1() > 2 * result.chanceTextToVideoRecall(1), "R@1 not above chance: " + t2v);
    }

    private static String output(SimvtpJar.Result run) {
        return "exit " + run.exitCode() + "\n--- stdout\n" + run.stdout() + "\n--- stderr\n" + run.stderr();
    }

    private static double mean(List<StepRecord> steps, String key) {
        return steps.stream().mapToDouble(s -> s.losses().get(key)).average().orElseThrow();
    }
}
