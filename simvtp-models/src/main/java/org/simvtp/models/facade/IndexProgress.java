package org.simvtp.models.facade;

import java.nio.file.Path;

/**
 * Progress of a {@link VideoIndex#update()}: called on the updating thread after each file is embedded or fails.
 * An exception thrown here stops the update; what was saved so far is kept and the next update resumes there.
 *
 * <pre>{@code
 * IndexOptions options = IndexOptions.builder()
 *         .optProgress((file, done, total, windows, seconds) -> System.err.printf("%d/%d%n", done, total))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface IndexProgress {

    /** Reports nothing. */
    IndexProgress NONE = (file, done, total, windows, seconds) -> {};

    /**
     * One more file is finished.
     *
     * @param file the file just finished (embedded or failed)
     * @param done files finished by this update so far
     * @param total files this update embeds
     * @param windows windows embedded by this update so far
     * @param seconds time since the update started
     */
    void fileDone(Path file, int done, int total, long windows, double seconds);
}
