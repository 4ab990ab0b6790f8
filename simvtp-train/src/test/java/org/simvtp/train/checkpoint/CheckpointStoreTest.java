package org.simvtp.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path root;

    private static Map<String, IOConsumer<OutputStream>> payload(long step) {
        Map<String, IOConsumer<OutputStream>> files = new LinkedHashMap<>();
        files.put("model.safetensors", out -> {
            for (int i = 0; i < 1000; i++) {
                out.write((int) (i * step));
            }
        });
        files.put("optimizer.safetensors", out -> out.write(new byte[] {(byte) step, 7, 7}));
        files.put("trainer.json", out -> out.write(("{\"step\":" + step + "}").getBytes(StandardCharsets.UTF_8)));
        return files;
    }

    private List<String> rootEntries() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void saveWritesFilesAndManifestAndLatestVerifies() throws IOException {
        CheckpointStore store = CheckpointStore.builder().setDirectory(root).build();
        Checkpoint saved = store.save(100, payload(100), Map.of("epoch", "1"));
        assertEquals(root.resolve("checkpoint-000100"), saved.directory());
        assertEquals(List.of("checkpoint-000100"), rootEntries());
        assertTrue(Files.exists(saved.directory().resolve("manifest.json")));

        LatestCheckpoint latest = store.latest();
        Checkpoint c = latest.checkpoint().orElseThrow();
        assertEquals(100, c.step());
        assertEquals(List.of("model.safetensors", "optimizer.safetensors", "trainer.json"), c.files());
        assertEquals("1", c.metadata().get("epoch"));
        assertEquals("{\"step\":100}", Files.readString(c.file("trainer.json")));
        assertArrayEquals(new byte[] {100, 7, 7}, Files.readAllBytes(c.file("optimizer.safetensors")));
        assertTrue(latest.skipped().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> c.file("missing.bin"));
    }

    @Test
    void truncatedNewestCheckpointIsSkippedAndReported() throws IOException {
        CheckpointStore store = CheckpointStore.builder().setDirectory(root).build();
        store.save(100, payload(100));
        store.save(200, payload(200));
        Path model = store.directoryOf(200).resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(model, StandardOpenOption.WRITE)) {
            ch.truncate(500);
        }
        LatestCheckpoint latest = store.latest();
        assertEquals(100, latest.checkpoint().orElseThrow().step());
        assertEquals(1, latest.skipped().size());
        SkippedCheckpoint skipped = latest.skipped().get(0);
        assertEquals(200, skipped.step());
        assertTrue(skipped.reason().contains("model.safetensors"), skipped.reason());
        assertThrows(CorruptCheckpointException.class, () -> store.verify(200));
    }

    @Test
    void flippedByteAndMissingManifestAreDetected() throws IOException {
        CheckpointStore store = CheckpointStore.builder().setDirectory(root).build();
        store.save(1, payload(1));
        store.save(2, payload(2));
        store.save(3, payload(3));
        Path opt = store.directoryOf(3).resolve("optimizer.safetensors");
        Files.write(opt, new byte[] {3, 7, 8}); // same size, different content
        Files.delete(store.directoryOf(2).resolve("manifest.json"));
        LatestCheckpoint latest = store.latest();
        assertEquals(1, latest.checkpoint().orElseThrow().step());
        assertEquals(
                List.of(3L, 2L),
                latest.skipped().stream().map(SkippedCheckpoint::step).toList());
        assertTrue(
                latest.skipped().get(0).reason().contains("SHA-256"),
                latest.skipped().get(0).reason());
        assertTrue(
                latest.skipped().get(1).reason().contains("manifest.json"),
                latest.skipped().get(1).reason());
    }

    @Test
    void crashInCallbackLeavesNoVisibleCheckpoint() throws IOException {
        CheckpointStore store = CheckpointStore.builder().setDirectory(root).build();
        store.save(100, payload(100));
        Map<String, IOConsumer<OutputStream>> files = payload(200);
        files.put("trainer.json", out -> {
            out.write('{');
            throw new IOException("simulated crash while writing trainer.json");
        });
        assertThrows(IOException.class, () -> store.save(200, files));
        assertEquals(List.of("checkpoint-000100"), rootEntries());
        assertEquals(List.of(100L), store.steps());
        assertEquals(100, store.latest().checkpoint().orElseThrow().step());
    }

    @Test
    void leftoverTemporaryOfAKilledProcessIsIgnoredAndCleaned() throws IOException {
        CheckpointStore store = CheckpointStore.builder().setDirectory(root).build();
        Path stale = Files.createDirectories(root.resolve(".checkpoint-000300.tmp-dead"));
        Files.write(stale.resolve("model.safetensors"), new byte[10]);
        Files.createDirectories(root.resolve("checkpoint-000400")); // partial: no manifest
        assertTrue(store.latest().checkpoint().isEmpty());
        assertEquals(1, store.latest().skipped().size());
        store.save(500, payload(500));
        assertFalse(Files.exists(stale));
        assertEquals(500, store.latest().checkpoint().orElseThrow().step());
    }

    @Test
    void keepsLastK() throws IOException {
        CheckpointStore store =
                CheckpointStore.builder().setDirectory(root).optKeepLast(2).build();
        for (long step : new long[] {10, 20, 30, 40}) {
            store.save(step, payload(step));
        }
        assertEquals(List.of(30L, 40L), store.steps());
        assertEquals(List.of("checkpoint-000030", "checkpoint-000040"), rootEntries());
        store.save(1_000_000, payload(5));
        assertEquals(List.of(40L, 1_000_000L), store.steps(), "numeric, not lexicographic, order");
        assertEquals(1_000_000, store.latest().checkpoint().orElseThrow().step());
    }

    @Test
    void resavingAStepReplacesIt() throws IOException {
        CheckpointStore store = CheckpointStore.builder().setDirectory(root).build();
        store.save(7, payload(7));
        store.save(7, Map.of("trainer.json", out -> out.write('x')));
        Checkpoint c = store.latest().checkpoint().orElseThrow();
        assertEquals(List.of("trainer.json"), c.files());
        assertFalse(Files.exists(c.directory().resolve("model.safetensors")));
        assertEquals(List.of("checkpoint-000007"), rootEntries());
    }

    @Test
    void rejectsBadInput() {
        CheckpointStore store = CheckpointStore.builder().setDirectory(root).build();
        assertThrows(IllegalArgumentException.class, () -> store.save(1, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> store.save(1, Map.of("../evil", out -> {})));
        assertThrows(IllegalArgumentException.class, () -> store.save(1, Map.of("manifest.json", out -> {})));
        assertThrows(IllegalArgumentException.class, () -> store.save(-1, Map.of("a", out -> {})));
        assertThrows(
                IllegalArgumentException.class, () -> CheckpointStore.builder().build());
        assertThrows(
                IllegalArgumentException.class, () -> CheckpointStore.builder().optKeepLast(0));
    }
}
