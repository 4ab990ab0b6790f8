package org.simvtp.jmh.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The committed machine-independent figures of a suite run ({@code jmh/baseline.json}): per benchmark its
 * relative speed to the same-run yardstick, its Java-heap bytes per operation and its extra figures, together
 * with the {@link Tolerance} that the comparison applies. Absolute times are recorded only as information.
 *
 * <pre>{@code
 * Baseline b = Baseline.read(Path.of("jmh/baseline.json"));
 * Comparison c = BaselineComparator.compare(b, report);
 * Baseline.fromReport(report, Tolerance.DEFAULT, Map.of("mode", "quick")).write(Path.of("jmh/baseline.json"));
 * }</pre>
 *
 * @param tolerance the allowed regression
 * @param benchmarks figures by result key
 * @param info free-form provenance (date, mode, machine, yardstick GFLOP/s)
 */
public record Baseline(Tolerance tolerance, Map<String, Entry> benchmarks, Map<String, String> info) {

    /** Format version written to and expected in the file. */
    public static final int SCHEMA = 1;

    private static final String ABOUT = "Machine-independent figures of jmh/run-benchmarks.sh. ratio = relative speed"
            + " to the same-run 2048^3 matmul (GFLOP/s ratio for FLOP benchmarks, time ratio otherwise; higher is"
            + " better); allocBytesPerOp = JMH gc.alloc.rate.norm (Java heap only); extras = lower-is-better counts."
            + " A run regresses when ratio < baseline*(1-ratioDrop), alloc > baseline*(1+allocGrowth)+allocSlackBytes"
            + " or an extra > baseline+extraSlack. Refresh with run-benchmarks.sh --write-baseline.";

    /**
     * The figures of one benchmark.
     *
     * @param ratio relative speed
     * @param allocBytesPerOp heap bytes per operation, NaN if not recorded
     * @param extras lower-is-better figures by name
     */
    public record Entry(double ratio, double allocBytesPerOp, Map<String, Double> extras) {
        /** Copies the extras. */
        public Entry {
            extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
        }
    }

    /** Copies the maps. */
    public Baseline {
        Objects.requireNonNull(tolerance, "tolerance");
        benchmarks = Collections.unmodifiableMap(new LinkedHashMap<>(benchmarks));
        info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }

    /**
     * The baseline of a run.
     *
     * @param report the run
     * @param tolerance the tolerance to store
     * @param info provenance to store
     * @return the baseline
     */
    public static Baseline fromReport(Report report, Tolerance tolerance, Map<String, String> info) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Report.Row row : report.rows()) {
            entries.put(row.key(), new Entry(row.ratio(), row.measurement().allocBytesPerOp(), row.extras()));
        }
        return new Baseline(tolerance, entries, info);
    }

    /**
     * Reads a baseline file.
     *
     * @param file the file
     * @return the baseline
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException naming the file and the problem if the content is invalid
     */
    public static Baseline read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        }
    }

    /**
     * Parses baseline JSON.
     *
     * @param json the text
     * @param source name for error messages
     * @return the baseline
     * @throws IllegalArgumentException naming {@code source} if the content is invalid
     */
    public static Baseline parse(Reader json, String source) {
        try {
            JsonElement rootElement = JsonParser.parseReader(json);
            if (!rootElement.isJsonObject()) {
                throw new IllegalArgumentException(source + ": a baseline must be a JSON object");
            }
            JsonObject root = rootElement.getAsJsonObject();
            int schema = root.has("schema") ? root.get("schema").getAsInt() : -1;
            if (schema != SCHEMA) {
                throw new IllegalArgumentException(
                        source + ": unsupported baseline schema " + schema + " (expected " + SCHEMA + ")");
            }
            JsonObject t = required(root, "tolerance", source);
            Tolerance tolerance = new Tolerance(
                    num(t, "ratioDrop", source),
                    num(t, "allocGrowth", source),
                    num(t, "allocSlackBytes", source),
                    num(t, "extraSlack", source));
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e :
                    required(root, "benchmarks", source).entrySet()) {
                String where = source + " benchmark " + e.getKey();
                if (!e.getValue().isJsonObject()) {
                    throw new IllegalArgumentException(where + ": not an object");
                }
                JsonObject o = e.getValue().getAsJsonObject();
                Map<String, Double> extras = new LinkedHashMap<>();
                if (o.has("extras")) {
                    required(o, "extras", where)
                            .entrySet()
                            .forEach(x -> extras.put(x.getKey(), x.getValue().getAsDouble()));
                }
                double alloc = o.has("allocBytesPerOp") ? num(o, "allocBytesPerOp", where) : Double.NaN;
                entries.put(e.getKey(), new Entry(num(o, "ratio", where), alloc, extras));
            }
            Map<String, String> info = new LinkedHashMap<>();
            if (root.has("info") && root.get("info").isJsonObject()) {
                root.getAsJsonObject("info")
                        .entrySet()
                        .forEach(x -> info.put(x.getKey(), x.getValue().getAsString()));
            }
            return new Baseline(tolerance, entries, info);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw new IllegalArgumentException(source + ": not a valid baseline: " + e.getMessage(), e);
        }
    }

    /** This baseline as pretty-printed JSON. */
    public String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("schema", SCHEMA);
        root.addProperty("about", ABOUT);
        JsonObject infoJson = new JsonObject();
        info.forEach(infoJson::addProperty);
        root.add("info", infoJson);
        JsonObject t = new JsonObject();
        t.addProperty("ratioDrop", tolerance.ratioDrop());
        t.addProperty("allocGrowth", tolerance.allocGrowth());
        t.addProperty("allocSlackBytes", tolerance.allocSlackBytes());
        t.addProperty("extraSlack", tolerance.extraSlack());
        root.add("tolerance", t);
        JsonObject list = new JsonObject();
        benchmarks.forEach((key, e) -> {
            JsonObject o = new JsonObject();
            o.addProperty("ratio", round(e.ratio()));
            if (!Double.isNaN(e.allocBytesPerOp())) {
                o.addProperty("allocBytesPerOp", Math.round(e.allocBytesPerOp()));
            }
            if (!e.extras().isEmpty()) {
                JsonObject x = new JsonObject();
                e.extras().forEach((k, v) -> x.addProperty(k, round(v)));
                o.add("extras", x);
            }
            list.add(key, o);
        });
        root.add("benchmarks", list);
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .create()
                        .toJson(root) + "\n";
    }

    /** Writes {@link #toJson()} to a file. */
    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", v));
    }

    private static JsonObject required(JsonObject o, String field, String where) {
        if (!o.has(field) || !o.get(field).isJsonObject()) {
            throw new IllegalArgumentException(where + ": missing object '" + field + "'");
        }
        return o.getAsJsonObject(field);
    }

    private static double num(JsonObject o, String field, String where) {
        if (!o.has(field) || !o.get(field).isJsonPrimitive()) {
            throw new IllegalArgumentException(where + ": missing number '" + field + "'");
        }
        return o.get(field).getAsDouble();
    }
}
