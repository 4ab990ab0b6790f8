package org.simvtp.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.simvtp.core.metrics.RetrievalMetrics;
import org.simvtp.core.metrics.RetrievalReport;
import org.simvtp.core.metrics.RetrievalScores;

class RetrievalResultTest {

    static final RetrievalScores SCORES = new RetrievalScores(53.6, 82.8, 90.8, 98.0, 1, 12.25, 74.2);
    static final RetrievalReport REPORT = new RetrievalReport(SCORES, SCORES);

    @Test
    void chanceLevelsForOneCaptionPerVideo() {
        RetrievalResult r = new RetrievalResult(REPORT, 1000, 1000);
        assertEquals(0.1, r.chanceTextToVideoRecall(1), 1e-12);
        assertEquals(5.0, r.chanceTextToVideoRecall(50), 1e-12);
        assertEquals(500.5, r.chanceTextToVideoMedianRank());
        assertEquals(0.5, r.chanceVideoToTextRecall(5), 1e-9);
        assertEquals(500, r.chanceVideoToTextMedianRank());
        assertEquals(100, new RetrievalResult(REPORT, 3, 3).chanceTextToVideoRecall(5), 1e-12);
    }

    @Test
    void videoToTextChanceCountsTheBestOfAVideosCaptions() {
        RetrievalResult r = new RetrievalResult(REPORT, 2, 4); // 2 captions per video among 4
        assertEquals(50, r.chanceVideoToTextRecall(1), 1e-9); // 2 of 4 first
        assertEquals(100 * (1 - (2.0 / 4) * (1.0 / 3)), r.chanceVideoToTextRecall(2), 1e-9);
        assertEquals(1, r.chanceVideoToTextMedianRank());
        // brute force over all orders of 4 captions: P(best of 2 within top 2) = 5/6
        assertEquals(100 * 5.0 / 6, r.chanceVideoToTextRecall(2), 1e-9);
    }

    @Test
    void chanceIsTheAverageMetricOverAllRankings() {
        // text→video, 3 videos: row i holds a permutation of {1, 2, 3} with perm[0] at its own video
        double r1 = 0;
        double r2 = 0;
        List<float[]> perms3 = permutations(new float[] {1, 2, 3});
        for (float[] perm : perms3) {
            float[][] sims = new float[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    sims[i][j] = perm[Math.floorMod(j - i, 3)];
                }
            }
            RetrievalScores t2v = RetrievalMetrics.textToVideo(sims);
            r1 += t2v.r1() / perms3.size();
            r2 += recallAt2(sims) / perms3.size();
        }
        RetrievalResult three = new RetrievalResult(REPORT, 3, 3);
        assertEquals(three.chanceTextToVideoRecall(1), r1, 1e-9);
        assertEquals(three.chanceTextToVideoRecall(2), r2, 1e-9);
        // video→text, 2 videos with 2 captions each: every order of the 4 captions in a column
        double v2tR1 = 0;
        List<float[]> perms4 = permutations(new float[] {1, 2, 3, 4});
        for (float[] perm : perms4) {
            float[][] sims = new float[4][2];
            for (int c = 0; c < 4; c++) {
                sims[c][0] = perm[c];
                sims[c][1] = perm[(c + 2) % 4];
            }
            v2tR1 += RetrievalMetrics.videoToText(sims).r1() / perms4.size();
        }
        assertEquals(new RetrievalResult(REPORT, 2, 4).chanceVideoToTextRecall(1), v2tR1, 1e-9);
    }

    /** Share of captions whose video is among the first two (100 · #{rank < 2} / N). */
    static double recallAt2(float[][] sims) {
        double[] ranks = RetrievalMetrics.textToVideoRanks(sims);
        return 100.0 * java.util.Arrays.stream(ranks).filter(r -> r < 2).count() / ranks.length;
    }

    static List<float[]> permutations(float[] values) {
        List<float[]> out = new ArrayList<>();
        permute(values.clone(), 0, out);
        return out;
    }

    private static void permute(float[] a, int k, List<float[]> out) {
        if (k == a.length) {
            out.add(a.clone());
            return;
        }
        for (int i = k; i < a.length; i++) {
            float t = a[k];
            a[k] = a[i];
            a[i] = t;
            permute(a, k + 1, out);
            a[i] = a[k];
            a[k] = t;
        }
    }

    @Test
    void formatsATableAndRoundTripsThroughJson() {
        RetrievalResult r = new RetrievalResult(REPORT, 1000, 1000);
        String table = r.format();
        assertTrue(table.startsWith("retrieval: 1000 videos, 1000 captions"), table);
        assertTrue(table.contains("t2v       53.60  82.80  90.80  98.00     1.0    12.3"), table);
        assertTrue(table.contains("chance     0.10   0.50   1.00   5.00   500.5   500.5"), table);
        JsonObject o = JsonParser.parseString(r.toJson()).getAsJsonObject();
        assertEquals(53.6, o.getAsJsonObject("t2v").get("R1").getAsDouble());
        assertEquals(
                0.1,
                o.getAsJsonObject("chance").getAsJsonObject("t2v").get("R1").getAsDouble(),
                1e-12);
        assertEquals(r, RetrievalResult.fromJson(r.toJson()));
        assertFalse(new RetrievalResult(REPORT, 2, 4).format().contains("chance "), "two chance rows instead");
        assertThrows(IllegalArgumentException.class, () -> RetrievalResult.fromJson("{\"videos\": 3}"));
        assertThrows(IllegalArgumentException.class, () -> new RetrievalResult(REPORT, 3, 4));
    }
}
