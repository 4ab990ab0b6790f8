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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.examples.TestData;
import org.simvtp.train.distributed.GlooProcessGroup;
import org.simvtp.train.observe.JsonlMetricsWriter;

/** {@code simvtp launch} from the packaged jar: two local ranks of a pre-training run, and a bad input. */
@Tag("slow")
class LaunchIT {

    @Test
    void twoRanksTrainThroughAFileRendezvousItCreates(@TempDir Path dir) throws Exception {
        assumeTrue(GlooProcessGroup.isAvailable(), "the Gloo JNI shim is not available (docs/distributed.md)");
        Path annotations = TestData.syntheticDataset(dir.resolve("data"), 4);
        Path rendezvous = dir.resolve("no/such/rendezvous");
        Path out = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of(
                "launch", "--nproc-per-node", "2", "--rdzv", rendezvous.toUri().toString(), "--timeout", "120", "--"));
        args.addAll(DistributedPretrainIT.tinyPretrain(annotations, out));
        SimvtpJar.Result r = SimvtpJar.run(Duration.ofSeconds(300), args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("[rank 0] pre-training") && r.stdout().contains("(rank 0 of 2)"), r.describe());
        assertTrue(r.stdout().contains("all ranks finished after 0 restarts"), r.describe());
        assertTrue(Files.isDirectory(rendezvous), "the launcher creates the rendezvous folder");
        assertEquals(2, JsonlMetricsWriter.read(out.resolve("metrics.jsonl")).size());
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
    }

    @Test
    void badInputEndsTheJobWithoutRestarts(@TempDir Path dir) throws Exception {
        SimvtpJar.Result r = SimvtpJar.run(
                Duration.ofSeconds(120),
                "launch",
                "--nproc-per-node",
                "2",
                "--max-restarts",
                "3",
                "--",
                "pretrain",
                "--annotations",
                dir.resolve("missing.json").toString(),
                "--out",
                dir.resolve("run").toString(),
                "--preset",
                "tiny");
        assertEquals(3, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("bad input (exit 3): not restartable"), r.describe());
        assertTrue(r.stdout().contains("missing.json"), r.describe());
        assertFalse(r.stdout().contains("attempt 1"), r.describe());
    }
}
