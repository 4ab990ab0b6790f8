package org.simvtp.train;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import org.simvtp.train.checkpoint.CorruptCheckpointException;
import org.simvtp.train.checkpoint.TrainingRng;
import org.simvtp.train.optim.DynamicLossScaler;

/**
 * Reads and writes {@link TrainerState} as the JSON of a checkpoint's {@code trainer.json}:
 *
 * <pre>{@code
 * {"step":100,"batchesConsumed":100,"skippedSteps":0,"rng":"{...}","trainerConfig":"TrainerConfig[...]",
 *  "precision":"FP16","lossScaler":{"scale":128.0,"goodSteps":3,"hysteresisLeft":1,"skippedSteps":0}}
 *
 * byte[] json = TrainerStateCodec.encode(state);
 * TrainerState again = TrainerStateCodec.decode(json, "ckpt-100/trainer.json");
 * }</pre>
 *
 * <p>{@code precision} and {@code lossScaler} are optional (checkpoints written before mixed precision lack
 * them): a missing precision reads as {@link Precision#FP32}, a missing scaler as null.
 */
public final class TrainerStateCodec {

    private static final Gson GSON = new Gson();

    private TrainerStateCodec() {}

    /**
     * Encodes a state as UTF-8 JSON.
     *
     * @param state the state
     * @return the JSON bytes
     */
    public static byte[] encode(TrainerState state) {
        JsonObject json = new JsonObject();
        json.addProperty("step", state.step());
        json.addProperty("batchesConsumed", state.batchesConsumed());
        json.addProperty("skippedSteps", state.skippedSteps());
        json.addProperty("rng", state.rng().toJson());
        json.addProperty("trainerConfig", state.trainerConfig());
        json.addProperty("precision", state.precision().name());
        DynamicLossScaler.State s = state.lossScaler();
        if (s != null) {
            JsonObject scaler = new JsonObject();
            scaler.addProperty("scale", s.scale());
            scaler.addProperty("goodSteps", s.goodSteps());
            scaler.addProperty("hysteresisLeft", s.hysteresisLeft());
            scaler.addProperty("skippedSteps", s.skippedSteps());
            json.add("lossScaler", scaler);
        }
        return GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes a state written by {@link #encode} (or by an earlier version of the trainer).
     *
     * @param json the UTF-8 JSON bytes
     * @param source where the bytes come from (a path), named in error messages
     * @return the state
     * @throws CorruptCheckpointException naming the source and the field if the JSON is malformed, a required
     *     field is missing or a value has the wrong type or range
     */
    public static TrainerState decode(byte[] json, String source) throws CorruptCheckpointException {
        JsonElement root;
        try {
            root = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new CorruptCheckpointException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new CorruptCheckpointException(source + ": expected a JSON object, got " + brief(root));
        }
        JsonObject o = root.getAsJsonObject();
        long step = longField(o, "step", source, "");
        long batches = longField(o, "batchesConsumed", source, "");
        long skipped = longField(o, "skippedSteps", source, "");
        TrainingRng rng;
        try {
            rng = TrainingRng.fromJson(stringField(o, "rng", source));
        } catch (IllegalArgumentException e) {
            throw new CorruptCheckpointException(source + ": field 'rng' is invalid: " + e.getMessage(), e);
        }
        String config = stringField(o, "trainerConfig", source);
        Precision precision = Precision.FP32;
        if (present(o, "precision")) {
            String name = stringField(o, "precision", source);
            try {
                precision = Precision.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new CorruptCheckpointException(source + ": field 'precision' is not a precision: " + name, e);
            }
        }
        DynamicLossScaler.State scaler = null;
        if (present(o, "lossScaler")) {
            JsonElement e = o.get("lossScaler");
            if (!e.isJsonObject()) {
                throw new CorruptCheckpointException(source + ": field 'lossScaler' is not an object: " + brief(e));
            }
            JsonObject s = e.getAsJsonObject();
            scaler = new DynamicLossScaler.State(
                    doubleField(s, "scale", source),
                    longField(s, "goodSteps", source, "lossScaler."),
                    intField(s, "hysteresisLeft", source),
                    longField(s, "skippedSteps", source, "lossScaler."));
        }
        try {
            return new TrainerState(step, batches, skipped, rng, precision, scaler, config);
        } catch (IllegalArgumentException e) {
            throw new CorruptCheckpointException(source + ": " + e.getMessage(), e);
        }
    }

    private static boolean present(JsonObject o, String name) {
        return o.has(name) && !o.get(name).isJsonNull();
    }

    private static JsonPrimitive primitive(JsonObject o, String name, String source, String prefix)
            throws CorruptCheckpointException {
        if (!present(o, name)) {
            throw new CorruptCheckpointException(source + ": missing field '" + prefix + name + "'");
        }
        JsonElement e = o.get(name);
        if (!e.isJsonPrimitive()) {
            throw new CorruptCheckpointException(
                    source + ": field '" + prefix + name + "' is not a value: " + brief(e));
        }
        return e.getAsJsonPrimitive();
    }

    private static long longField(JsonObject o, String name, String source, String prefix)
            throws CorruptCheckpointException {
        JsonPrimitive p = primitive(o, name, source, prefix);
        try {
            if (!p.isNumber()) {
                throw new NumberFormatException("not a number");
            }
            return p.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new CorruptCheckpointException(source + ": field '" + prefix + name + "' is not an integer: " + p, e);
        }
    }

    private static int intField(JsonObject o, String name, String source) throws CorruptCheckpointException {
        long v = longField(o, name, source, "lossScaler.");
        if (v != (int) v) {
            throw new CorruptCheckpointException(source + ": field 'lossScaler." + name + "' is out of range: " + v);
        }
        return (int) v;
    }

    private static double doubleField(JsonObject o, String name, String source) throws CorruptCheckpointException {
        JsonPrimitive p = primitive(o, name, source, "lossScaler.");
        if (!p.isNumber()) {
            throw new CorruptCheckpointException(source + ": field 'lossScaler." + name + "' is not a number: " + p);
        }
        return p.getAsDouble();
    }

    private static String stringField(JsonObject o, String name, String source) throws CorruptCheckpointException {
        JsonPrimitive p = primitive(o, name, source, "");
        if (!p.isString()) {
            throw new CorruptCheckpointException(source + ": field '" + name + "' is not a string: " + p);
        }
        return p.getAsString();
    }

    private static String brief(JsonElement e) {
        String s = String.valueOf(e);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
