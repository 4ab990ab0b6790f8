package org.simvtp.train.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.train.StepRecord;
import org.simvtp.train.TrainingSummary;

class JsonlMetricsWriterTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-05-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void everyStepIsOneStrictJsonLineThatReadsBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run/a/metrics.jsonl");
        StepRecord first =
                new StepRecord(1, 3, 1.5e-4, Map.of("loss", 5.0, "loss_v", 1.0, "loss_t", 4.0), 16, 0.25, false, 2.5);
        StepRecord skipped = new StepRecord(
                2,
                3,
                1.4e-4,
                Map.of("loss", Double.NaN, "loss_v", 1.0, "loss_t", Double.POSITIVE_INFINITY),
                16,
                0.3,
                true,
                Double.NaN);
        try (JsonlMetricsWriter writer = new JsonlMetricsWriter(file, CLOCK)) {
            assertTrue(Files.isDirectory(file.getParent()), "parent directories are created up front");
            writer.onStep(first);
            assertEquals(1, Files.readAllLines(file).size(), "flushed after each line");
            writer.onStep(skipped);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        JsonObject o = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(1, o.get("step").getAsLong());
        assertEquals(3, o.get("total_steps").getAsLong());
        assertEquals(1.5e-4, o.get("lr").getAsDouble());
        assertEquals(4.0, o.getAsJsonObject("losses").get("loss_t").getAsDouble());
        assertEquals(16, o.get("samples").getAsInt());
        assertEquals(0.25, o.get("seconds").getAsDouble());
        assertEquals(0.25, o.get("elapsed").getAsDouble());
        assertEquals(
                0.55,
                JsonParser.parseString(lines.get(1))
                        .getAsJsonObject()
                        .get("elapsed")
                        .getAsDouble(),
                1e-12);
        assertEquals(false, o.get("skipped").getAsBoolean());
        assertEquals(2.5, o.get("grad_norm").getAsDouble());
        assertEquals("2025-05-01T10:00:00Z", o.get("time").getAsString());
        assertTrue(
                lines.get(1).contains("\"grad_norm\":null") && lines.get(1).contains("\"loss\":null"),
                "non-finite values are JSON null: " + lines.get(1));

        List<StepRecord> back = JsonlMetricsWriter.read(file);
        assertEquals(List.of(first), back.subList(0, 1));
        StepRecord r = back.get(1);
        assertTrue(r.skipped()
                && Double.isNaN(r.gradientNorm())
                && Double.isNaN(r.losses().get("loss"))
                && Double.isNaN(r.losses().get("loss_t")));
        assertEquals(1.0, r.losses().get("loss_v"));
    }

    @Test
    void aResumedRunAppendsAndTheLastLineOfAStepWins(@TempDir Path dir) {
        JsonlMetricsWriter first = JsonlMetricsWriter.inDirectory(dir);
        first.onStep(new StepRecord(1, 3, 1e-4, Map.of("loss", 3.0), 4, 1, false, 1));
        first.onStep(new StepRecord(2, 3, 1e-4, Map.of("loss", 2.0), 4, 1, false, 1));
        first.onEnd(new TrainingSummary(0, 2, 0, Map.of(), Map.of(), 2, 8, List.of()));
        JsonlMetricsWriter second = JsonlMetricsWriter.inDirectory(dir); // resumed from the checkpoint at step 1
        second.onStep(new StepRecord(2, 3, 1e-4, Map.of("loss", 2.5), 4, 1, false, 1));
        second.onStep(new StepRecord(3, 3, 1e-4, Map.of("loss", 1.5), 4, 1, false, 1));
        second.close();
        List<StepRecord> records = JsonlMetricsWriter.read(dir.resolve(JsonlMetricsWriter.FILE_NAME));
        assertEquals(List.of(1L, 2L, 3L), records.stream().map(StepRecord::step).toList());
        assertEquals(2.5, records.get(1).losses().get("loss"));
    }

    @Test
    void aBrokenLineIsReportedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"step\":1}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonlMetricsWriter.read(file));
        assertTrue(e.getMessage().contains(file + " line 1"), e.getMessage());
    }
}
