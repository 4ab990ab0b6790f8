package org.simvtp.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.simvtp.jmh.report.Baseline;
import org.simvtp.jmh.report.BaselineComparator;
import org.simvtp.jmh.report.BenchResult;
import org.simvtp.jmh.report.Comparison;
import org.simvtp.jmh.report.Finding;
import org.simvtp.jmh.report.JmhResults;
import org.simvtp.jmh.report.Report;
import org.simvtp.jmh.report.ReportWriter;
import org.simvtp.jmh.report.Sidecar;
import org.simvtp.jmh.report.Tolerance;

/**
 * Turns a JMH run of the suite into {@code results.md} and {@code results.json}, adds the SimVTP highlights
 * (the small-preset step against the 85 % target, the saving of reusing the joint pass), and optionally compares
 * with or rewrites the baseline. Exit status: 0 = fine, 1 = regression (the failing benchmarks are named on
 * stderr), 2 = bad arguments or input.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar org.simvtp.jmh.SuiteReport --jmh out/jmh.json --sidecar out/sidecar.jsonl \
 *     --out out [--compare jmh/baseline.json] [--write-baseline jmh/baseline.json] [--info mode=quick ...]
 * </pre>
 */
public final class SuiteReport {

    /** The target for a small-preset pre-training step, as a fraction of the yardstick GFLOP/s. */
    public static final double SMALL_STEP_TARGET = 0.85;

    private SuiteReport() {}

    /**
     * Runs from the command line and exits with the status described above.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("SuiteReport: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    /**
     * Does the work of {@link #main} and returns the exit status instead of exiting.
     *
     * @param args see the class comment
     * @return 0, or 1 when the comparison failed
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException on bad arguments or input files
     */
    public static int run(String[] args) throws IOException {
        Path jmh = null;
        Path sidecar = null;
        Path out = null;
        Path compare = null;
        Path writeBaseline = null;
        Map<String, String> info = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--jmh" -> jmh = Path.of(v);
                case "--sidecar" -> sidecar = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--compare" -> compare = Path.of(v);
                case "--write-baseline" -> writeBaseline = Path.of(v);
                case "--info" -> {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--info expects key=value, got " + v);
                    }
                    info.put(v.substring(0, eq), v.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (jmh == null || out == null) {
            throw new IllegalArgumentException("usage: --jmh FILE --out DIR [--sidecar FILE] [--compare FILE]"
                    + " [--write-baseline FILE] [--info key=value]...");
        }
        List<BenchResult> results = JmhResults.read(jmh);
        Map<String, Map<String, Double>> extras = sidecar == null ? Map.of() : Sidecar.read(sidecar);
        Report report = Report.build(results, WorkCatalog::workOf, extras, WorkCatalog.YARDSTICK);
        addHighlights(report);
        Comparison comparison = compare == null ? null : BaselineComparator.compare(Baseline.read(compare), report);
        ReportWriter.write(report, comparison, info, out);
        if (writeBaseline != null) {
            Map<String, String> baselineInfo = new LinkedHashMap<>(info);
            baselineInfo.put("yardstickGflops", String.format(Locale.ROOT, "%.1f", report.yardstickGflops()));
            Baseline.fromReport(report, Tolerance.DEFAULT, baselineInfo).write(writeBaseline);
            System.out.println("baseline written to " + writeBaseline);
        }
        report.notes().forEach(n -> System.out.println("* " + n));
        System.out.println("report: " + out.resolve("results.md") + ", " + out.resolve("results.json"));
        if (comparison != null) {
            comparison.findings().stream()
                    .filter(f -> f.status() != Finding.Status.OK)
                    .forEach(f -> (f.fails() ? System.err : System.out).println(f.describe()));
            if (comparison.failed()) {
                System.err.println(
                        "REGRESSION against " + compare + ": " + String.join(", ", comparison.failedBenchmarks()));
                return 1;
            }
            System.out.println("baseline comparison passed (" + compare + ")");
        }
        return 0;
    }

    /**
     * Adds the SimVTP-specific highlights: the small-preset step against {@link #SMALL_STEP_TARGET} and, per
     * preset, what reusing the joint pass for VTM positives saves in time and in matmul FLOPs.
     *
     * @param report the run
     */
    static void addHighlights(Report report) {
        report.addNote(
                String.format(Locale.ROOT, "yardstick 2048³ fp32 matmul: %.1f GFLOP/s", report.yardstickGflops()));
        for (String preset : List.of("small", "tiny")) {
            Report.Row reuse = report.row(stepKey(preset, true));
            Report.Row reference = report.row(stepKey(preset, false));
            if (reuse != null && preset.equals("small")) {
                report.addNote(String.format(
                        Locale.ROOT,
                        "pre-training step, small preset (joint pass reused): %.1f GFLOP/s = %.0f %% of the same-run"
                                + " matmul — target ≥ %.0f %%: %s",
                        reuse.rate() / 1e9,
                        100 * reuse.ratio(),
                        100 * SMALL_STEP_TARGET,
                        reuse.ratio() >= SMALL_STEP_TARGET ? "met" : "NOT met"));
            }
            if (reuse != null && reference != null) {
                double tReuse = reuse.measurement().secondsPerOp();
                double tRef = reference.measurement().secondsPerOp();
                double saving = 1 - tReuse / tRef;
                report.addNote(String.format(
                        Locale.ROOT,
                        "reusing the joint pass for VTM positives (%s): step %s → %s (%s), matmul"
                                + " FLOPs %.1f → %.1f GFLOP (%.1f %% fewer); reference-exact switch:"
                                + " SimvtpPretrainModel.builder().setConfig(config).build()",
                        preset,
                        seconds(tRef),
                        seconds(tReuse),
                        saving >= 0
                                ? String.format(Locale.ROOT, "%.1f %% less time", 100 * saving)
                                : String.format(
                                        Locale.ROOT,
                                        "%.1f %% MORE time: run-to-run noise exceeds the saving",
                                        -100 * saving),
                        reference.work().amount() / 1e9,
                        reuse.work().amount() / 1e9,
                        100 * (1 - reuse.work().amount() / reference.work().amount())));
            }
        }
    }

    private static String stepKey(String preset, boolean reuse) {
        return BenchResult.key("PretrainStepBenchmark.step", Map.of("preset", preset, "reuse", String.valueOf(reuse)));
    }

    private static String seconds(double s) {
        return s >= 1 ? String.format(Locale.ROOT, "%.3f s", s) : String.format(Locale.ROOT, "%.1f ms", s * 1e3);
    }
}
