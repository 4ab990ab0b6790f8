package org.simvtp.train.eval;

import java.util.List;

/**
 * The embeddings of an evaluation set: one (view-averaged) vector per video and one per caption, captions grouped
 * by video in input order, so caption {@code i} belongs to video {@code i / captionsPerVideo}.
 *
 * <pre>{@code
 * RetrievalEmbeddings e = evaluator.embed(items);
 * float[][] sims = RetrievalEvaluator.similarity(e); // [captions][videos]
 * }</pre>
 *
 * @param videoIds the videos, in input order
 * @param video {@code [videos][D]}, the un-normalised mean over each video's views
 * @param text {@code [captions][D]}
 * @param captionsPerVideo captions of every video
 */
@SuppressWarnings("ArrayRecordComponent") // a carrier of bulk arrays, never compared or hashed
public record RetrievalEmbeddings(List<String> videoIds, float[][] video, float[][] text, int captionsPerVideo) {

    /** Checks the sizes. */
    public RetrievalEmbeddings {
        videoIds = List.copyOf(videoIds);
        if (video.length != videoIds.size() || text.length != video.length * captionsPerVideo) {
            throw new IllegalArgumentException("expected " + videoIds.size() + " video and "
                    + videoIds.size() * captionsPerVideo + " caption embeddings, got " + video.length + " and "
                    + text.length);
        }
    }
}
