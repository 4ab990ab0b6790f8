package org.simvtp.models.facade;

import java.nio.file.Path;

/**
 * A file {@link VideoIndex} could not embed (it is skipped until it changes).
 *
 * <pre>{@code
 * index.update().failed().forEach(f -> System.err.println(f.video() + ": " + f.message()));
 * }</pre>
 *
 * @param video the file (absolute)
 * @param message why it failed (names the file)
 */
public record IndexFailure(Path video, String message) {}
