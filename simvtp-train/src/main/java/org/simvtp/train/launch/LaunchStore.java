package org.simvtp.train.launch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.simvtp.train.distributed.Rendezvous;

/**
 * The keys the launchers of one job share: which attempt is current and whether the job was stopped. Keys are only
 * ever created, never changed, so "create if absent" is the only write and needs no locking across machines.
 */
interface LaunchStore extends Closeable {

    /**
     * Creates {@code key} with {@code value} unless it exists.
     *
     * @return true if this call created it
     * @throws IOException if the store cannot be reached
     */
    boolean putIfAbsent(String key, String value) throws IOException;

    /**
     * The value of {@code key}.
     *
     * @throws IOException if the store cannot be reached
     */
    Optional<String> get(String key) throws IOException;

    @Override
    default void close() throws IOException {}

    /**
     * The store of a job's launch keys in the rendezvous (a sub-folder, or keys prefixed with the job in Redis).
     *
     * @param rendezvous the rendezvous every node uses
     * @param job the job's run id
     * @return the store
     * @throws IOException if the folder cannot be created or Redis cannot be reached
     */
    static LaunchStore open(Rendezvous rendezvous, String job) throws IOException {
        return rendezvous.kind() == Rendezvous.Kind.FILE
                ? new FileStore(Files.createDirectories(
                        Path.of(rendezvous.location()).resolve("simvtp-launch").resolve(job)))
                : new RedisLaunchStore(rendezvous.location(), rendezvous.port(), "simvtp-launch/" + job + "/");
    }

    /** A store for the launcher of a single node, held in memory. */
    static LaunchStore inMemory() {
        Map<String, String> keys = new ConcurrentHashMap<>();
        return new LaunchStore() {
            @Override
            public boolean putIfAbsent(String key, String value) {
                return keys.putIfAbsent(key, value) == null;
            }

            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(keys.get(key));
            }
        };
    }

    /** One file a key in a folder all nodes see; a key is written under a temporary name, then linked in place. */
    final class FileStore implements LaunchStore {
        private final Path dir;

        FileStore(Path dir) {
            this.dir = dir;
        }

        @Override
        public boolean putIfAbsent(String key, String value) throws IOException {
            Path target = dir.resolve(key);
            if (Files.exists(target)) {
                return false;
            }
            Path tmp = Files.createTempFile(dir, "." + key, ".tmp");
            try {
                Files.writeString(tmp, value);
                // a hard link fails if the target exists: an atomic create-if-absent with the whole value
                Files.createLink(target, tmp);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        @Override
        public Optional<String> get(String key) throws IOException {
            Path file = dir.resolve(key);
            try {
                return Optional.of(Files.readString(file));
            } catch (java.nio.file.NoSuchFileException e) {
                return Optional.empty();
            }
        }
    }
}
