package org.simvtp.models.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzz tests of the three readers of untrusted bytes (Jazzer).
 *
 * <p>The only accepted failure is a {@link CheckpointException}; any other exception, an
 * {@link OutOfMemoryError}, a {@link StackOverflowError} or a hang is a finding.
 *
 * <p>A plain build runs each test once per file of its seed corpus,
 * {@code src/test/resources/org/simvtp/models/io/CheckpointReadersFuzzTestInputs/<method>/} (real
 * files, files written by our writers and crafted hostile ones; findings are kept there as
 * regression inputs). To fuzz one target for its {@code maxDuration}:
 *
 * <pre>{@code
 * JAZZER_FUZZ=1 mvn -pl simvtp-models test -Dtest='CheckpointReadersFuzzTest#unpickler' -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
class CheckpointReadersFuzzTest {

    /** Storages larger than this are refused by the stand-in persistent loader. */
    private static final long MAX_FAKE_STORAGE = 1 << 16;

    private static final Path SCRATCH = scratchFolder();

    private static Path scratchFolder() {
        try {
            Path dir = Files.createTempDirectory("simvtp-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final RestrictedUnpickler UNPICKLER = TorchGlobals.register(RestrictedUnpickler.builder())
            .optPersistentLoader(CheckpointReadersFuzzTest::fakeStorage)
            .build();

    /** Accepts {@code ('storage', torch.XStorage, key, location, numel)} without any zip behind it. */
    private static Object fakeStorage(Object pid) {
        if (!(pid instanceof List) || ((List<?>) pid).size() != 5) {
            throw new IllegalArgumentException("not a storage id");
        }
        List<?> id = (List<?>) pid;
        if (!(id.get(1) instanceof StorageType)
                || !(id.get(4) instanceof Long)
                || (Long) id.get(4) < 0
                || (Long) id.get(4) > MAX_FAKE_STORAGE) {
            throw new IllegalArgumentException("bad storage id");
        }
        return new StorageRef(String.valueOf(id.get(2)), ((StorageType) id.get(1)).dtype, (Long) id.get(4), null);
    }

    @FuzzTest(maxDuration = "5m")
    void unpickler(byte[] pickle) {
        try {
            Object value = UNPICKLER.load(pickle, null, "fuzz.pkl");
            Graphs.describe(value);
        } catch (CheckpointException expected) {
            // refused with a message: the only acceptable failure
        } catch (IOException e) {
            throw new AssertionError("untyped I/O error", e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void torchCheckpoint(byte[] zip) throws IOException {
        Path file = Files.write(SCRATCH.resolve("fuzz.pth"), zip);
        try {
            TorchCheckpoint checkpoint = TorchCheckpointReader.read(file);
            Object root = checkpoint.root();
            if (root instanceof Map && ((Map<?, ?>) root).containsKey("model")) {
                checkpoint.stateDict("model");
            }
        } catch (CheckpointException expected) {
            // refused with a message
        }
        try {
            TorchCheckpointReader.readStateDict(file, null);
        } catch (CheckpointException expected) {
            // refused with a message
        }
    }

    @FuzzTest(maxDuration = "5m")
    void safetensors(byte[] bytes) throws IOException {
        Path file = Files.write(SCRATCH.resolve("fuzz.safetensors"), bytes);
        try {
            // a low mapping threshold exercises both the heap and the memory-mapped path
            for (TensorData t : SafetensorsReader.read(file, 64).tensors().values()) {
                t.data().hashCode(); // touches every byte
            }
        } catch (CheckpointException expected) {
            // refused with a message
        }
    }
}
