package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help, usage errors and missing files as a user meets them, with the documented exit codes. */
class CliUsageIT {

    private static final Duration HELP = Duration.ofSeconds(60);
    private static final Duration LOAD = Duration.ofSeconds(120);
    private static final List<String> COMMANDS = List.of(
            "quickstart",
            "pretrain",
            "finetune",
            "launch",
            "evaluate",
            "encode",
            "index",
            "search",
            "serve",
            "visualize",
            "parity",
            "convert");

    @Test
    void helpOfTheToolListsEveryCommand() throws Exception {
        SimvtpJar.Result r = SimvtpJar.run(HELP, "--help");
        assertEquals(0, r.exitCode(), r.describe());
        for (String c : COMMANDS) {
            assertTrue(r.stdout().contains(c), c + " missing in\n" + r.describe());
        }
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (String c : COMMANDS) {
            SimvtpJar.Result r = SimvtpJar.run(HELP, c, "--help");
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.stdout().contains("Usage: simvtp " + c), r.describe());
        }
    }

    @Test
    void usageErrorsExitWith2() throws Exception {
        SimvtpJar.Result unknown = SimvtpJar.run(HELP, "index", "--videos", "v", "--index", "i", "--bogus");
        assertEquals(2, unknown.exitCode(), unknown.describe());
        assertTrue(unknown.stderr().contains("--bogus"), unknown.describe());

        SimvtpJar.Result missing = SimvtpJar.run(HELP, "finetune", "--train", "t.json");
        assertEquals(2, missing.exitCode(), missing.describe());
        assertTrue(missing.stderr().contains("--val"), missing.describe());

        SimvtpJar.Result preset =
                SimvtpJar.run(HELP, "pretrain", "--annotations", "a.json", "--out", "o", "--preset", "huge");
        assertEquals(2, preset.exitCode(), preset.describe());
        assertTrue(preset.stderr().contains("tiny, small or base"), preset.describe());

        SimvtpJar.Result bothInputs = SimvtpJar.run(HELP, "encode", "--video", "a.mp4", "--text", "a dog");
        assertEquals(2, bothInputs.exitCode(), bothInputs.describe());

        SimvtpJar.Result extension = SimvtpJar.run(HELP, "convert", "in.pth", "out.bin");
        assertEquals(2, extension.exitCode(), extension.describe());
        assertTrue(
                extension.stderr().contains("out.bin") && extension.stderr().contains("Usage: simvtp convert"),
                extension.describe());

        SimvtpJar.Result conflict = SimvtpJar.run(
                HELP,
                "visualize",
                "--video",
                "a.mp4",
                "--caption",
                "a",
                "--out",
                "o.png",
                "--native-size",
                "--scale",
                "2");
        assertEquals(2, conflict.exitCode(), conflict.describe());
    }

    @Test
    void missingFilesExitWith3AndNameTheFile(@TempDir Path dir) throws Exception {
        Path annotations = dir.resolve("no-such-annotations.json");
        SimvtpJar.Result evaluate = SimvtpJar.run(
                LOAD, "evaluate", "--checkpoint", "x.safetensors", "--annotations", annotations.toString());
        assertEquals(3, evaluate.exitCode(), evaluate.describe());
        assertTrue(evaluate.stderr().contains(annotations.toString()), evaluate.describe());

        Path checkpoint = dir.resolve("no-such-checkpoint.pth");
        SimvtpJar.Result encode = SimvtpJar.run(LOAD, "encode", "--checkpoint", checkpoint.toString(), "--text", "hi");
        assertEquals(3, encode.exitCode(), encode.describe());
        assertTrue(encode.stderr().contains(checkpoint.toString()), encode.describe());

        Path video = dir.resolve("no-such-video.mp4");
        SimvtpJar.Result visualize = SimvtpJar.run(
                LOAD,
                "visualize",
                "--video",
                video.toString(),
                "--caption",
                "a",
                "--out",
                dir.resolve("o.png").toString());
        assertEquals(3, visualize.exitCode(), visualize.describe());
        assertTrue(visualize.stderr().contains(video.toString()), visualize.describe());

        Path pth = dir.resolve("no-such.pth");
        SimvtpJar.Result convert = SimvtpJar.run(
                LOAD, "convert", pth.toString(), dir.resolve("o.safetensors").toString());
        assertEquals(3, convert.exitCode(), convert.describe());
        assertTrue(convert.stderr().contains("no-such.pth"), convert.describe());
    }

    @Test
    void withoutCheckpointTheOfficialWeightsAreLookedUpAndTheErrorSaysWhere(@TempDir Path dir) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        SimvtpJar.Result r =
                SimvtpJar.run(LOAD, Map.of("SIMVTP_MODEL_DIR", models.toString()), "encode", "--text", "a dog");
        assertEquals(3, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains(models.toString()) && r.stderr().contains("simvtp.safetensors"), r.describe());
    }
}
