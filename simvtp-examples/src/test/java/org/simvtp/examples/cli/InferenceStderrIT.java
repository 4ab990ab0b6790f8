package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.examples.TestData;

/**
 * The commands that load and run a model leave stderr free of PyTorch's one-time "AutoNonVariableTypeMode is
 * deprecated" warning (issue 18); {@code index}, {@code search} and {@code visualize} are checked in their own ITs.
 */
class InferenceStderrIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String WARNING = "AutoNonVariableTypeMode";

    @Test
    void encodeAndEvaluate(@TempDir Path dir) throws Exception {
        Path annotations = TestData.syntheticDataset(dir.resolve("videos"), 4);
        Path video = annotations.resolveSibling("synthetic-00000.mp4");
        Path checkpoint = TestData.randomCheckpoint(dir.resolve("model.safetensors"));

        SimvtpJar.Result text = SimvtpJar.run(
                TIMEOUT, "encode", "--checkpoint", checkpoint.toString(), "--text", "a small red circle moves left");
        assertEquals(0, text.exitCode(), text.describe());
        assertFalse(text.stderr().contains(WARNING), text.describe());

        SimvtpJar.Result videos =
                SimvtpJar.run(TIMEOUT, "encode", "--checkpoint", checkpoint.toString(), "--video", video.toString());
        assertEquals(0, videos.exitCode(), videos.describe());
        assertTrue(videos.stdout().contains("\"embedding\""), videos.describe());
        assertFalse(videos.stderr().contains(WARNING), videos.describe());

        SimvtpJar.Result evaluate = SimvtpJar.run(
                TIMEOUT,
                "evaluate",
                "--checkpoint",
                checkpoint.toString(),
                "--annotations",
                annotations.toString(),
                "--segments",
                "2",
                "--crops",
                "2");
        assertEquals(0, evaluate.exitCode(), evaluate.describe());
        assertTrue(evaluate.stdout().contains("t2v"), evaluate.describe());
        assertFalse(evaluate.stderr().contains(WARNING), evaluate.describe());
    }
}
