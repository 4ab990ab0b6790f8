package org.simvtp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.train.distributed.GlooProcessGroup;
import org.simvtp.train.distributed.RedisServer;

/**
 * Elastic training across two "machines" on 127.0.0.1: two launcher JVMs ({@link LaunchNode}) with two training
 * ranks each meet through Redis; a killed rank makes all four restart and resume, a killed launcher makes the
 * other give up after its restart budget.
 */
@Tag("slow")
class ElasticTrainingTest {
    private static final int STEPS = 8;
    private static final int GLOBAL_BATCH = 8;

    @BeforeAll
    static void needsGloo() {
        assumeTrue(GlooProcessGroup.isAvailable(), "Gloo shim not built (multi-process tests skipped)");
    }

    /** A launcher JVM and its log. */
    private record Node(Process process, Path log) {
        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        /** The process id of {@code rank} in attempt {@code attempt}, from the launcher's log. */
        long pid(int attempt, int rank) {
            Matcher m = Pattern.compile("attempt " + attempt + " \\(.*rank " + rank + " pid (\\d+)")
                    .matcher(output());
            assertTrue(m.find(), "no pid of rank " + rank + " in\n" + output());
            return Long.parseLong(m.group(1));
        }
    }

    private static Node start(Path dir, int node, String redis, String runId, int maxRestarts, int timeout)
            throws IOException {
        Path log = dir.resolve("node" + node + ".log");
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(
                        LaunchNode.class,
                        List.of("-Xmx128m"),
                        List.of(
                                Integer.toString(node),
                                redis,
                                runId,
                                Integer.toString(maxRestarts),
                                Integer.toString(timeout),
                                dir.toString(),
                                Integer.toString(STEPS),
                                Integer.toString(GLOBAL_BATCH))))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        ChildJvm.configure(pb.environment());
        return new Node(pb.start(), log);
    }

    /** Launchers of nodes 0 and 1 of a new job meeting through {@code redis}. */
    private static Node[] startTwoNodes(Path dir, RedisServer redis, int maxRestarts, int timeout) throws IOException {
        String runId = "elastic-" + UUID.randomUUID().toString().substring(0, 8);
        Node[] nodes = new Node[2];
        try {
            for (int n = 0; n < 2; n++) {
                nodes[n] = start(dir, n, redis.url(), runId, maxRestarts, timeout);
            }
        } catch (IOException e) {
            destroy(nodes);
            throw e;
        }
        return nodes;
    }

    private static void awaitLine(Node node, String text, double seconds) throws InterruptedException {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        while (!node.output().contains(text) && node.process().isAlive() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(node.output().contains(text), "no '" + text + "' in\n" + node.output());
    }

    private static String logs(Node... nodes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes.length; i++) {
            sb.append("---- node ").append(i).append(" ----\n").append(nodes[i].output());
        }
        return sb.toString();
    }

    private static int exitCode(Node node, double seconds, Node... all) throws InterruptedException {
        assertTrue(node.process().waitFor((long) seconds, TimeUnit.SECONDS), "launcher still running\n" + logs(all));
        return node.process().exitValue();
    }

    @Test
    void aKilledRankRestartsAllFourAndTheRunEndsWithTheWeightsOfAnUninterruptedOne(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        Node[] nodes = {};
        try (RedisServer redis = RedisServer.start(dir)) {
            nodes = startTwoNodes(dir, redis, 2, 60);
            Node n0 = nodes[0];
            Node n1 = nodes[1];
            // kill once the checkpoint of step 2 is published, so that the restart resumes from a checkpoint
            Path checkpoint = dir.resolve("checkpoints/rank0/checkpoint-000002");
            long until = System.nanoTime() + 180_000_000_000L;
            while (!Files.isDirectory(checkpoint) && n0.process().isAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(Files.isDirectory(checkpoint), "no checkpoint of step 2\n" + logs(n0, n1));
            ProcessHandle.of(n1.pid(0, 3)).ifPresent(ProcessHandle::destroyForcibly);
            assertEquals(0, exitCode(n0, 300, n0, n1), logs(n0, n1));
            assertEquals(0, exitCode(n1, 60, n0, n1), logs(n0, n1));
        } finally {
            destroy(nodes);
        }
        Node n0 = nodes[0];
        Node n1 = nodes[1];
        assertTrue(
                n1.output()
                        .contains("rank 3 on node 1: killed by signal 9 (exit 137): restarting all ranks (restart 1"),
                logs(n0, n1));
        for (Node n : List.of(n0, n1)) {
            assertTrue(n.output().contains("all ranks finished after 1 restart"), logs(n0, n1));
            assertTrue(n.output().contains("RESULT exit 0 restarts 1"), logs(n0, n1));
        }
        Matcher resumed =
                Pattern.compile("\\[rank 0\\] DONE from (\\d+) to " + STEPS).matcher(n0.output());
        assertTrue(
                resumed.find() && Integer.parseInt(resumed.group(1)) >= 2,
                "resumed from a checkpoint\n" + logs(n0, n1));
        double launched = (System.nanoTime() - start) / 1e9;
        Map<String, float[]> rank0 = DistributedTrainerTest.read(dir.resolve("w-0.weights"));
        for (int r = 1; r < 4; r++) {
            DistributedTrainerTest.assertSameWeights(
                    rank0, DistributedTrainerTest.read(dir.resolve("w-" + r + ".weights")), 0f, "rank " + r);
        }
        Map<String, float[]> uninterrupted = DistributedTrainerTest.singleProcess(STEPS, GLOBAL_BATCH, 1);
        DistributedTrainerTest.assertSameWeights(uninterrupted, rank0, 2e-6f, "4 ranks with a restart vs 1 process");
        System.out.printf("elastic run with one restart: %.1f s%n", launched);
    }

    @Test
    void aKilledLauncherMakesTheOtherNodeGiveUpAfterItsRestarts(@TempDir Path dir) throws Exception {
        Node[] nodes = {};
        try (RedisServer redis = RedisServer.start(dir)) {
            nodes = startTwoNodes(dir, redis, 1, 30);
            Node n0 = nodes[0];
            Node n1 = nodes[1];
            awaitLine(n0, "[rank 0] STEP 1", 180);
            List<Long> orphans = List.of(n1.pid(0, 2), n1.pid(0, 3));
            long killed = System.nanoTime();
            n1.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            int code = exitCode(n0, 240, n0, n1);
            double seconds = (System.nanoTime() - killed) / 1e9;
            assertEquals(5, code, logs(n0, n1));
            assertTrue(n0.output().contains("giving up after 1 restart (--max-restarts 1)"), logs(n0, n1));
            assertTrue(n0.output().contains("did not join"), logs(n0, n1));
            for (long pid : orphans) {
                assertFalse(
                        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                        "rank of the killed launcher still runs: " + pid);
            }
            System.out.printf("the surviving launcher gave up %.1f s after the other was killed%n", seconds);
        } finally {
            destroy(nodes);
        }
    }

    /** Stops the launchers still running (SIGTERM: they stop their ranks). */
    private static void destroy(Node... nodes) {
        for (Node n : nodes) {
            if (n != null && n.process().isAlive()) {
                n.process().destroy();
                try {
                    n.process().waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
