package org.simvtp.train.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of step-numbered checkpoints ({@code checkpoint-000100/}) that survive crashes.
 *
 * <p>{@link #save} writes every payload file through a caller-supplied callback (the store does not
 * know the tensor format) into a hidden temporary directory, records each file's size and SHA-256 in
 * {@code manifest.json} written <em>last</em>, and only then renames the directory to its final name;
 * if a callback throws, nothing becomes visible. {@link #latest()} returns the newest checkpoint whose
 * manifest and checksums verify, and reports (log warning + returned list) newer directories it had to
 * skip. After a save, only the newest {@code keepLast} checkpoints are kept. One writer per directory
 * is assumed.
 *
 * <pre>{@code
 * CheckpointStore store = CheckpointStore.builder().setDirectory(outDir).optKeepLast(3).build();
 * Map<String, IOConsumer<OutputStream>> files = new LinkedHashMap<>();
 * files.put("model.safetensors", out -> SafeTensors.write(out, model.weights()));
 * files.put("trainer.json", out -> out.write(json.getBytes(UTF_8)));
 * store.save(step, files, Map.of("epoch", "3"));
 * Optional<Checkpoint> resume = store.latest().checkpoint();
 * }</pre>
 */
public final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final String PREFIX = "checkpoint-";
    private static final Pattern DIR_NAME = Pattern.compile("checkpoint-(\\d{6,19})");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path directory;
    private final int keepLast;

    private CheckpointStore(Builder builder) {
        this.directory = builder.directory;
        this.keepLast = builder.keepLast;
    }

    /**
     * Returns a new builder.
     *
     * @return a builder that keeps every checkpoint by default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the root directory.
     *
     * @return the directory holding the checkpoint directories
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the directory a checkpoint of a step has (or would have).
     *
     * @param step the step, at least 0
     * @return {@code <root>/checkpoint-<step, zero-padded to 6 digits>}
     */
    public Path directoryOf(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        return directory.resolve(String.format(java.util.Locale.ROOT, "%s%06d", PREFIX, step));
    }

    /**
     * Saves a checkpoint without metadata.
     *
     * @param step the training step
     * @param files file name → payload writer, in writing order
     * @return the saved checkpoint
     * @throws IOException if a writer or the file system fails (no checkpoint becomes visible)
     * @see #save(long, Map, Map)
     */
    public Checkpoint save(long step, Map<String, IOConsumer<OutputStream>> files) throws IOException {
        return save(step, files, Map.of());
    }

    /**
     * Saves a checkpoint atomically, replacing an existing one of the same step, then prunes old ones.
     *
     * @param step the training step, at least 0
     * @param files file name → payload writer, in writing order; names are plain file names
     *     ({@code [A-Za-z0-9][A-Za-z0-9._-]*}) other than {@code manifest.json}
     * @param metadata free-form strings recorded in the manifest (run id, epoch, ...)
     * @return the saved checkpoint
     * @throws IOException if a writer or the file system fails (no checkpoint becomes visible)
     */
    public Checkpoint save(long step, Map<String, IOConsumer<OutputStream>> files, Map<String, String> metadata)
            throws IOException {
        Path target = directoryOf(step);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint needs at least one file");
        }
        for (String name : files.keySet()) {
            if (!isValidFileName(name) || Manifest.FILE_NAME.equals(name)) {
                throw new IllegalArgumentException("invalid checkpoint file name '" + name + "'");
            }
        }
        Files.createDirectories(directory);
        removeStaleTemporaries();
        Path tmp = directory.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            Manifest manifest = new Manifest();
            manifest.step = step;
            manifest.metadata = new LinkedHashMap<>(metadata);
            for (Map.Entry<String, IOConsumer<OutputStream>> e : files.entrySet()) {
                manifest.files.add(writeHashed(tmp.resolve(e.getKey()), e.getValue()));
            }
            byte[] json = manifest.toJsonBytes();
            AtomicFiles.write(tmp.resolve(Manifest.FILE_NAME), out -> out.write(json));
            publish(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteRecursively(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        LOG.info("saved checkpoint {}", target);
        prune(step);
        return new Checkpoint(step, target, new ArrayList<>(files.keySet()), metadata);
    }

    /**
     * Finds the newest checkpoint that verifies, reporting newer ones that do not.
     *
     * @return the newest valid checkpoint (empty if none) and the skipped directories
     * @throws IOException if the root directory cannot be listed
     */
    public LatestCheckpoint latest() throws IOException {
        List<SkippedCheckpoint> skipped = new ArrayList<>();
        List<Long> all = steps();
        for (int i = all.size() - 1; i >= 0; i--) {
            long step = all.get(i);
            try {
                return new LatestCheckpoint(Optional.of(verify(step)), skipped);
            } catch (CorruptCheckpointException e) {
                LOG.warn("skipping checkpoint {}: {}", directoryOf(step), e.getMessage());
                skipped.add(new SkippedCheckpoint(step, directoryOf(step), e.getMessage()));
            }
        }
        return new LatestCheckpoint(Optional.empty(), skipped);
    }

    /**
     * Verifies one checkpoint: manifest present and well-formed, every listed file present with the
     * recorded size and SHA-256.
     *
     * @param step the step
     * @return the checkpoint
     * @throws CorruptCheckpointException naming the file if it is partial or corrupt
     */
    public Checkpoint verify(long step) throws CorruptCheckpointException {
        Path dir = directoryOf(step);
        if (!Files.isDirectory(dir)) {
            throw new CorruptCheckpointException("checkpoint directory " + dir + " does not exist");
        }
        Manifest manifest = Manifest.read(dir);
        if (manifest.step != step) {
            throw new CorruptCheckpointException(
                    dir.resolve(Manifest.FILE_NAME) + " records step " + manifest.step + ", directory says " + step);
        }
        List<String> names = new ArrayList<>();
        for (Manifest.Entry e : manifest.files) {
            Manifest.verifyFile(dir, e);
            names.add(e.name);
        }
        return new Checkpoint(step, dir, names, manifest.metadata);
    }

    /**
     * Lists the steps of all checkpoint directories, verified or not, ascending.
     *
     * @return the steps
     * @throws IOException if the root directory cannot be listed
     */
    public List<Long> steps() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Long> steps = new ArrayList<>();
        try (Stream<Path> list = Files.list(directory)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                Matcher m = DIR_NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p)) {
                    long step = Long.parseLong(m.group(1));
                    if (directoryOf(step).equals(p)) {
                        steps.add(step);
                    }
                }
            }
        }
        steps.sort(Comparator.naturalOrder());
        return steps;
    }

    static boolean isValidFileName(String name) {
        return FILE_NAME.matcher(name).matches();
    }

    private static Manifest.Entry writeHashed(Path file, IOConsumer<OutputStream> writer) throws IOException {
        long[] size = new long[1];
        String[] sha = new String[1];
        AtomicFiles.write(file, out -> {
            HashingOutputStream hashing = new HashingOutputStream(out);
            writer.accept(hashing);
            hashing.flush();
            size[0] = hashing.size();
            sha[0] = hashing.hexDigest();
        });
        return new Manifest.Entry(file.getFileName().toString(), size[0], sha[0]);
    }

    private void publish(Path tmp, Path target) throws IOException {
        if (Files.exists(target)) {
            Path trash = directory.resolve("." + target.getFileName() + ".trash-" + UUID.randomUUID());
            AtomicFiles.move(target, trash);
            AtomicFiles.move(tmp, target);
            AtomicFiles.fsyncDirectory(directory);
            deleteRecursively(trash);
        } else {
            AtomicFiles.move(tmp, target);
            AtomicFiles.fsyncDirectory(directory);
        }
    }

    /** Deletes all but the newest {@code keepLast - 1} checkpoints older than the one just saved. */
    private void prune(long savedStep) throws IOException {
        if (keepLast == Integer.MAX_VALUE) {
            return;
        }
        List<Long> older = new ArrayList<>();
        for (long s : steps()) {
            if (s < savedStep) {
                older.add(s);
            }
        }
        int toDelete = older.size() - (keepLast - 1);
        for (int i = 0; i < toDelete; i++) {
            Path dir = directoryOf(older.get(i));
            Path trash = directory.resolve("." + dir.getFileName() + ".trash-" + UUID.randomUUID());
            AtomicFiles.move(dir, trash);
            deleteRecursively(trash);
            LOG.info("pruned checkpoint {}", dir);
        }
    }

    /** Removes temporaries left by a crashed save or prune (hidden {@code .checkpoint-*} entries). */
    private void removeStaleTemporaries() throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith("." + PREFIX) && (name.contains(".tmp-") || name.contains(".trash-"))) {
                    LOG.warn("removing leftover of an interrupted checkpoint operation: {}", p);
                    deleteRecursively(p);
                }
            }
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Builder for {@link CheckpointStore}. */
    public static final class Builder {
        private Path directory;
        private int keepLast = Integer.MAX_VALUE;

        private Builder() {}

        /**
         * Sets the root directory (created on the first save).
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder setDirectory(Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * Keeps only the newest {@code k} checkpoints after each save; default: keep all.
         *
         * @param k at least 1
         * @return this builder
         */
        public Builder optKeepLast(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("keepLast must be >= 1, got " + k);
            }
            this.keepLast = k;
            return this;
        }

        /**
         * Builds the store.
         *
         * @return the store
         * @throws IllegalArgumentException if the directory is missing
         */
        public CheckpointStore build() {
            if (directory == null) {
                throw new IllegalArgumentException("directory is required");
            }
            return new CheckpointStore(this);
        }
    }
}
