package org.simvtp.jmh.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    static final String YS = "Mm.run";

    /** Yardstick: 1 GFLOP in 10 ms = 100 GFLOP/s. */
    static Report sampleReport() {
        List<BenchResult> results = List.of(
                new BenchResult(YS, Map.of(), 0.010, 0.001, 100),
                new BenchResult("Step.run", Map.of("preset", "small"), 0.5, Double.NaN, 2_000_000),
                new BenchResult("Mask.run", Map.of(), 0.001, Double.NaN, Double.NaN),
                new BenchResult("Other.run", Map.of(), 0.020, Double.NaN, Double.NaN));
        return Report.build(
                results,
                r -> switch (r.benchmark()) {
                    case YS -> Work.flops(1_000_000_000L);
                    case "Step.run" -> Work.flops(40_000_000_000L); // 80 GFLOP/s
                    case "Mask.run" -> new Work(1000, "token");
                    default -> null;
                },
                Map.of("Step.run[preset=small]", Map.of("liveArraysPerStep", 0.0)),
                YS);
    }

    @Test
    void ratiosAreGflopRatiosForFlopsAndTimeRatiosOtherwise() {
        Report r = sampleReport();
        assertEquals(100.0, r.yardstickGflops(), 1e-9);
        assertEquals(1.0, r.yardstick().ratio(), 1e-12);
        assertEquals(0.8, r.row("Step.run[preset=small]").ratio(), 1e-12);
        assertEquals(10.0, r.row("Mask.run").ratio(), 1e-12); // 10 ms / 1 ms
        assertEquals(0.5, r.row("Other.run").ratio(), 1e-12); // 10 ms / 20 ms
        assertEquals(1e6, r.row("Mask.run").rate(), 1e-6); // 1000 tokens per ms
        assertTrue(Double.isNaN(r.row("Other.run").rate()));
        assertEquals(
                Map.of("liveArraysPerStep", 0.0),
                r.row("Step.run[preset=small]").extras());
        assertNull(r.row("Nope.run"));
    }

    @Test
    void yardstickMustBePresentAndCountFlops() {
        List<BenchResult> noYardstick = List.of(new BenchResult("A.b", Map.of(), 1, 0, 0));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Report.build(noYardstick, r -> null, Map.of(), YS));
        assertTrue(e.getMessage().contains(YS));
        List<BenchResult> bytesYardstick = List.of(new BenchResult(YS, Map.of(), 1, 0, 0));
        assertThrows(
                IllegalArgumentException.class, () -> Report.build(bytesYardstick, r -> Work.bytes(10), Map.of(), YS));
    }

    @Test
    void markdownHasOneRowPerResultAndTheNotes() {
        Report r = sampleReport();
        r.addNote("target met");
        String md = ReportWriter.markdown(r, null, Map.of("mode", "quick"));
        assertTrue(md.contains("* mode: quick"));
        assertTrue(md.contains("**100.0 GFLOP/s**"));
        assertTrue(md.contains("* target met"));
        assertTrue(md.contains("| Step.run | preset=small | 500 ms |"), md);
        assertTrue(md.contains("| 40.00 GFLOP | 80.00 GFLOP/s | 0.8000 | 2,000,000 | liveArraysPerStep=0.000 |"), md);
        assertTrue(md.contains("| Mask.run |  | 1.00 ms |  | 1.000 k token | 1.000 M token/s | 10.00 |"), md);
        assertEquals(
                4,
                md.lines().filter(l -> l.startsWith("| ") && l.contains(".run")).count());
    }

    @Test
    void jsonCarriesEveryFigure() {
        JsonObject json = ReportWriter.json(sampleReport(), null, Map.of("mode", "quick"));
        assertEquals(100.0, json.getAsJsonObject("yardstick").get("gflops").getAsDouble(), 1e-9);
        JsonObject step = json.getAsJsonArray("results").get(1).getAsJsonObject();
        assertEquals("Step.run[preset=small]", step.get("key").getAsString());
        assertEquals(80.0, step.get("gflops").getAsDouble(), 1e-9);
        assertEquals(0.8, step.get("ratio").getAsDouble(), 1e-12);
        assertEquals(2_000_000, step.get("allocBytesPerOp").getAsDouble());
        assertEquals(
                0.0, step.getAsJsonObject("extras").get("liveArraysPerStep").getAsDouble());
        assertTrue(!json.has("comparison"));
    }

    @Test
    void timesAreScaledForHumans() {
        assertEquals("2.500 s", ReportWriter.time(2.5));
        assertEquals("12.3 ms", ReportWriter.time(0.0123));
        assertEquals("45.6 µs", ReportWriter.time(45.6e-6));
        assertEquals("789 ns", ReportWriter.time(789e-9));
    }
}
