package org.simvtp.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.simvtp.core.ParityBundle;

class RetrievalMetricsTest {

    private static final double EXACT = 1e-9;

    @ParameterizedTest(name = "case{0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void reproducesReferenceMetrics(int index) {
        float[][] sims;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList all = ParityBundle.tensors(manager, "metrics-input.safetensors");
            sims = RetrievalMetrics.toMatrix(all.get("metric_sims_" + index));
        }
        JsonObject expected = ParityBundle.manifest().getAsJsonObject("metrics").getAsJsonObject("case" + index);
        RetrievalReport report = RetrievalMetrics.evaluate(sims);
        assertScores(expected.getAsJsonObject("t2v"), report.textToVideo(), "case" + index + " t2v");
        assertScores(expected.getAsJsonObject("v2t"), report.videoToText(), "case" + index + " v2t");
    }

    @Test
    void textToVideoBreaksTiesOptimistically() {
        // caption 0: its video (col 0) ties with col 1 and col 2 is greater -> rank 1
        // caption 1: all equal -> rank 0
        float[][] sims = {{0.5f, 0.5f, 0.9f}, {0.2f, 0.2f, 0.2f}, {0.1f, 0.3f, 0.2f}};
        assertArrayEquals(new double[] {1, 0, 1}, RetrievalMetrics.textToVideoRanks(sims), 0);
    }

    @Test
    void videoToTextAveragesTiesAndKeepsBestCaption() {
        // 4 captions, 2 videos: captions 0,1 -> video 0; captions 2,3 -> video 1
        float[][] sims = {
            {0.5f, 0.1f},
            {0.5f, 0.2f},
            {0.5f, 0.9f},
            {0.5f, 0.3f},
        };
        // video 0 column: all four tied at 0.5 -> ranks 0..3, averaged 1.5 for both own captions
        // video 1 column: caption 2 (0.9) first -> 0; caption 3 (0.3) second -> 1; best = 0
        assertArrayEquals(new double[] {1.5, 0}, RetrievalMetrics.videoToTextRanks(sims), 0);
    }

    @Test
    void scoresFromRanks() {
        RetrievalScores s = RetrievalMetrics.fromRanks(new double[] {0, 0, 3, 7, 60});
        assertEquals(40, s.r1(), EXACT);
        assertEquals(60, s.r5(), EXACT);
        assertEquals(80, s.r10(), EXACT);
        assertEquals(80, s.r50(), EXACT);
        assertEquals(4, s.medianRank(), EXACT);
        assertEquals(15, s.meanRank(), EXACT);
        assertEquals(Math.cbrt(40 * 60 * 80), s.geometricMeanR1R5R10(), 1e-9);
        assertEquals(0, RetrievalMetrics.fromRanks(new double[] {1, 2}).geometricMeanR1R5R10(), 0);
        assertEquals(2.5, RetrievalMetrics.fromRanks(new double[] {2, 1}).medianRank(), EXACT);
        assertTrue(s.toString().startsWith("R@1 40.00  R@5 60.00"), s.toString());
    }

    @Test
    void rejectsMalformedMatrices() {
        assertThrows(IllegalArgumentException.class, () -> RetrievalMetrics.evaluate(new float[0][0]));
        assertThrows(IllegalArgumentException.class, () -> RetrievalMetrics.evaluate(new float[5][2]));
        assertThrows(IllegalArgumentException.class, () -> RetrievalMetrics.evaluate(new float[][] {{1}, {1, 2}}));
        assertThrows(
                IllegalArgumentException.class,
                () -> RetrievalMetrics.evaluate(new float[][] {{Float.NaN, 0}, {0, 1}}));
    }

    @Test
    void agreesWithBruteForceOnARandomQuantisedMatrix() {
        SplittableRandom rng = new SplittableRandom(17);
        float[][] sims = new float[300][100];
        for (float[] row : sims) {
            for (int v = 0; v < row.length; v++) {
                row[v] = rng.nextInt(20) / 20f; // many ties
            }
        }
        double[] v2t = RetrievalMetrics.videoToTextRanks(sims);
        for (int v = 0; v < 100; v++) {
            double best = Double.MAX_VALUE;
            for (int c = 3 * v; c < 3 * v + 3; c++) {
                int greater = 0;
                int equal = 0;
                for (float[] row : sims) {
                    greater += row[v] > sims[c][v] ? 1 : 0;
                    equal += row[v] == sims[c][v] ? 1 : 0;
                }
                best = Math.min(best, greater + (equal - 1) / 2.0);
            }
            assertEquals(best, v2t[v], 0, "video " + v);
        }
    }

    @Test
    @Tag("slow")
    void tenThousandSquareIsFeasible() {
        int n = 10_000;
        SplittableRandom rng = new SplittableRandom(1);
        float[][] sims = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sims[i][j] = (float) rng.nextDouble();
            }
            sims[i][i] = 2f;
        }
        RetrievalReport report = RetrievalMetrics.evaluate(sims);
        assertEquals(100, report.textToVideo().r1(), EXACT);
        assertEquals(100, report.videoToText().r1(), EXACT);
    }

    private static void assertScores(JsonObject want, RetrievalScores got, String label) {
        assertEquals(want.get("R1").getAsDouble(), got.r1(), EXACT, label + " R1");
        assertEquals(want.get("R5").getAsDouble(), got.r5(), EXACT, label + " R5");
        assertEquals(want.get("R10").getAsDouble(), got.r10(), EXACT, label + " R10");
        assertEquals(want.get("R50").getAsDouble(), got.r50(), EXACT, label + " R50");
        assertEquals(want.get("MedR").getAsDouble(), got.medianRank(), EXACT, label + " MedR");
        assertEquals(want.get("MeanR").getAsDouble(), got.meanRank(), EXACT, label + " MeanR");
        assertEquals(
                want.get("geometric_mean_R1-R5-R10").getAsDouble(),
                got.geometricMeanR1R5R10(),
                EXACT,
                label + " geometric mean");
    }
}
