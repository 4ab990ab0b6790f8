package org.simvtp.core.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;

/**
 * Retrieval metrics of the reference's {@code metric.py} (the Frozen-in-Time / collaborative-experts code, spec
 * §8), in plain Java.
 *
 * <p>Input is a similarity matrix with one row per caption and one column per video. With {@code C} captions
 * and {@code V} videos, {@code C} must be a multiple of {@code V}; caption {@code i} belongs to video
 * {@code i / (C/V)} (captions grouped by video). Ranks are 0-based positions in a list sorted by descending
 * similarity:
 * <ul>
 *   <li>text → video: per caption, rank of its video among all videos, ties broken optimistically (rank = number
 *       of videos with a strictly greater similarity);</li>
 *   <li>video → text: per video, for each of its captions the rank among all captions with ties
 *       <em>averaged</em> (rank = #strictly greater + (#equal − 1)/2), and the video keeps the best (smallest) of
 *       those ranks.</li>
 * </ul>
 * Then R@K = 100·#{r &lt; K}/N, MedR = median(r) + 1, MeanR = mean(r) + 1. Comparisons are exact on the float
 * values, as the reference compares float32 distances. Cost is {@code O(C·V)} time for t2v and
 * {@code O(C·C)} for v2t (both one pass over the rows), with {@code O(C)} extra memory.
 *
 * <pre>{@code
 * float[][] sims = ...;                            // [captions][videos], cosine similarities
 * RetrievalReport report = RetrievalMetrics.evaluate(sims);
 * System.out.println(report);
 * }</pre>
 */
public final class RetrievalMetrics {

    private RetrievalMetrics() {}

    /**
     * Scores both directions.
     *
     * @param sims {@code [captions][videos]}, captions a multiple of videos
     * @return text-to-video and video-to-text scores
     */
    public static RetrievalReport evaluate(float[][] sims) {
        return new RetrievalReport(textToVideo(sims), videoToText(sims));
    }

    /**
     * Text-to-video scores.
     *
     * @param sims {@code [captions][videos]}
     * @return scores over all captions
     */
    public static RetrievalScores textToVideo(float[][] sims) {
        return fromRanks(textToVideoRanks(sims));
    }

    /**
     * Video-to-text scores.
     *
     * @param sims {@code [captions][videos]}
     * @return scores over all videos
     */
    public static RetrievalScores videoToText(float[][] sims) {
        return fromRanks(videoToTextRanks(sims));
    }

    /**
     * The 0-based text-to-video rank of every caption (optimistic ties).
     *
     * @param sims {@code [captions][videos]}
     * @return one rank per caption
     */
    public static double[] textToVideoRanks(float[][] sims) {
        int perVideo = captionsPerVideo(sims);
        double[] ranks = new double[sims.length];
        for (int i = 0; i < sims.length; i++) {
            float[] row = sims[i];
            float gt = row[i / perVideo];
            int greater = 0;
            for (float s : row) {
                greater += s > gt ? 1 : 0;
            }
            ranks[i] = greater;
        }
        return ranks;
    }

    /**
     * The 0-based video-to-text rank of every video: best over its captions, ties averaged.
     *
     * @param sims {@code [captions][videos]}
     * @return one rank per video
     */
    public static double[] videoToTextRanks(float[][] sims) {
        int perVideo = captionsPerVideo(sims);
        int numCaptions = sims.length;
        int numVideos = sims[0].length;
        // Counters for every (video, own caption) pair, indexed by the caption: one pass over the rows.
        float[] gtValue = new float[numCaptions];
        for (int c = 0; c < numCaptions; c++) {
            gtValue[c] = sims[c][c / perVideo];
        }
        long[] greater = new long[numCaptions];
        long[] equal = new long[numCaptions];
        for (float[] row : sims) {
            for (int v = 0; v < numVideos; v++) {
                float s = row[v];
                for (int c = v * perVideo; c < (v + 1) * perVideo; c++) {
                    float gt = gtValue[c];
                    if (s > gt) {
                        greater[c]++;
                    } else if (s == gt) {
                        equal[c]++;
                    }
                }
            }
        }
        double[] ranks = new double[numVideos];
        for (int v = 0; v < numVideos; v++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = v * perVideo; c < (v + 1) * perVideo; c++) {
                best = Math.min(best, greater[c] + (equal[c] - 1) / 2.0);
            }
            ranks[v] = best;
        }
        return ranks;
    }

    /**
     * Turns 0-based ranks into scores ({@code cols2metrics} of the reference).
     *
     * @param ranks one 0-based rank per query, at least one
     * @return the scores
     */
    public static RetrievalScores fromRanks(double[] ranks) {
        if (ranks.length == 0) {
            throw new IllegalArgumentException("no ranks to score");
        }
        int n = ranks.length;
        double r1 = recall(ranks, 1);
        double r5 = recall(ranks, 5);
        double r10 = recall(ranks, 10);
        double r50 = recall(ranks, 50);
        double[] sorted = ranks.clone();
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        double sum = 0;
        for (double r : ranks) {
            sum += r;
        }
        double gm = r1 > 0 && r5 > 0 && r10 > 0 ? Math.exp((Math.log(r1) + Math.log(r5) + Math.log(r10)) / 3.0) : 0.0;
        return new RetrievalScores(r1, r5, r10, r50, median + 1, sum / n + 1, gm);
    }

    /**
     * Copies a 2-D float NDArray {@code (captions, videos)} into a Java matrix.
     *
     * <pre>{@code
     * RetrievalReport r = RetrievalMetrics.evaluate(RetrievalMetrics.toMatrix(simArray));
     * }</pre>
     *
     * @param sims a 2-D array of any float type
     * @return the values, {@code [rows][columns]}
     */
    public static float[][] toMatrix(NDArray sims) {
        if (sims.getShape().dimension() != 2) {
            throw new IllegalArgumentException("similarity matrix must be 2-D, got shape " + sims.getShape());
        }
        int rows = Math.toIntExact(sims.getShape().get(0));
        int cols = Math.toIntExact(sims.getShape().get(1));
        float[] flat = sims.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
        return out;
    }

    private static double recall(double[] ranks, int k) {
        int hits = 0;
        for (double r : ranks) {
            hits += r < k ? 1 : 0;
        }
        return 100.0 * hits / ranks.length;
    }

    private static int captionsPerVideo(float[][] sims) {
        if (sims.length == 0 || sims[0].length == 0) {
            throw new IllegalArgumentException("similarity matrix is empty");
        }
        int numVideos = sims[0].length;
        for (int i = 0; i < sims.length; i++) {
            if (sims[i].length != numVideos) {
                throw new IllegalArgumentException(
                        "similarity matrix row " + i + " has " + sims[i].length + " columns, row 0 has " + numVideos);
            }
            for (float s : sims[i]) {
                if (Float.isNaN(s)) {
                    throw new IllegalArgumentException("similarity matrix row " + i + " contains NaN");
                }
            }
        }
        if (sims.length % numVideos != 0) {
            throw new IllegalArgumentException("captions (" + sims.length + ") are not a multiple of videos ("
                    + numVideos + "); caption i must belong to video i / (captions / videos)");
        }
        return sims.length / numVideos;
    }
}
