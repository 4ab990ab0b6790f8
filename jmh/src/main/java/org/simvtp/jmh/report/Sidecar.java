package org.simvtp.jmh.report;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extra figures that benchmarks measure themselves (e.g. live NDArrays per step), passed from the forked JVMs to
 * the report through a JSON-lines file named by the environment variable {@value #ENV} (set by
 * {@code run-benchmarks.sh}; JMH forks inherit the environment). Without the variable, {@link #record} does
 * nothing. When a figure is recorded several times (several forks), the report keeps the largest value, since
 * every extra figure is lower-is-better.
 *
 * <pre>{@code
 * Sidecar.record(BenchResult.key("PretrainStepBenchmark.step", params), "liveArraysPerStep", 0.0);
 * Map<String, Map<String, Double>> extras = Sidecar.read(Path.of("out/sidecar.jsonl"));
 * }</pre>
 */
public final class Sidecar {

    /** Environment variable (or system property) naming the file. */
    public static final String ENV = "SIMVTP_JMH_SIDECAR";

    private Sidecar() {}

    /**
     * Appends one figure, if a sidecar file is configured.
     *
     * @param key the result key ({@link BenchResult#key(String, Map)})
     * @param figure the figure's name
     * @param value its value
     */
    public static synchronized void record(String key, String figure, double value) {
        String target = System.getenv(ENV) != null ? System.getenv(ENV) : System.getProperty(ENV);
        if (target == null || target.isBlank()) {
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("key", key);
        o.addProperty("figure", figure);
        o.addProperty("value", value);
        try {
            Files.writeString(
                    Path.of(target),
                    o + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the benchmark sidecar file " + target, e);
        }
    }

    /**
     * Reads a sidecar file; a missing file gives an empty map.
     *
     * @param file the file
     * @return figures by result key, then figure name (largest recorded value)
     * @throws IOException if the file exists but cannot be read
     * @throws IllegalArgumentException naming the file and line if a line is not a sidecar record
     */
    public static Map<String, Map<String, Double>> read(Path file) throws IOException {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                out.computeIfAbsent(o.get("key").getAsString(), k -> new LinkedHashMap<>())
                        .merge(o.get("figure").getAsString(), o.get("value").getAsDouble(), Math::max);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not a sidecar record: " + line, e);
            }
        }
        return out;
    }
}
