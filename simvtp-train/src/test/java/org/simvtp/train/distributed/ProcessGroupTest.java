package org.simvtp.train.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collectives and failure detection between real JVM processes on 127.0.0.1. */
@Tag("slow")
class ProcessGroupTest {
    static final Map<String, String> FAST_FAILURE = Map.of("SIMVTP_DIST_TIMEOUT", "4", "SIMVTP_DIST_ROLLCALL", "2");

    @BeforeAll
    static void needsGloo() {
        assumeTrue(
                GlooProcessGroup.isAvailable(),
                "Gloo shim not built or libgloo0 missing: " + GlooNative.INSTALL_HINT
                        + " (multi-process tests skipped)");
    }

    static String fileStore(Path dir) throws IOException {
        Path store = Files.createDirectories(dir.resolve("rendezvous"));
        return store.toUri().toString();
    }

    @Test
    void threeRanksAgreeOnEveryCollectiveThroughTheFileStore(@TempDir Path dir) throws Exception {
        // tiny buckets (about 10 KB) so that the 60 gradients-like buffers need several buckets
        try (LocalRanks ranks = LocalRanks.start(
                CollectivesWorker.class,
                3,
                fileStore(dir),
                Map.of("SIMVTP_BUCKET_MB", "0.01", "SIMVTP_DIST_TIMEOUT", "60"),
                List.of("ops", "ndarray"),
                dir)) {
            for (int r = 0; r < 3; r++) {
                assertEquals(0, ranks.await(r, 60), ranks.logs());
                assertTrue(ranks.log(r).contains("OK rank " + r), ranks.logs());
            }
        }
    }

    @Test
    void twoRanksMeetThroughRedis(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
                LocalRanks ranks = LocalRanks.start(
                        CollectivesWorker.class,
                        2,
                        redis.url(),
                        Map.of("SIMVTP_BUCKET_MB", "0.01", "SIMVTP_DIST_TIMEOUT", "30"),
                        List.of("ops"),
                        dir)) {
            for (int r = 0; r < 2; r++) {
                assertEquals(0, ranks.await(r, 40), ranks.logs());
            }
        }
    }

    @Test
    void aMissingFileStoreFolderIsCreated(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("not/yet/there");
        try (LocalRanks ranks = LocalRanks.start(
                CollectivesWorker.class,
                2,
                missing.toUri().toString(),
                Map.of("SIMVTP_DIST_TIMEOUT", "30"),
                List.of("ops"),
                dir)) {
            for (int r = 0; r < 2; r++) {
                assertEquals(0, ranks.await(r, 40), ranks.logs());
            }
        }
        assertTrue(Files.isDirectory(missing));
    }

    @Test
    void aKilledRankMakesTheOthersFailNamingIt(@TempDir Path dir) throws Exception {
        try (LocalRanks ranks =
                LocalRanks.start(CollectivesWorker.class, 3, fileStore(dir), FAST_FAILURE, List.of("loop"), dir)) {
            long until = System.nanoTime() + 30_000_000_000L;
            while (!ranks.log(2).contains("ITER 10")
                    && System.nanoTime() < until
                    && ranks.process(2).isAlive()) {
                Thread.sleep(50);
            }
            assertTrue(ranks.log(2).contains("ITER 10"), ranks.logs());
            long killed = System.nanoTime();
            ranks.process(2).destroyForcibly();
            for (int r = 0; r < 2; r++) {
                // timeout 4 s + roll call 2 s, plus slack for a loaded machine
                assertEquals(3, ranks.await(r, 15), ranks.logs());
                assertTrue(ranks.log(r).contains("LOST [2]") && ranks.log(r).contains("rank 2 lost"), ranks.logs());
            }
            double seconds = (System.nanoTime() - killed) / 1e9;
            assertTrue(seconds < 15, "survivors took " + seconds + " s");
        }
    }

    @Test
    void aHungRankMakesTheOthersFailWithinTheTimeout(@TempDir Path dir) throws Exception {
        try (LocalRanks ranks = LocalRanks.start(
                CollectivesWorker.class, 3, fileStore(dir), FAST_FAILURE, List.of("hang", "1", "20"), dir)) {
            long until = System.nanoTime() + 30_000_000_000L;
            while (!ranks.log(1).contains("HANGING")
                    && System.nanoTime() < until
                    && ranks.process(1).isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(ranks.log(1).contains("HANGING"), ranks.logs());
            long hung = System.nanoTime();
            for (int r : new int[] {0, 2}) {
                assertEquals(3, ranks.await(r, 20), ranks.logs());
                assertTrue(ranks.log(r).contains("LOST [1]"), ranks.logs());
            }
            double seconds = (System.nanoTime() - hung) / 1e9;
            assertTrue(seconds >= 3.5 && seconds < 15, "survivors failed after " + seconds + " s, timeout is 4 s");
        }
    }

    @Test
    void aRankThatNeverArrivesIsNamedAtRendezvous(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("WORLD_SIZE", "3", "SIMVTP_DIST_TIMEOUT", "3");
        try (LocalRanks ranks =
                LocalRanks.start(CollectivesWorker.class, 2, fileStore(dir), env, List.of("ops"), dir)) {
            for (int r = 0; r < 2; r++) {
                assertEquals(3, ranks.await(r, 20), ranks.logs());
                assertTrue(ranks.log(r).contains("LOST [2]") && ranks.log(r).contains("did not join"), ranks.logs());
            }
        }
    }
}
