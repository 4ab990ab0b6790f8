package org.simvtp.jmh.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a {@link Report} (and optionally a {@link Comparison}) as {@code results.md} and {@code results.json}.
 *
 * <pre>{@code
 * ReportWriter.write(report, comparison, Map.of("mode", "quick"), Path.of("out"));  // comparison may be null
 * }</pre>
 */
public final class ReportWriter {

    private ReportWriter() {}

    /**
     * Writes both files into {@code dir} (created if needed).
     *
     * @param report the run
     * @param comparison the baseline comparison, or null
     * @param info run provenance shown at the top
     * @param dir output directory
     * @throws IOException if a file cannot be written
     */
    public static void write(Report report, Comparison comparison, Map<String, String> info, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), markdown(report, comparison, info), StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("results.json"),
                new GsonBuilder()
                                .setPrettyPrinting()
                                .disableHtmlEscaping()
                                .serializeSpecialFloatingPointValues()
                                .create()
                                .toJson(json(report, comparison, info))
                        + "\n",
                StandardCharsets.UTF_8);
    }

    /**
     * The Markdown report: provenance, highlights, the results table and the comparison.
     *
     * @param report the run
     * @param comparison the baseline comparison, or null
     * @param info run provenance
     * @return Markdown text
     */
    public static String markdown(Report report, Comparison comparison, Map<String, String> info) {
        StringBuilder md = new StringBuilder("# SimVTP JMH results\n\n");
        info.forEach((k, v) -> md.append("* ").append(k).append(": ").append(v).append('\n'));
        md.append(String.format(
                Locale.ROOT,
                "* yardstick: `%s` = **%.1f GFLOP/s**%n",
                report.yardstickKey(),
                report.yardstickGflops()));
        if (!report.notes().isEmpty()) {
            md.append("\n## Highlights\n\n");
            report.notes().forEach(n -> md.append("* ").append(n).append('\n'));
        }
        md.append("\n## Results\n\n")
                .append("*vs matmul*: achieved GFLOP/s ÷ yardstick GFLOP/s for FLOP benchmarks (matmul FLOPs, forward"
                        + " + backward for training steps); yardstick time ÷ benchmark time otherwise. *Heap*: JMH"
                        + " `gc.alloc.rate.norm` (Java heap only; native tensors are not seen).\n\n")
                .append("| Benchmark | Parameters | Time/op | ± | Work/op | Rate | vs matmul | Heap B/op | Extras |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Report.Row r : report.rows()) {
            BenchResult m = r.measurement();
            md.append("| ")
                    .append(m.benchmark())
                    .append(" | ")
                    .append(
                            m.params().isEmpty()
                                    ? ""
                                    : m.params().entrySet().stream()
                                            .map(e -> e.getKey() + "=" + e.getValue())
                                            .collect(Collectors.joining(", ")))
                    .append(" | ")
                    .append(time(m.secondsPerOp()))
                    .append(" | ")
                    .append(Double.isNaN(m.errorSecondsPerOp()) ? "" : time(m.errorSecondsPerOp()))
                    .append(" | ")
                    .append(r.work() == null ? "" : r.work().describe())
                    .append(" | ")
                    .append(r.work() == null ? "" : r.work().rate(m.secondsPerOp()))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.4g", r.ratio()))
                    .append(" | ")
                    .append(
                            Double.isNaN(m.allocBytesPerOp())
                                    ? ""
                                    : String.format(Locale.ROOT, "%,d", Math.round(m.allocBytesPerOp())))
                    .append(" | ")
                    .append(r.extras().entrySet().stream()
                            .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4g", e.getValue()))
                            .collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        if (comparison != null) {
            md.append("\n## Comparison with the baseline\n\n")
                    .append(
                            comparison.failed()
                                    ? "**FAIL** — regressed: " + String.join(", ", comparison.failedBenchmarks())
                                    : "**PASS** — every figure within tolerance")
                    .append("\n\n| Status | Benchmark | Figure | Baseline | This run | Limit |\n")
                    .append("|---|---|---|---:|---:|---:|\n");
            for (Finding f : comparison.findings()) {
                md.append("| ")
                        .append(f.status())
                        .append(" | ")
                        .append(f.key())
                        .append(" | ")
                        .append(f.figure())
                        .append(" | ")
                        .append(num(f.baseline()))
                        .append(" | ")
                        .append(num(f.current()))
                        .append(" | ")
                        .append(num(f.limit()))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    /**
     * The JSON report.
     *
     * @param report the run
     * @param comparison the baseline comparison, or null
     * @param info run provenance
     * @return a JSON object
     */
    public static JsonObject json(Report report, Comparison comparison, Map<String, String> info) {
        JsonObject root = new JsonObject();
        JsonObject infoJson = new JsonObject();
        info.forEach(infoJson::addProperty);
        root.add("info", infoJson);
        JsonObject ys = new JsonObject();
        ys.addProperty("key", report.yardstickKey());
        ys.addProperty("gflops", report.yardstickGflops());
        root.add("yardstick", ys);
        JsonArray notes = new JsonArray();
        report.notes().forEach(notes::add);
        root.add("notes", notes);
        JsonArray results = new JsonArray();
        for (Report.Row r : report.rows()) {
            BenchResult m = r.measurement();
            JsonObject o = new JsonObject();
            o.addProperty("key", r.key());
            o.addProperty("benchmark", m.benchmark());
            JsonObject params = new JsonObject();
            m.params().forEach(params::addProperty);
            o.add("params", params);
            o.addProperty("secondsPerOp", m.secondsPerOp());
            addIfNumber(o, "errorSecondsPerOp", m.errorSecondsPerOp());
            if (r.work() != null) {
                JsonObject w = new JsonObject();
                w.addProperty("amount", r.work().amount());
                w.addProperty("unit", r.work().unit());
                o.add("workPerOp", w);
                o.addProperty("ratePerSecond", r.rate());
                if (r.work().isFlops()) {
                    o.addProperty("gflops", r.rate() / 1e9);
                }
            }
            o.addProperty("ratio", r.ratio());
            addIfNumber(o, "allocBytesPerOp", m.allocBytesPerOp());
            JsonObject extras = new JsonObject();
            r.extras().forEach(extras::addProperty);
            o.add("extras", extras);
            results.add(o);
        }
        root.add("results", results);
        if (comparison != null) {
            JsonObject c = new JsonObject();
            c.addProperty("passed", !comparison.failed());
            JsonArray failed = new JsonArray();
            comparison.failedBenchmarks().forEach(failed::add);
            c.add("failedBenchmarks", failed);
            JsonArray findings = new JsonArray();
            for (Finding f : comparison.findings()) {
                JsonObject o = new JsonObject();
                o.addProperty("key", f.key());
                o.addProperty("figure", f.figure());
                o.addProperty("status", f.status().name());
                addIfNumber(o, "baseline", f.baseline());
                addIfNumber(o, "current", f.current());
                addIfNumber(o, "limit", f.limit());
                findings.add(o);
            }
            c.add("findings", findings);
            root.add("comparison", c);
        }
        return root;
    }

    /** A duration for humans: {@code 1.234 s}, {@code 12.3 ms}, {@code 45.6 µs}, {@code 789 ns}. */
    static String time(double seconds) {
        if (seconds >= 1) {
            return String.format(Locale.ROOT, "%.3f s", seconds);
        }
        if (seconds >= 1e-3) {
            return String.format(Locale.ROOT, "%.3g ms", seconds * 1e3);
        }
        if (seconds >= 1e-6) {
            return String.format(Locale.ROOT, "%.3g µs", seconds * 1e6);
        }
        return String.format(Locale.ROOT, "%.3g ns", seconds * 1e9);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static void addIfNumber(JsonObject o, String name, double v) {
        if (!Double.isNaN(v)) {
            o.addProperty(name, v);
        }
    }
}
