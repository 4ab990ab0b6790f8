package org.simvtp.core.metrics;

import java.util.Locale;

/**
 * Retrieval scores of one direction (spec §8): recall at 1/5/10/50 in percent, median and mean rank (1-based),
 * and the geometric mean of R@1, R@5 and R@10 (0 when any of them is 0).
 *
 * <pre>{@code
 * RetrievalScores t2v = RetrievalMetrics.textToVideo(sims);
 * System.out.println(t2v); // R@1 53.60  R@5 82.80  R@10 90.80  R@50 ...  MedR 1.0  MeanR ...  GM ...
 * }</pre>
 *
 * @param r1 percentage of queries whose ground truth is ranked first
 * @param r5 percentage ranked within the top 5
 * @param r10 percentage ranked within the top 10
 * @param r50 percentage ranked within the top 50
 * @param medianRank median of the 1-based ranks
 * @param meanRank mean of the 1-based ranks
 * @param geometricMeanR1R5R10 {@code (R1·R5·R10)^(1/3)}
 */
public record RetrievalScores(
        double r1, double r5, double r10, double r50, double medianRank, double meanRank, double geometricMeanR1R5R10) {

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "R@1 %.2f  R@5 %.2f  R@10 %.2f  R@50 %.2f  MedR %.1f  MeanR %.2f  GM %.2f",
                r1,
                r5,
                r10,
                r50,
                medianRank,
                meanRank,
                geometricMeanR1R5R10);
    }
}
