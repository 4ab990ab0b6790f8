package org.simvtp.core.metrics;

/**
 * Scores of both retrieval directions for one similarity matrix.
 *
 * <pre>{@code
 * RetrievalReport report = RetrievalMetrics.evaluate(sims);
 * double r1 = report.textToVideo().r1();
 * }</pre>
 *
 * @param textToVideo caption → video scores
 * @param videoToText video → caption scores
 */
public record RetrievalReport(RetrievalScores textToVideo, RetrievalScores videoToText) {

    @Override
    public String toString() {
        return "t2v: " + textToVideo + "\nv2t: " + videoToText;
    }
}
