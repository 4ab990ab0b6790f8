package org.simvtp.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.jmh.bench.PretrainStepBenchmark;
import org.simvtp.jmh.flops.FlopCounter;
import org.simvtp.jmh.report.Baseline;

class SuiteReportTest {

    static Path sample() throws URISyntaxException {
        return Path.of(SuiteReportTest.class.getResource("/sample-jmh.json").toURI());
    }

    @Test
    void writesReportsAndHighlightsTheSmallStep(@TempDir Path dir) throws Exception {
        Path sidecar = dir.resolve("sidecar.jsonl");
        Files.writeString(
                sidecar,
                "{\"key\":\"PretrainStepBenchmark.step[preset=small,reuse=true]\",\"figure\":\"liveArraysPerStep\","
                        + "\"value\":0.0}\n");
        int status = SuiteReport.run(new String[] {
            "--jmh",
            sample().toString(),
            "--sidecar",
            sidecar.toString(),
            "--out",
            dir.toString(),
            "--info",
            "mode=test",
            "--write-baseline",
            dir.resolve("b.json").toString()
        });
        assertEquals(0, status);
        String md = Files.readString(dir.resolve("results.md"));
        // sample: matmul 100 ms → 171.8 GFLOP/s; small reused step 2.0 s, reference 2.5 s
        double flops = PretrainStepBenchmark.work(Map.of("preset", "small", "reuse", "true"))
                .amount();
        assertTrue(
                flops
                        < FlopCounter.pretrainStep(
                                        SimvtpConfig.small(),
                                        PretrainStepBenchmark.BATCH,
                                        PretrainStepBenchmark.TEXT_LENGTH,
                                        true)
                                .total(),
                "efficient MLM head counted on labelled rows");
        double ratio = (flops / 2.0) / (FlopCounter.matmul(2048, 2048, 2048) / 0.1);
        assertTrue(
                md.contains(String.format(java.util.Locale.ROOT, "= %.0f %% of the same-run matmul", 100 * ratio)), md);
        assertTrue(
                md.contains("reusing the joint pass for VTM positives (small): step 2.500 s → 2.000 s"
                        + " (20.0 % less time)"),
                md);
        assertTrue(md.contains("Unregistered.run"));
        assertTrue(Files.exists(dir.resolve("results.json")));
        Baseline b = Baseline.read(dir.resolve("b.json"));
        assertEquals(
                ratio,
                b.benchmarks()
                        .get("PretrainStepBenchmark.step[preset=small,reuse=true]")
                        .ratio(),
                ratio * 1e-3);
        assertEquals("171.8", b.info().get("yardstickGflops"));
    }

    @Test
    void comparisonFailsWithStatusOneWhenTheBaselineIsFaster(@TempDir Path dir) throws Exception {
        Path baseline = dir.resolve("baseline.json");
        assertEquals(0, SuiteReport.run(new String[] {
            "--jmh", sample().toString(), "--out", dir.toString(), "--write-baseline", baseline.toString()
        }));
        assertEquals(0, SuiteReport.run(new String[] {
            "--jmh", sample().toString(), "--out", dir.toString(), "--compare", baseline.toString()
        }));
        String faster = Files.readString(baseline)
                .replaceFirst(
                        "\"MaskingBenchmark.tube\": \\{\\s*\"ratio\": [0-9.]+",
                        "\"MaskingBenchmark.tube\": {\"ratio\": 9999");
        Files.writeString(baseline, faster);
        assertEquals(1, SuiteReport.run(new String[] {
            "--jmh", sample().toString(), "--out", dir.toString(), "--compare", baseline.toString()
        }));
        String md = Files.readString(dir.resolve("results.md"));
        assertTrue(md.contains("**FAIL** — regressed: MaskingBenchmark.tube"), md);
    }

    @Test
    void badArgumentsAreExplained() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SuiteReport.run(new String[] {"--out", "x"}));
        assertTrue(e.getMessage().startsWith("usage:"));
        e = assertThrows(IllegalArgumentException.class, () -> SuiteReport.run(new String[] {"--bogus", "1"}));
        assertTrue(e.getMessage().contains("--bogus"));
    }
}
