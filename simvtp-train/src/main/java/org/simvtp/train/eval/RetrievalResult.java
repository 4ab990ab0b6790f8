package org.simvtp.train.eval;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Locale;
import org.simvtp.core.metrics.RetrievalReport;
import org.simvtp.core.metrics.RetrievalScores;

/**
 * Retrieval scores of both directions with the sizes of the benchmark and the scores a random ranking would get,
 * for printing and JSON.
 *
 * <p>Chance levels for {@code V} videos and {@code C = k·V} captions (k per video): text→video R@K =
 * {@code 100·min(K, V)/V}, median and mean rank {@code (V+1)/2}; video→text R@K = {@code 100·P(one of the k
 * captions in the top K of C)} = {@code 100·(1 − Π_{i<k} (C−K−i)/(C−i))}, median rank the smallest r with
 * {@code P(best rank ≤ r) ≥ ½} (equal to {@code ⌈C/2⌉} for k = 1).
 *
 * <pre>{@code
 * RetrievalResult r = evaluator.evaluate(items);
 * System.out.println(r.format());
 * Files.writeString(dir.resolve("retrieval.json"), r.toJson());
 * }</pre>
 *
 * @param report the scores
 * @param videos number of videos V
 * @param captions number of captions C
 */
public record RetrievalResult(RetrievalReport report, int videos, int captions) {

    private static final int[] KS = {1, 5, 10, 50};

    /** Validates the sizes. */
    public RetrievalResult {
        if (videos < 1 || captions < videos || captions % videos != 0) {
            throw new IllegalArgumentException("need videos >= 1 and captions a multiple of videos, got " + videos
                    + " videos, " + captions + " captions");
        }
    }

    /** Captions per video k. */
    public int captionsPerVideo() {
        return captions / videos;
    }

    /** Text→video R@K of a random ranking, in percent. */
    public double chanceTextToVideoRecall(int k) {
        return 100.0 * Math.min(k, videos) / videos;
    }

    /** Video→text R@K of a random ranking, in percent (best of the video's captions). */
    public double chanceVideoToTextRecall(int k) {
        return 100.0 * (1 - missProbability(k));
    }

    /** Text→video median (and mean) rank of a random ranking, {@code (V+1)/2}. */
    public double chanceTextToVideoMedianRank() {
        return (videos + 1) / 2.0;
    }

    /** Video→text median rank of a random ranking (1-based rank of the best caption). */
    public double chanceVideoToTextMedianRank() {
        for (int r = 1; r <= captions; r++) {
            if (1 - missProbability(r) >= 0.5) {
                return r;
            }
        }
        return captions;
    }

    /** P(none of the video's k captions is among the first {@code top} of C random positions). */
    private double missProbability(int top) {
        double p = 1;
        for (int i = 0; i < captionsPerVideo(); i++) {
            double free = captions - top - i;
            if (free <= 0) {
                return 0;
            }
            p *= free / (captions - i);
        }
        return p;
    }

