package org.simvtp.train.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.simvtp.train.checkpoint.Checkpoint;
import org.simvtp.train.checkpoint.IOConsumer;

/**
 * Resume for a multi-process run: rank 0 chooses the checkpoint (its newest valid one) and sends its files to the
 * other ranks, which receive them into a temporary directory. So only rank 0 needs to see the checkpoint directory,
 * and every rank restores exactly the same state, even without a shared filesystem.
 *
 * <pre>{@code
 * Optional<Checkpoint> mine = group.rank() == 0 ? store.latest().checkpoint() : Optional.empty();
 * CheckpointBroadcast.share(group, mine, c -> c.ifPresent(this::restore));
 * }</pre>
 */
public final class CheckpointBroadcast {
    private static final int CHUNK = 64 << 20;

    private CheckpointBroadcast() {}

    /**
     * Shares rank 0's checkpoint and hands every rank its copy; the temporary copy is deleted afterwards.
     *
     * @param group the process group (every rank calls this)
     * @param atRankZero rank 0's checkpoint, if any (ignored on the other ranks)
     * @param reader restores from the checkpoint (rank 0: the original; others: a local copy of its files)
     * @throws IOException if a file cannot be read, written or restored
     */
    public static void share(
            ProcessGroup group, Optional<Checkpoint> atRankZero, IOConsumer<Optional<Checkpoint>> reader)
            throws IOException {
        boolean root = group.rank() == 0;
        Checkpoint c = root ? atRankZero.orElse(null) : null;
        long[] header = Collectives.broadcastLongs(
                group,
                new long[] {
                    c == null ? 0 : 1,
                    c == null ? 0 : c.step(),
                    c == null ? 0 : c.files().size()
                },
                0);
        if (header[0] == 0) {
            reader.accept(Optional.empty());
            return;
        }
        if (root) {
            for (String name : c.files()) {
                send(group, name, c.file(name));
            }
            reader.accept(Optional.of(c));
            return;
        }
        Path dir = Files.createTempDirectory("simvtp-checkpoint-rank" + group.rank() + "-");
        try {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < header[2]; i++) {
                names.add(receive(group, dir));
            }
            reader.accept(Optional.of(new Checkpoint(header[1], dir, names, Map.of())));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void send(ProcessGroup group, String name, Path file) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        long size = Files.size(file);
        Collectives.broadcastLongs(group, new long[] {nameBytes.length, size}, 0);
        ByteBuffer nameBuf = ByteBuffer.allocateDirect(nameBytes.length).put(nameBytes);
        group.broadcast(nameBuf, 0);
        ByteBuffer chunk = ByteBuffer.allocateDirect((int) Math.min(CHUNK, Math.max(1, size)))
                .order(ByteOrder.nativeOrder());
        byte[] heap = new byte[chunk.capacity()];
        try (InputStream in = Files.newInputStream(file)) {
            for (long done = 0; done < size; ) {
                int n = (int) Math.min(chunk.capacity(), size - done);
                int read = in.readNBytes(heap, 0, n);
                if (read != n) {
                    throw new IOException(file + " shrank while being sent (" + (done + read) + " of " + size + ")");
                }
                chunk.clear();
                chunk.put(heap, 0, n);
                group.broadcast(chunk.slice(0, n), 0);
                done += n;
            }
        }
    }

    private static String receive(ProcessGroup group, Path dir) throws IOException {
        long[] lengths = Collectives.broadcastLongs(group, new long[2], 0);
        ByteBuffer nameBuf = ByteBuffer.allocateDirect((int) lengths[0]);
        group.broadcast(nameBuf, 0);
        byte[] nameBytes = new byte[(int) lengths[0]];
        nameBuf.get(nameBytes);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        Path target = dir.resolve(name).normalize();
        if (!target.startsWith(dir) || name.isEmpty()) {
            throw new IOException("rank 0 sent a checkpoint file named '" + name + "' outside " + dir);
        }
        long size = lengths[1];
        ByteBuffer chunk = ByteBuffer.allocateDirect((int) Math.min(CHUNK, Math.max(1, size)));
        byte[] heap = new byte[chunk.capacity()];
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
            for (long done = 0; done < size; ) {
                int n = (int) Math.min(chunk.capacity(), size - done);
                ByteBuffer part = chunk.slice(0, n);
                group.broadcast(part, 0);
                part.get(heap, 0, n);
                out.write(heap, 0, n);
                done += n;
            }
        }
        return name;
    }
}
