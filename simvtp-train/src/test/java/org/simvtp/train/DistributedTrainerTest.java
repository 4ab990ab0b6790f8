package org.simvtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.objective.VtcObjective;
import org.simvtp.train.checkpoint.CheckpointStore;
import org.simvtp.train.distributed.GlooProcessGroup;
import org.simvtp.train.distributed.LocalRanks;
import org.simvtp.train.pretrain.PretrainBatch;

/**
 * Data-parallel training in 2 and 3 JVM processes on 127.0.0.1 equals one process on the same global batches
 * (per-sample losses only, no dropout), replicas stay bit-identical, and a run resumes after all ranks restart.
 */
@Tag("slow")
class DistributedTrainerTest {
    private static final Map<String, String> ENV = Map.of("SIMVTP_DIST_TIMEOUT", "90");

    @BeforeAll
    static void needsGloo() {
        assumeTrue(
                GlooProcessGroup.isAvailable(),
                "Gloo shim not built or libgloo0 missing: install g++ and"
                        + " libgloo-dev and rebuild (multi-process tests skipped)");
    }

    static Map<String, float[]> singleProcess(long steps, int globalBatch, long seed) {
        return singleProcess(steps, globalBatch, seed, "per-sample", new ArrayList<>());
    }

    /** Trains in this process on the whole global batches; {@code vtcLosses} receives each step's VTC loss. */
    static Map<String, float[]> singleProcess(
            long steps, int globalBatch, long seed, String objectives, List<Double> vtcLosses) {
        SimvtpConfig config = DistributedTrainWorker.perSampleConfig();
        try (Trainer<SimvtpPretrainModel, PretrainBatch> t = Trainer.builder(
                        DistributedTrainWorker.task(objectives, VtcObjective.Negatives.LOCAL))
                .optConfig(TrainerTest.steps(steps))
                .build()) {
            TrainingSummary summary = t.fit(new RandomPretrainBatches(config, globalBatch, seed));
            summary.history().forEach(r -> vtcLosses.add(r.losses().get("loss_vtc")));
            return TrainerTest.weights(t.model());
        }
    }