    /**
     * A small table: the scores of both directions and the chance levels.
     *
     * <pre>
     * retrieval: 1000 videos, 1000 captions
     *             R@1    R@5   R@10   R@50    MedR   MeanR
     * t2v       53.60  82.80  90.80  98.00     1.0    12.3
     * v2t       ...
     * chance     0.10   0.50   1.00   5.00   500.5   500.5
     * </pre>
     *
     * @return the table, lines separated by {@code \n}
     */
    public String format() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "retrieval: %d videos, %d captions%n", videos, captions));
        s.append(String.format(
                Locale.ROOT, "%-8s %6s %6s %6s %6s %7s %7s%n", "", "R@1", "R@5", "R@10", "R@50", "MedR", "MeanR"));
        row(s, "t2v", report.textToVideo());
        row(s, "v2t", report.videoToText());
        s.append(String.format(
                Locale.ROOT,
                "%-8s %6.2f %6.2f %6.2f %6.2f %7.1f %7.1f%n",
                captionsPerVideo() == 1 ? "chance" : "t2v rand",
                chanceTextToVideoRecall(1),
                chanceTextToVideoRecall(5),
                chanceTextToVideoRecall(10),
                chanceTextToVideoRecall(50),
                chanceTextToVideoMedianRank(),
                chanceTextToVideoMedianRank()));
        if (captionsPerVideo() > 1) {
            s.append(String.format(
                    Locale.ROOT,
                    "%-8s %6.2f %6.2f %6.2f %6.2f %7.1f %7s%n",
                    "v2t rand",
                    chanceVideoToTextRecall(1),
                    chanceVideoToTextRecall(5),
                    chanceVideoToTextRecall(10),
                    chanceVideoToTextRecall(50),
                    chanceVideoToTextMedianRank(),
                    "-"));
        }
        return s.toString().stripTrailing();
    }

    private static void row(StringBuilder s, String name, RetrievalScores r) {
        s.append(String.format(
                Locale.ROOT,
                "%-8s %6.2f %6.2f %6.2f %6.2f %7.1f %7.1f%n",
                name,
                r.r1(),
                r.r5(),
                r.r10(),
                r.r50(),
                r.medianRank(),
                r.meanRank()));
    }

    /** The result as a JSON object: sizes, {@code t2v} and {@code v2t} scores, {@code chance} levels. */
    public JsonObject toJsonObject() {
        JsonObject o = new JsonObject();
        o.addProperty("videos", videos);
        o.addProperty("captions", captions);
        o.add("t2v", scores(report.textToVideo()));
        o.add("v2t", scores(report.videoToText()));
        JsonObject chance = new JsonObject();
        JsonObject t2v = new JsonObject();
        JsonObject v2t = new JsonObject();
        for (int k : KS) {
            t2v.addProperty("R" + k, chanceTextToVideoRecall(k));
            v2t.addProperty("R" + k, chanceVideoToTextRecall(k));
        }
        t2v.addProperty("MedR", chanceTextToVideoMedianRank());
        t2v.addProperty("MeanR", chanceTextToVideoMedianRank());
        v2t.addProperty("MedR", chanceVideoToTextMedianRank());
        chance.add("t2v", t2v);
        chance.add("v2t", v2t);
        o.add("chance", chance);
        return o;
    }

    /** {@link #toJsonObject()} pretty-printed. */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().create().toJson(toJsonObject());
    }

    /**
     * Reads {@link #toJson()} output back (chance levels are recomputed).
     *
     * @param json the JSON text
     * @return the result
     * @throws IllegalArgumentException if a field is missing or malformed
     */
    public static RetrievalResult fromJson(String json) {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            return new RetrievalResult(
                    new RetrievalReport(scores(o.getAsJsonObject("t2v")), scores(o.getAsJsonObject("v2t"))),
                    o.get("videos").getAsInt(),
                    o.get("captions").getAsInt());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a retrieval result: " + e.getMessage(), e);
        }
    }

    private static JsonObject scores(RetrievalScores r) {
        JsonObject o = new JsonObject();
        o.addProperty("R1", r.r1());
        o.addProperty("R5", r.r5());
        o.addProperty("R10", r.r10());
        o.addProperty("R50", r.r50());
        o.addProperty("MedR", r.medianRank());
        o.addProperty("MeanR", r.meanRank());
        o.addProperty("geometricMean", r.geometricMeanR1R5R10());
        return o;
    }

    private static RetrievalScores scores(JsonObject o) {
        return new RetrievalScores(
                o.get("R1").getAsDouble(),
                o.get("R5").getAsDouble(),
                o.get("R10").getAsDouble(),
                o.get("R50").getAsDouble(),
                o.get("MedR").getAsDouble(),
                o.get("MeanR").getAsDouble(),
                o.get("geometricMean").getAsDouble());
    }

    @Override
    public String toString() {
        return format();
    }
}
