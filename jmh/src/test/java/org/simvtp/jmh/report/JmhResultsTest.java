package org.simvtp.jmh.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhResultsTest {

    static Path sample() {
        try {
            return Path.of(JmhResultsTest.class.getResource("/sample-jmh.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<BenchResult> sampleResults() {
        try {
            return JmhResults.read(sample());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void readsNamesParamsUnitsAndAllocation() {
        List<BenchResult> r = sampleResults();
        assertEquals(5, r.size());
        BenchResult ys = r.get(0);
        assertEquals("YardstickMatmulBenchmark.matmul2048", ys.key());
        assertEquals(0.1, ys.secondsPerOp(), 1e-12);
        assertEquals(0.004, ys.errorSecondsPerOp(), 1e-12);
        assertEquals(1200.0, ys.allocBytesPerOp());
        BenchResult step = r.get(1);
        assertEquals("PretrainStepBenchmark.step[preset=small,reuse=true]", step.key());
        assertEquals(2.0, step.secondsPerOp());
        assertTrue(Double.isNaN(step.errorSecondsPerOp()));
        assertEquals(
                "PretrainStepBenchmark.step[preset=small,reuse=false]", r.get(2).key(), "params are sorted");
        assertTrue(Double.isNaN(r.get(2).allocBytesPerOp()), "no -prof gc figure");
        assertEquals(50e-6, r.get(3).secondsPerOp(), 1e-15);
        assertEquals(1e-3, r.get(4).secondsPerOp(), 1e-15);
    }

    @Test
    void keyFormatIsSharedWithTheSidecar() {
        assertEquals("A.b", BenchResult.key("A.b", Map.of()));
        assertEquals("A.b[x=1,y=2]", BenchResult.key("A.b", Map.of("y", "2", "x", "1")));
    }

    @Test
    void sampleTimeReadsAsTheMeanTimePerOperation() {
        String sampled = "[{\"benchmark\":\"a.B.c\",\"mode\":\"sample\",\"primaryMetric\":{\"score\":2.5,"
                + "\"scoreError\":0.5,\"scoreUnit\":\"ms/op\",\"scorePercentiles\":{\"50.0\":2.0,\"99.0\":9.0}}}]";
        BenchResult r = JmhResults.parse(new StringReader(sampled), "s.json").get(0);
        assertEquals(2.5e-3, r.secondsPerOp(), 1e-15);
        assertEquals(0.5e-3, r.errorSecondsPerOp(), 1e-15);
    }

    @Test
    void rejectsOtherModesAndBrokenFilesNamingTheSource() {
        String throughput = "[{\"benchmark\":\"a.B.c\",\"mode\":\"thrpt\",\"primaryMetric\":{\"score\":1,"
                + "\"scoreUnit\":\"ops/s\"}}]";
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> JmhResults.parse(new StringReader(throughput), "run.json"));
        assertTrue(e.getMessage().startsWith("run.json entry 0"), e.getMessage());
        assertTrue(e.getMessage().contains("thrpt"));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> JmhResults.parse(new StringReader("{\"not\":\"a list\"}"), "x.json"));
        assertTrue(e.getMessage().startsWith("x.json"));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> JmhResults.parse(new StringReader("[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\"}]"), "y.json"));
        assertTrue(e.getMessage().contains("primaryMetric"), e.getMessage());
    }
}
