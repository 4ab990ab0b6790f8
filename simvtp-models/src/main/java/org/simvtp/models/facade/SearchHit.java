package org.simvtp.models.facade;

import java.nio.file.Path;

/**
 * One result of {@link VideoIndex#search}: a video and its cosine similarity to the query.
 *
 * <pre>{@code
 * for (SearchHit hit : index.search("a red circle moves left", 5)) {
 *     System.out.printf("%.3f %s%n", hit.score(), hit.video());
 * }
 * }</pre>
 *
 * @param video the video file (absolute)
 * @param score cosine similarity in {@code [-1, 1]}
 */
public record SearchHit(Path video, float score) {}
