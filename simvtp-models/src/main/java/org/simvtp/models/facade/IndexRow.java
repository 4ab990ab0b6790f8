package org.simvtp.models.facade;

import java.nio.file.Path;

/**
 * One row of a {@link VideoIndex}: a time window of a video and its L2-normalised embedding. Rows are what a
 * vector store is fed with; {@link VideoIndex#rows()} lists them.
 *
 * <pre>{@code
 * for (IndexRow row : index.rows()) {
 *     store.add(row.video() + "#" + row.start(), row.vector());
 * }
 * }</pre>
 *
 * @param video the video file (absolute)
 * @param start where the window starts, in seconds
 * @param end where it ends, in seconds
 * @param vector the embedding (a copy; L2-normalised)
 */
@SuppressWarnings("ArrayRecordComponent") // a carrier of bulk arrays, never compared or hashed
public record IndexRow(Path video, double start, double end, float[] vector) {}
