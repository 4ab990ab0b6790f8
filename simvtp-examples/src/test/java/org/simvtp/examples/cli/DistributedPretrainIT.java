package org.simvtp.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.examples.TestData;
import org.simvtp.train.distributed.GlooProcessGroup;
import org.simvtp.train.observe.JsonlMetricsWriter;

/** {@code pretrain --distributed} with two processes on this machine (needs the Gloo shim). */
@Tag("slow")
class DistributedPretrainIT {

    /** {@code pretrain} of the tiny model for 2 steps of 2 clips a process, one decoding thread. */
    static List<String> tinyPretrain(Path annotations, Path out) {
        return List.of(
                "pretrain",
                "--annotations",
                annotations.toString(),
                "--out",
                out.toString(),
                "--preset",
                "tiny",
                "--steps",
                "2",
                "--batch",
                "2",
                "--workers",
                "1");
    }

    @Test
    void twoRanksTrainOneModelAndOnlyRankZeroWrites(@TempDir Path dir) throws Exception {
        assumeTrue(GlooProcessGroup.isAvailable(), "the Gloo JNI shim is not available (docs/distributed.md)");
        Path annotations = TestData.syntheticDataset(dir.resolve("data"), 4);
        Path rendezvous = Files.createDirectories(dir.resolve("rendezvous"));
        Path out = dir.resolve("run");
        List<CompletableFuture<SimvtpJar.Result>> ranks = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            Map<String, String> env = Map.of(
                    "RANK",
                    Integer.toString(rank),
                    "WORLD_SIZE",
                    "2",
                    "SIMVTP_RENDEZVOUS",
                    rendezvous.toString(),
                    "SIMVTP_RUN_ID",
                    "it",
                    "SIMVTP_GLOO_HOSTNAME",
                    "127.0.0.1",
                    "SIMVTP_DIST_TIMEOUT",
                    "120");
            ranks.add(CompletableFuture.supplyAsync(() -> {
                try {
                    List<String> args = new ArrayList<>(tinyPretrain(annotations, out));
                    args.add("--distributed");
                    return SimvtpJar.run(Duration.ofSeconds(240), env, args.toArray(String[]::new));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        SimvtpJar.Result zero = ranks.get(0).join();
        SimvtpJar.Result one = ranks.get(1).join();
        assertEquals(0, zero.exitCode(), zero.describe());
        assertEquals(0, one.exitCode(), one.describe());
        assertTrue(zero.stdout().contains("rank 0 of 2") && zero.stdout().contains("global batch 4"), zero.describe());
        assertFalse(one.stdout().contains("step 2/2"), "rank 1 must not report progress: " + one.describe());
        assertEquals(2, JsonlMetricsWriter.read(out.resolve("metrics.jsonl")).size());
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
    }
}
