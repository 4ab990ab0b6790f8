package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.examples.TestData;
import org.simvtp.models.checkpoint.SafetensorsReader;
import org.simvtp.train.observe.JsonlMetricsWriter;

/** The training path end to end: pretrain, resume, finetune from it, evaluate. */
@Tag("slow")
class PretrainFinetuneIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    @Test
    void pretrainResumeFinetuneEvaluate(@TempDir Path dir) throws Exception {
        Path annotations = TestData.syntheticDataset(dir.resolve("data"), 8);
        Path run = dir.resolve("pretrain");

        SimvtpJar.Result first = SimvtpJar.run(
                TIMEOUT,
                "pretrain",
                "--annotations",
                annotations.toString(),
                "--out",
                run.toString(),
                "--preset",
                "tiny",
                "--video-mask",
                "0.5",
                "--text-mask",
                "0.5",
                "--steps",
                "5",
                "--batch",
                "2",
                "--workers",
                "1",
                "--lr",
                "1e-3",
                "--efficient");
        assertEquals(0, first.exitCode(), first.describe());
        assertFalse(first.stdout().contains("resumed"), first.describe());
        assertTrue(first.stdout().contains("learning rate 1.0e-03 (set directly with --lr)"), first.describe());
        assertEquals(5, JsonlMetricsWriter.read(run.resolve("metrics.jsonl")).size());
        assertTrue(Files.isRegularFile(run.resolve("model.safetensors")), first.describe());
        assertNotNull(ImageIO.read(run.resolve("loss.png").toFile()), "loss.png is no image");
        String manifest = Files.readString(run.resolve("checkpoints").resolve("run-manifest.json"))
                .replace(" ", "");
        assertTrue(manifest.contains("\"efficient\":\"true\""), "the manifest records the efficient mode: " + manifest);

        SimvtpJar.Result resumed = SimvtpJar.run(
                TIMEOUT,
                "pretrain",
                "--annotations",
                annotations.toString(),
                "--out",
                run.toString(),
                "--steps",
                "8",
                "--batch",
                "2",
                "--workers",
                "1",
                "--lr",
                "1e-3");
        assertEquals(0, resumed.exitCode(), resumed.describe());
        assertTrue(
                resumed.stdout().contains("resumed from") && resumed.stdout().contains("at step 5"),
                resumed.describe());
        assertEquals(8, JsonlMetricsWriter.read(run.resolve("metrics.jsonl")).size());

        SimvtpJar.Result otherModel = SimvtpJar.run(
                TIMEOUT,
                "pretrain",
                "--annotations",
                annotations.toString(),
                "--out",
                run.toString(),
                "--preset",
                "small",
                "--steps",
                "9");
        assertEquals(3, otherModel.exitCode(), otherModel.describe());
        assertTrue(otherModel.stderr().contains("config.json"), otherModel.describe());

        Path ft = dir.resolve("finetune");
        SimvtpJar.Result finetune = SimvtpJar.run(
                TIMEOUT,
                "finetune",
                "--train",
                annotations.toString(),
                "--val",
                annotations.toString(),
                "--init",
                run.resolve("model.safetensors").toString(),
                "--out",
                ft.toString(),
                "--steps",
                "3",
                "--batch",
                "2",
                "--workers",
                "1",
                "--segments",
                "2",
                "--crops",
                "2");
        assertEquals(0, finetune.exitCode(), finetune.describe());
        assertTrue(finetune.stdout().contains("initialised both towers"), finetune.describe());
        assertTrue(
                finetune.stdout().contains("learning rate 7.5e-05 = the reference fine-tuning rate"),
                finetune.describe());
        assertTrue(finetune.stdout().contains("validation retrieval: 8 videos, 8 captions"), finetune.describe());
        Path weights = ft.resolve("model.safetensors");
        assertEquals("TWO_TOWER", SafetensorsReader.read(weights).metadata().get("simvtp.kind"));
        assertTrue(Files.isRegularFile(ft.resolve("model-best.safetensors")), finetune.describe());

        Path json = dir.resolve("scores.json");
        SimvtpJar.Result evaluate = SimvtpJar.run(
                TIMEOUT,
                "evaluate",
                "--checkpoint",
                weights.toString(),
                "--annotations",
                annotations.toString(),
                "--segments",
                "2",
                "--crops",
                "2",
                "--json",
                json.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.describe());
        assertFalse(evaluate.stderr().contains("AutoNonVariableTypeMode"), evaluate.describe());
        for (String s : new String[] {"R@1", "R@5", "R@10", "R@50", "MedR", "MeanR", "t2v", "v2t", "chance"}) {
            assertTrue(evaluate.stdout().contains(s), s + " missing: " + evaluate.describe());
        }
        assertTrue(Files.readString(json).contains("\"t2v\""), json + " holds no t2v scores");
    }
}
