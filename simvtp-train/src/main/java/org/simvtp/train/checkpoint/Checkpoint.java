package org.simvtp.train.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A complete, verified checkpoint directory of a {@link CheckpointStore}.
 *
 * <pre>{@code
 * Checkpoint ckpt = store.latest().checkpoint().orElseThrow();
 * try (InputStream in = Files.newInputStream(ckpt.file("model.safetensors"))) { ... }
 * }</pre>
 *
 * @param step the training step the checkpoint was taken at
 * @param directory the checkpoint directory
 * @param files the payload file names, in writing order
 * @param metadata the free-form metadata recorded in the manifest
 */
public record Checkpoint(long step, Path directory, List<String> files, Map<String, String> metadata) {

    /**
     * Copies the collections.
     *
     * @param step the step
     * @param directory the directory
     * @param files the payload file names
     * @param metadata the metadata
     */
    public Checkpoint {
        files = List.copyOf(files);
        metadata = Map.copyOf(metadata);
    }

    /**
     * Returns the path of a payload file.
     *
     * @param name a file name listed in {@link #files()}
     * @return the file's path
     * @throws IllegalArgumentException if the checkpoint has no such file
     */
    public Path file(String name) {
        if (!files.contains(name)) {
            throw new IllegalArgumentException(
                    "checkpoint " + directory + " has no file '" + name + "', only " + files);
        }
        return directory.resolve(name);
    }
}
