package org.simvtp.models.facade;

import java.nio.file.Path;

/**
 * One result of {@link VideoIndex#search}: a time range of a video and its cosine similarity to the query.
 *
 * <pre>{@code
 * for (SearchHit hit : index.search("a red circle moves left", 5)) {
 *     System.out.printf("%.3f %s %.1f-%.1f s%n", hit.score(), hit.video(), hit.start(), hit.end());
 * }
 * }</pre>
 *
 * @param video the video file (absolute)
 * @param start where the matching range starts, in seconds from the start of the video
 * @param end where the matching range ends, in seconds ({@code >= start})
 * @param score cosine similarity in {@code [-1, 1]}
 */
public record SearchHit(Path video, double start, double end, float score) {}
