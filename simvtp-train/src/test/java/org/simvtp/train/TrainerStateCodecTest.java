package org.simvtp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.simvtp.train.checkpoint.CorruptCheckpointException;
import org.simvtp.train.checkpoint.TrainingRng;
import org.simvtp.train.optim.DynamicLossScaler;

class TrainerStateCodecTest {

    /** trainer.json as written before mixed precision existed (no precision, no lossScaler). */
    static final String OLD_FORMAT = "{\"step\":40,\"batchesConsumed\":80,\"skippedSteps\":1,"
            + "\"rng\":\"{\\\"format\\\":\\\"simvtp-rng\\\",\\\"version\\\":1,\\\"seed\\\":\\\"5\\\","
            + "\\\"streams\\\":{\\\"data.shuffle\\\":\\\"3\\\"}}\","
            + "\"trainerConfig\":\"TrainerConfig[totalSteps=100, warmupSteps=10]\"}";

    private static TrainingRng rng() {
        TrainingRng rng = TrainingRng.create(5);
        rng.stream("data.shuffle").nextLong();
        return rng;
    }

    private static String withField(String field) {
        return OLD_FORMAT.substring(0, OLD_FORMAT.length() - 1) + "," + field + "}";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roundTripKeepsEveryFieldUnderTheTrainerJsonNames() throws Exception {
        TrainerState state = new TrainerState(
                12,
                24,
                2,
                rng(),
                Precision.FP16,
                new DynamicLossScaler.State(64.0, 3, 1, 2),
                "TrainerConfig[totalSteps=12]");
        byte[] json = TrainerStateCodec.encode(state);
        JsonObject o =
                JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(
                List.of("step", "batchesConsumed", "skippedSteps", "rng", "trainerConfig", "precision", "lossScaler"),
                List.copyOf(o.keySet()));
        assertEquals(
                List.of("scale", "goodSteps", "hysteresisLeft", "skippedSteps"),
                List.copyOf(o.getAsJsonObject("lossScaler").keySet()));
        TrainerState back = TrainerStateCodec.decode(json, "mem");
        assertEquals(12, back.step());
        assertEquals(24, back.batchesConsumed());
        assertEquals(2, back.skippedSteps());
        assertEquals(Precision.FP16, back.precision());
        assertEquals(state.lossScaler(), back.lossScaler());
        assertEquals(state.trainerConfig(), back.trainerConfig());
        assertEquals(state.rng().toJson(), back.rng().toJson());
        assertEquals(state.rng().derive("task", 7), back.rng().derive("task", 7));
    }

    @Test
    void roundTripWithoutLossScaler() throws Exception {
        TrainerState state = new TrainerState(0, 0, 0, rng(), Precision.FP32, null, "c");
        byte[] json = TrainerStateCodec.encode(state);
        assertTrue(!new String(json, StandardCharsets.UTF_8).contains("lossScaler"));
        TrainerState back = TrainerStateCodec.decode(json, "mem");
        assertNull(back.lossScaler());
        assertEquals(Precision.FP32, back.precision());
    }

    @Test
    void oldCheckpointsWithoutPrecisionOrScalerLoad() throws Exception {
        TrainerState s = TrainerStateCodec.decode(utf8(OLD_FORMAT), "ckpt/trainer.json");
        assertEquals(40, s.step());
        assertEquals(80, s.batchesConsumed());
        assertEquals(1, s.skippedSteps());
        assertEquals(Precision.FP32, s.precision());
        assertNull(s.lossScaler());
        assertEquals(Map.of("data.shuffle", 3L), s.rng().counters());
        assertEquals("TrainerConfig[totalSteps=100, warmupSteps=10]", s.trainerConfig());
    }

    @Test
    void malformedJsonNamesTheFile() {
        CorruptCheckpointException e = assertThrows(
                CorruptCheckpointException.class,
                () -> TrainerStateCodec.decode(utf8("{\"step\": 4,"), "ckpt-4/trainer.json"));
        assertTrue(e.getMessage().startsWith("ckpt-4/trainer.json: not valid JSON"), e.getMessage());
        e = assertThrows(
                CorruptCheckpointException.class,
                () -> TrainerStateCodec.decode(utf8("[1, 2]"), "ckpt-4/trainer.json"));
        assertTrue(e.getMessage().contains("expected a JSON object"), e.getMessage());
    }

    @Test
    void aMissingOrMistypedFieldIsNamed() {
        String missing = OLD_FORMAT.replace("\"batchesConsumed\":80,", "");
        CorruptCheckpointException e = assertThrows(
                CorruptCheckpointException.class,
                () -> TrainerStateCodec.decode(utf8(missing), "ckpt-40/trainer.json"));
        assertEquals("ckpt-40/trainer.json: missing field 'batchesConsumed'", e.getMessage());
        String text = OLD_FORMAT.replace("\"step\":40", "\"step\":\"forty\"");
        e = assertThrows(CorruptCheckpointException.class, () -> TrainerStateCodec.decode(utf8(text), "f.json"));
        assertTrue(e.getMessage().contains("field 'step' is not an integer"), e.getMessage());
        String scaler = withField("\"lossScaler\":{\"scale\":128.0,\"goodSteps\":1}");
        e = assertThrows(CorruptCheckpointException.class, () -> TrainerStateCodec.decode(utf8(scaler), "f.json"));
        assertTrue(e.getMessage().contains("missing field 'lossScaler.hysteresisLeft'"), e.getMessage());
        String precision = withField("\"precision\":\"FP8\"");
        e = assertThrows(CorruptCheckpointException.class, () -> TrainerStateCodec.decode(utf8(precision), "f.json"));
        assertTrue(e.getMessage().contains("field 'precision' is not a precision: FP8"), e.getMessage());
        String rng = OLD_FORMAT.replace("simvtp-rng", "other");
        e = assertThrows(CorruptCheckpointException.class, () -> TrainerStateCodec.decode(utf8(rng), "f.json"));
        assertTrue(e.getMessage().startsWith("f.json: field 'rng' is invalid"), e.getMessage());
        String negative = OLD_FORMAT.replace("\"skippedSteps\":1", "\"skippedSteps\":-1");
        e = assertThrows(CorruptCheckpointException.class, () -> TrainerStateCodec.decode(utf8(negative), "f.json"));
        assertTrue(e.getMessage().contains("skippedSteps must be >= 0"), e.getMessage());
    }
}
