package org.simvtp.train.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.train.distributed.Rendezvous;

/**
 * The launcher's restart rules with real rank processes that do not train ({@link LaunchProbe}, about half a second
 * each): restartable failures restart every rank with a fresh run id, others end the job at once, the budget holds,
 * and two launchers agree on the attempt through a shared folder.
 */
class ElasticLauncherTest {

    /** A launcher of {@link LaunchProbe} ranks and the text it printed. */
    private static final class Probe {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        final ElasticLauncher.Builder builder;

        Probe(int perNode, int maxRestarts, String failRank, String failCode, String failAttempts) {
            builder = ElasticLauncher.builder()
                    .setProcessesPerNode(perNode)
                    .setMainClass(LaunchProbe.class.getName())
                    .optArguments(List.of(failRank, failCode, failAttempts))
                    .optJvmOptions(List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
                    .optMaxRestarts(maxRestarts)
                    .optOutput(new PrintStream(text, true, StandardCharsets.UTF_8));
        }

        LaunchResult run() throws Exception {
            return builder.build().run();
        }

        String output() {
            return text.toString(StandardCharsets.UTF_8);
        }

        int count(String regex) {
            Matcher m = Pattern.compile(regex).matcher(output());
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        }
    }

    @Test
    void aRestartableFailureRestartsEveryRankWithAFreshRunId() throws Exception {
        Probe p = new Probe(2, 3, "1", "5", "2");
        p.builder.optRunId("job").optThreadsPerRank(1);
        LaunchResult r = p.run();
        assertEquals(new LaunchResult(0, 2), r, p.output());
        for (int attempt = 0; attempt < 3; attempt++) {
            // rank 0 may be stopped before it prints in the failing attempts 0 and 1
            for (int rank = attempt < 2 ? 1 : 0; rank < 2; rank++) {
                String line = "[rank " + rank + "] PROBE rank " + rank + " local " + rank + " world 2 run job-"
                        + attempt + " rendezvous file:/";
                assertTrue(p.output().contains(line), line + " in\n" + p.output());
            }
        }
        assertTrue(p.output().contains("threads 1 offline true tracking true arenas 1"), p.output());
        assertTrue(
                p.output().contains("rank 1 on node 0: a peer was lost (exit 5): restarting all ranks (restart 2 of"),
                p.output());
        assertTrue(p.output().contains("all ranks finished after 2 restarts"), p.output());
    }

    @Test
    void aRankKilledBySignalIsRestartable() throws Exception {
        Probe p = new Probe(1, 1, "0", "kill", "1");
        assertEquals(new LaunchResult(0, 1), p.run(), p.output());
        assertTrue(p.output().contains("killed by signal 9 (exit 137): restarting"), p.output());
    }

    @Test
    void badInputEndsTheJobAtOnce() throws Exception {
        Probe p = new Probe(2, 3, "0", "3", "99");
        p.builder.optRetainFreedMemory(false);
        assertEquals(new LaunchResult(3, 0), p.run(), p.output());
        assertTrue(p.output().contains("tracking true arenas null"), "allocator defaults asked for\n" + p.output());
        assertTrue(p.output().contains("rank 0 on node 0: bad input (exit 3): not restartable"), p.output());
        assertEquals(1, p.count("\\] attempt \\d"), "one attempt only\n" + p.output());
    }

    @Test
    void theRestartBudgetHolds() throws Exception {
        Probe p = new Probe(1, 2, "0", "5", "99");
        assertEquals(new LaunchResult(5, 2), p.run(), p.output());
        assertEquals(3, p.count("\\] attempt \\d"), p.output());
        assertTrue(p.output().contains("giving up after 2 restarts (--max-restarts 2)"), p.output());
    }

    @Test
    void maxRestartsZeroRunsASingleAttempt() throws Exception {
        Probe p = new Probe(2, 0, "1", "kill", "99");
        assertEquals(137, p.run().exitCode(), p.output());
        assertEquals(1, p.count("\\] attempt \\d"), p.output());
        assertFalse(p.output().contains("restarting"), p.output());
    }

    @Test
    void twoNodesMoveToTheNextAttemptTogether(@TempDir Path dir) throws Exception {
        // rank 1 (node 1) fails in attempt 0; rank 0 (node 0) would wait a minute unless its launcher restarts it
        Rendezvous shared = Rendezvous.parse(dir.resolve("rendezvous").toUri().toString());
        List<Probe> nodes = List.of(new Probe(1, 2, "1", "5", "1"), new Probe(1, 2, "1", "5", "1"));
        List<CompletableFuture<LaunchResult>> results = new java.util.ArrayList<>();
        for (int node = 0; node < 2; node++) {
            Probe p = nodes.get(node);
            p.builder.optNodes(2).optNodeRank(node).optRendezvous(shared).optRunId("two-nodes");
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return p.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int node = 0; node < 2; node++) {
            assertEquals(
                    new LaunchResult(0, 1),
                    results.get(node).get(40, TimeUnit.SECONDS),
                    nodes.get(node).output());
        }
        assertTrue(nodes.get(0).output().contains("[rank 0] PROBE rank 0 local 0 world 2 run two-nodes-1"));
        assertTrue(nodes.get(1).output().contains("[rank 1] PROBE rank 1 local 0 world 2 run two-nodes-1"));
        assertTrue(
                nodes.get(0).output().contains("restart 1 of at most 2, asked by rank 1 on node 1"),
                nodes.get(0).output());
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ElasticLauncher.builder()
                .setProcessesPerNode(0)
                .setMainClass("X")
                .build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ElasticLauncher.builder()
                .setProcessesPerNode(1)
                .setMainClass("X")
                .optNodes(2)
                .optRunId("j")
                .build());
        assertTrue(e.getMessage().contains("2 nodes need a common rendezvous"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ElasticLauncher.builder()
                .setProcessesPerNode(1)
                .setMainClass("X")
                .optNodes(2)
                .optRendezvous(Rendezvous.parse("redis://h:1"))
                .build());
        assertTrue(e.getMessage().contains("common run id"), e.getMessage());
    }

    @Test
    void theCommandCarriesOfflineModeAndThreads() throws Exception {
        ElasticLauncher l = ElasticLauncher.builder()
                .setProcessesPerNode(2)
                .setMainClass("org.example.Main")
                .optArguments(List.of("a"))
                .optThreadsPerRank(3)
                .build();
        List<String> cmd = l.command();
        assertTrue(cmd.contains("-Dai.djl.offline=true"), cmd.toString());
        assertTrue(cmd.contains("-Dai.djl.pytorch.num_threads=3"), cmd.toString());
        assertEquals(List.of("org.example.Main", "a"), cmd.subList(cmd.size() - 2, cmd.size()));
        assertEquals(2, l.worldSize());
        assertTrue(l.runId().startsWith("launch-"), l.runId());
    }
}