    static Map<String, float[]> read(Path file) throws IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readFloat();
                }
                out.put(name, v);
            }
        }
        return out;
    }

    static LocalRanks launch(Path dir, String name, int n, long steps, int batch, int stopAfter) throws IOException {
        return launch(dir, name, n, steps, batch, stopAfter, "per-sample");
    }

    static LocalRanks launch(Path dir, String name, int n, long steps, int batch, int stopAfter, String objectives)
            throws IOException {
        Path logs = Files.createDirectories(dir.resolve(name));
        Path rdzv = Files.createDirectories(dir.resolve(name + "-rendezvous"));
        return LocalRanks.start(
                DistributedTrainWorker.class,
                n,
                rdzv.toUri().toString(),
                ENV,
                List.of(
                        Long.toString(steps),
                        Integer.toString(batch),
                        "1",
                        dir.resolve(name + "-{rank}.weights").toString(),
                        dir.resolve("checkpoints").toString(),
                        Integer.toString(stopAfter),
                        "2",
                        objectives),
                logs);
    }

    static void assertSameWeights(Map<String, float[]> expected, Map<String, float[]> actual, float tol, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), tol, what + ": " + k));
    }

    @Test
    void threeProcessesMatchOneProcessOnTheGlobalBatch(@TempDir Path dir) throws Exception {
        try (LocalRanks ranks = launch(dir, "three", 3, 2, 6, -1)) {
            Map<String, float[]> single = singleProcess(2, 6, 1);
            for (int r = 0; r < 3; r++) {
                assertEquals(0, ranks.await(r, 120), ranks.logs());
            }
            Map<String, float[]> rank0 = read(dir.resolve("three-0.weights"));
            for (int r = 1; r < 3; r++) {
                assertSameWeights(rank0, read(dir.resolve("three-" + r + ".weights")), 0f, "rank " + r + " vs rank 0");
            }
            assertSameWeights(single, rank0, 2e-6f, "3 processes vs 1 process");
            assertTrue(ranks.log(0).contains("STEP 2"), "rank 0 calls listeners\n" + ranks.logs());
            assertFalse(ranks.log(1).contains("STEP"), "other ranks do not\n" + ranks.logs());
        }
    }

    @Test
    void twoProcessesResumeAfterEveryRankRestartsAndMatchOneProcess(@TempDir Path dir) throws Exception {
        try (LocalRanks first = launch(dir, "first", 2, 4, 4, 2)) {
            for (int r = 0; r < 2; r++) {
                assertEquals(0, first.await(r, 120), first.logs());
                assertTrue(first.log(r).contains("STOPPED at step 2"), first.logs());
            }
        }
        CheckpointStore rank0 = CheckpointStore.builder()
                .setDirectory(dir.resolve("checkpoints/rank0"))
                .build();
        CheckpointStore rank1 = CheckpointStore.builder()
                .setDirectory(dir.resolve("checkpoints/rank1"))
                .build();
        assertEquals(List.of(2L), rank0.steps(), "rank 0 wrote the checkpoint of step 2");
        assertEquals(List.of(), rank1.steps(), "rank 1 writes no checkpoints");
        try (LocalRanks second = launch(dir, "second", 2, 4, 4, -1)) {
            Map<String, float[]> single = singleProcess(4, 4, 1);
            for (int r = 0; r < 2; r++) {
                assertEquals(0, second.await(r, 120), second.logs());
                assertTrue(second.log(r).contains("DONE from 2 to 4"), second.logs());
            }
            Map<String, float[]> w0 = read(dir.resolve("second-0.weights"));
            assertSameWeights(w0, read(dir.resolve("second-1.weights")), 0f, "rank 1 vs rank 0");
            assertSameWeights(single, w0, 2e-6f, "2 processes with a restart vs 1 process straight");
        }
        assertEquals(List.of(2L, 4L), rank0.steps());
        assertEquals(List.of(), rank1.steps());
    }

    /**
     * VTC with global negatives on N processes with b samples each gives the losses and the weights (so the
     * gradients) of VTC on the N·b batch in one process, for N = 2 and 3.
     */
    @Test
    void globalVtcOnSeveralProcessesMatchesVtcOnTheWholeBatchInOne(@TempDir Path dir) throws Exception {
        for (int n : new int[] {2, 3}) {
            String name = "vtc" + n;
            Path runDir = Files.createDirectories(dir.resolve(name)); // its own checkpoints: no resume
            try (LocalRanks ranks = launch(runDir, name, n, 2, 6, -1, "global-vtc")) {
                List<Double> expectedVtc = new ArrayList<>();
                Map<String, float[]> single = singleProcess(2, 6, 1, "global-vtc", expectedVtc);
                for (int r = 0; r < n; r++) {
                    assertEquals(0, ranks.await(r, 120), ranks.logs());
                }
                Map<String, float[]> rank0 = read(runDir.resolve(name + "-0.weights"));
                assertSameWeights(single, rank0, 2e-6f, n + " processes with global VTC vs 1 process");
                for (int step = 1; step <= 2; step++) {
                    double logged = vtcLoss(ranks.log(0), step);
                    assertEquals(
                            expectedVtc.get(step - 1),
                            logged,
                            1e-5,
                            "loss_vtc of step " + step + ", " + n + " processes\n" + ranks.logs());
                }
            }
        }
    }

    private static double vtcLoss(String log, int step) {
        for (String line : log.split("\n")) {
            if (line.startsWith("STEP " + step + " ")) {
                return Double.parseDouble(
                        line.substring(line.indexOf(" vtc ") + 5).trim());
            }
        }
        throw new AssertionError("no step " + step + " in\n" + log);
    }
}
