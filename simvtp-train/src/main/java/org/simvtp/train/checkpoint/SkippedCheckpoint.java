package org.simvtp.train.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint directory that failed verification (partial, corrupt or unreadable).
 *
 * <pre>{@code
 * store.latest().skipped().forEach(s -> System.err.println(s.directory() + ": " + s.reason()));
 * }</pre>
 *
 * @param step the step encoded in the directory name
 * @param directory the directory
 * @param reason what is wrong, naming the file
 */
public record SkippedCheckpoint(long step, Path directory, String reason) {}
