package org.simvtp.models.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a file atomically: temporary file in the same folder, fsync, atomic rename, directory fsync. Readers
 * see either the old file or the complete new one; a failed write leaves no temporary file behind.
 *
 * <pre>{@code
 * AtomicFiles.write(path, channel -> channel.write(ByteBuffer.wrap(bytes)));
 * }</pre>
 */
public final class AtomicFiles {

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Body {
        /** Writes the whole content to {@code channel}. */
        void write(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes {@code target} so that readers see either the old file or the complete new one.
     *
     * @param target the file to create or replace
     * @param body writes the content
     * @throws IOException if writing, syncing or renaming fails (the target is then unchanged)
     */
    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.write(channel);
                channel.force(true);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can sync a directory; the file itself is already synced
        }
    }
}
