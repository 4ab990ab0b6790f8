package org.simvtp.jmh.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineComparatorTest {

    /** Baseline of the sample report (ratios: Step 0.8, Mask 10, Other 0.5, Mm 1). */
    static Baseline baseline() {
        return Baseline.fromReport(ReportTest.sampleReport(), Tolerance.DEFAULT, Map.of("mode", "test"));
    }

    static Report runWith(double stepSeconds, double stepAlloc, double liveArrays, boolean withMask) {
        List<BenchResult> results = new java.util.ArrayList<>(List.of(
                new BenchResult(ReportTest.YS, Map.of(), 0.010, 0.001, 100),
                new BenchResult("Step.run", Map.of("preset", "small"), stepSeconds, Double.NaN, stepAlloc),
                new BenchResult("Other.run", Map.of(), 0.020, Double.NaN, Double.NaN),
                new BenchResult("New.run", Map.of(), 0.020, Double.NaN, Double.NaN)));
        if (withMask) {
            results.add(new BenchResult("Mask.run", Map.of(), 0.001, Double.NaN, Double.NaN));
        }
        return Report.build(
                results,
                r -> switch (r.benchmark()) {
                    case ReportTest.YS -> Work.flops(1_000_000_000L);
                    case "Step.run" -> Work.flops(40_000_000_000L);
                    default -> null;
                },
                Map.of("Step.run[preset=small]", Map.of("liveArraysPerStep", liveArrays)),
                ReportTest.YS);
    }

    @Test
    void identicalRunPassesAndNewBenchmarksAreOnlyNoted() {
        Comparison c = BaselineComparator.compare(baseline(), runWith(0.5, 2_000_000, 0, true));
        assertFalse(c.failed(), c.findings().toString());
        assertTrue(c.findings().stream().anyMatch(f -> f.key().equals("New.run") && f.status() == Finding.Status.NEW));
    }

    @Test
    void slowerStepBeyondToleranceFailsNamingTheBenchmark() {
        // 0.5 s → 0.70 s: ratio 0.8 → 0.571 < 0.6 (= 0.8 · 0.75)
        Comparison c = BaselineComparator.compare(baseline(), runWith(0.70, 2_000_000, 0, true));
        assertTrue(c.failed());
        assertEquals(List.of("Step.run[preset=small]"), c.failedBenchmarks());
        Finding f = c.failures().get(0);
        assertEquals("ratio", f.figure());
        assertEquals(0.6, f.limit(), 1e-12);
        assertTrue(
                f.describe().startsWith("REGRESSED Step.run[preset=small] ratio 0.5714 < limit 0.6000"), f.describe());
        // 0.5 s → 0.66 s: ratio 0.606, still within 25 %
        assertFalse(BaselineComparator.compare(baseline(), runWith(0.66, 2_000_000, 0, true))
                .failed());
    }

    @Test
    void allocationGrowthAndLeaksFail() {
        // limit 2 000 000 · 1.25 + 65 536
        assertFalse(BaselineComparator.compare(baseline(), runWith(0.5, 2_565_536, 0, true))
                .failed());
        Comparison alloc = BaselineComparator.compare(baseline(), runWith(0.5, 2_565_537, 0, true));
        assertEquals("allocBytesPerOp", alloc.failures().get(0).figure());
        Comparison leak = BaselineComparator.compare(baseline(), runWith(0.5, 2_000_000, 1, true));
        assertEquals("liveArraysPerStep", leak.failures().get(0).figure());
        assertEquals(List.of("Step.run[preset=small]"), leak.failedBenchmarks());
    }

    @Test
    void missingBenchmarkFailsAndUnprofiledAllocationIsSkipped() {
        Comparison c = BaselineComparator.compare(baseline(), runWith(0.5, Double.NaN, 0, false));
        assertEquals(List.of("Mask.run"), c.failedBenchmarks());
        assertEquals(Finding.Status.MISSING, c.failures().get(0).status());
        assertTrue(c.findings().stream()
                .anyMatch(
                        f -> f.status() == Finding.Status.SKIPPED && f.figure().equals("allocBytesPerOp")));
    }

    @Test
    void baselineRoundTripsThroughJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("baseline.json");
        baseline().write(file);
        Baseline back = Baseline.read(file);
        assertEquals(Tolerance.DEFAULT, back.tolerance());
        assertEquals(0.8, back.benchmarks().get("Step.run[preset=small]").ratio(), 1e-12);
        assertEquals(2_000_000, back.benchmarks().get("Step.run[preset=small]").allocBytesPerOp());
        assertTrue(Double.isNaN(back.benchmarks().get("Mask.run").allocBytesPerOp()));
        assertEquals(
                Map.of("liveArraysPerStep", 0.0),
                back.benchmarks().get("Step.run[preset=small]").extras());
        assertEquals("test", back.info().get("mode"));
        assertTrue(Files.readString(file).contains("\"ratioDrop\": 0.25"));
    }

    @Test
    void invalidBaselinesAreRejectedNamingTheFile() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Baseline.parse(new StringReader("{\"schema\": 9}"), "b.json"));
        assertTrue(e.getMessage().startsWith("b.json: unsupported baseline schema 9"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Baseline.parse(
                        new StringReader(
                                "{\"schema\": 1, \"tolerance\": {\"ratioDrop\": 0.25, \"allocGrowth\": 0.25, \"allocSlackBytes\": 0,"
                                        + " \"extraSlack\": 0}, \"benchmarks\": {\"A.b\": {\"alloc\": 3}}}"),
                        "c.json"));
        assertTrue(e.getMessage().contains("c.json benchmark A.b: missing number 'ratio'"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Baseline.parse(
                        new StringReader(
                                "{\"schema\": 1, \"tolerance\": {\"ratioDrop\": 1.5, \"allocGrowth\": 0, \"allocSlackBytes\": 0,"
                                        + " \"extraSlack\": 0}, \"benchmarks\": {}}"),
                        "d.json"));
        assertTrue(e.getMessage().contains("ratioDrop"), e.getMessage());
    }
}
