package org.simvtp.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("trainer.json");
        AtomicFiles.write(f, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(f, out -> {
            out.write("two".getBytes(StandardCharsets.UTF_8));
            out.close(); // closing "its" stream is allowed
        });
        assertEquals("two", Files.readString(f));
        assertEquals(1, entries());
    }

    @Test
    void failingWriterLeavesOldContentAndNoTemporary() throws IOException {
        Path f = dir.resolve("model.bin");
        AtomicFiles.write(f, out -> out.write(new byte[] {1, 2, 3}));
        IOException e = assertThrows(
                IOException.class,
                () -> AtomicFiles.write(f, out -> {
                    out.write(new byte[1000]);
                    throw new IOException("disk full (simulated)");
                }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertEquals(3, Files.size(f));
        assertEquals(1, entries());
        assertThrows(
                IllegalStateException.class,
                () -> AtomicFiles.write(dir.resolve("x"), out -> {
                    throw new IllegalStateException("bug");
                }));
        assertEquals(1, entries());
    }

    @Test
    void missingDirectoryIsReported() {
        IOException e =
                assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("nope/file"), out -> out.write(1)));
        assertEquals(true, e.getMessage().contains("nope"));
    }
}
