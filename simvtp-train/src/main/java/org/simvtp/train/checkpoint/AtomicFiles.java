package org.simvtp.train.checkpoint;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe file replacement: readers see either the old file or the complete new one.
 *
 * <p>{@link #write} writes to a hidden temporary file in the target's directory, flushes and fsyncs
 * it, renames it atomically over the target and fsyncs the directory. If the writer throws, the
 * temporary file is deleted and the target is untouched.
 *
 * <pre>{@code
 * AtomicFiles.write(dir.resolve("trainer.json"), out -> out.write(json.getBytes(UTF_8)));
 * }</pre>
 */
public final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    private AtomicFiles() {}

    /**
     * Writes a file atomically.
     *
     * @param target the file to create or replace; its directory must exist
     * @param writer writes the content; it may close the stream but must not keep it
     * @throws IOException if writing, syncing or renaming fails (the target is then unchanged)
     */
    public static void write(Path target, IOConsumer<OutputStream> writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": directory " + dir + " does not exist");
        }
        org.simvtp.models.checkpoint.AtomicFiles.write(target, channel -> {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            writer.accept(new NonClosingOutputStream(out));
            out.flush();
        });
    }

    /**
     * Renames a file or directory atomically, replacing a file target.
     *
     * @param source the existing path
     * @param target the new path, in the same file system
     * @throws IOException if the file system cannot rename atomically or the rename fails
     */
    static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + source + " to " + target + " atomically", e);
        }
    }

    /**
     * Flushes a directory's entries to disk so that a completed rename survives a power loss.
     *
     * @param dir the directory
     * @throws IOException if the directory cannot be synced on a platform that supports it
     */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open directories; the rename is still atomic there.
            if (System.getProperty("os.name", "")
                    .toLowerCase(java.util.Locale.ROOT)
                    .contains("win")) {
                LOG.debug("directory fsync not supported for {}", dir, e);
            } else {
                throw e;
            }
        }
    }

    /** Lets the writer close "its" stream without closing the channel before the fsync. */
    private static final class NonClosingOutputStream extends FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
