package org.simvtp.jmh.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JMH's JSON result file ({@code -rf json}) into {@link BenchResult}s. Only average-time and sample-time
 * results are accepted (a sample-time score is the mean of the sampled operation times; its percentiles stay in
 * JMH's own output); time units {@code ns/op} to {@code s/op} are converted to seconds.
 *
 * <pre>{@code
 * List<BenchResult> results = JmhResults.read(Path.of("out/jmh.json"));
 * }</pre>
 */
public final class JmhResults {

    /** JMH's name of the gc profiler's normalised allocation rate. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private JmhResults() {}

    /**
     * Reads a JMH JSON result file.
     *
     * @param file the file JMH wrote
     * @return the results in file order
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file if it is not a JMH time-per-operation result list
     */
    public static List<BenchResult> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        }
    }

    /**
     * Parses JMH JSON.
     *
     * @param json the JSON text
     * @param source a name for error messages (e.g. the file name)
     * @return the results in order
     * @throws IllegalArgumentException naming {@code source} if the content is not a JMH average-time result list
     */
    public static List<BenchResult> parse(Reader json, String source) {
        JsonElement root;
        try {
            root = JsonParser.parseReader(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonArray()) {
            throw new IllegalArgumentException(source + ": expected a JSON array of JMH results");
        }
        JsonArray array = root.getAsJsonArray();
        List<BenchResult> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(one(array.get(i), source + " entry " + i));
        }
        return out;
    }

    private static BenchResult one(JsonElement element, String where) {
        if (!element.isJsonObject()) {
            throw new IllegalArgumentException(where + ": not an object");
        }
        JsonObject o = element.getAsJsonObject();
        String fqn = string(o, "benchmark", where);
        String mode = string(o, "mode", where);
        if (!"avgt".equals(mode) && !"sample".equals(mode)) {
            throw new IllegalArgumentException(where + " (" + fqn + "): mode '" + mode
                    + "' is not supported; the suite reports time per operation (avgt or sample)");
        }
        Map<String, String> params = new TreeMap<>();
        if (o.has("params") && o.get("params").isJsonObject()) {
            o.getAsJsonObject("params")
                    .entrySet()
                    .forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
        }
        JsonObject primary = object(o, "primaryMetric", where);
        double scale = secondsPerUnit(string(primary, "scoreUnit", where), where);
        double score = number(primary, "score", where) * scale;
        double error = primary.has("scoreError")
                        && primary.get("scoreError").isJsonPrimitive()
                        && primary.get("scoreError").getAsJsonPrimitive().isNumber()
                ? primary.get("scoreError").getAsDouble() * scale
                : Double.NaN;
        double alloc = Double.NaN;
        if (o.has("secondaryMetrics") && o.get("secondaryMetrics").isJsonObject()) {
            JsonObject secondary = o.getAsJsonObject("secondaryMetrics");
            if (secondary.has(ALLOC_NORM)) {
                alloc = number(secondary.getAsJsonObject(ALLOC_NORM), "score", where);
            }
        }
        return new BenchResult(simpleName(fqn), params, score, error, alloc);
    }

    /** {@code org.simvtp.jmh.bench.PretrainStepBenchmark.step} → {@code PretrainStepBenchmark.step}. */
    static String simpleName(String fqn) {
        int method = fqn.lastIndexOf('.');
        int type = method > 0 ? fqn.lastIndexOf('.', method - 1) : -1;
        return fqn.substring(type + 1);
    }

    private static double secondsPerUnit(String unit, String where) {
        switch (unit) {
            case "s/op":
                return 1;
            case "ms/op":
                return 1e-3;
            case "us/op":
                return 1e-6;
            case "ns/op":
                return 1e-9;
            default:
                throw new IllegalArgumentException(where + ": unsupported score unit '" + unit + "'");
        }
    }

    private static String string(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IllegalArgumentException(where + ": missing '" + field + "'");
        }
        return e.getAsString();
    }

    private static JsonObject object(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException(where + ": missing object '" + field + "'");
        }
        return e.getAsJsonObject();
    }

    private static double number(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            // JMH writes "NaN" as a string when a score is undefined
            if (e != null && e.isJsonPrimitive() && "NaN".equals(e.getAsString())) {
                return Double.NaN;
            }
            throw new IllegalArgumentException(where + ": missing number '" + field + "'");
        }
        return e.getAsDouble();
    }
}
