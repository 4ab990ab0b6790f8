package org.simvtp.models.facade;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.simvtp.core.SimvtpConfig;

/**
 * {@link SimvtpConfig} as a flat JSON object whose keys are the builder's method names ({@code imageSize},
 * {@code encoderHeads}, ...). {@link Simvtp#save(java.nio.file.Path)} writes it into the safetensors {@code __metadata__} under
 * {@value #METADATA_KEY}; loading reads it back so the shapes need not be guessed. Missing keys keep the
 * {@link SimvtpConfig#vitBase()} value; unknown keys are ignored (files from newer versions still load).
 *
 * <pre>{@code
 * String json = ConfigJson.toJson(SimvtpConfig.tiny());
 * SimvtpConfig again = ConfigJson.fromJson(json); // equals SimvtpConfig.tiny()
 * }</pre>
 */
public final class ConfigJson {

    /** Key of the configuration in a safetensors {@code __metadata__} map. */
    public static final String METADATA_KEY = "config";

    private static final Map<String, Field> FIELDS = new LinkedHashMap<>();

    static {
        integer("imageSize", SimvtpConfig::imageSize, SimvtpConfig.Builder::optImageSize);
        integer("patchSize", SimvtpConfig::patchSize, SimvtpConfig.Builder::optPatchSize);
        integer("tubeletSize", SimvtpConfig::tubeletSize, SimvtpConfig.Builder::optTubeletSize);
        integer("numFrames", SimvtpConfig::numFrames, SimvtpConfig.Builder::optNumFrames);
        integer("channels", SimvtpConfig::channels, SimvtpConfig.Builder::optChannels);
        integer("encoderWidth", SimvtpConfig::encoderWidth, SimvtpConfig.Builder::optEncoderWidth);
        integer("encoderDepth", SimvtpConfig::encoderDepth, SimvtpConfig.Builder::optEncoderDepth);
        integer("encoderHeads", SimvtpConfig::encoderHeads, SimvtpConfig.Builder::optEncoderHeads);
        real("mlpRatio", SimvtpConfig::mlpRatio, SimvtpConfig.Builder::optMlpRatio);
        real("layerNormEps", SimvtpConfig::layerNormEps, SimvtpConfig.Builder::optLayerNormEps);
        real("textLayerNormEps", SimvtpConfig::textLayerNormEps, SimvtpConfig.Builder::optTextLayerNormEps);
        integer("vocabSize", SimvtpConfig::vocabSize, SimvtpConfig.Builder::optVocabSize);
        integer("maxTextPositions", SimvtpConfig::maxTextPositions, SimvtpConfig.Builder::optMaxTextPositions);
        integer("typeVocabSize", SimvtpConfig::typeVocabSize, SimvtpConfig.Builder::optTypeVocabSize);
        real("textEmbeddingDropout", SimvtpConfig::textEmbeddingDropout, SimvtpConfig.Builder::optTextEmbeddingDropout);
        integer("decoderWidth", SimvtpConfig::decoderWidth, SimvtpConfig.Builder::optDecoderWidth);
        integer("decoderDepth", SimvtpConfig::decoderDepth, SimvtpConfig.Builder::optDecoderDepth);
        integer("decoderHeads", SimvtpConfig::decoderHeads, SimvtpConfig.Builder::optDecoderHeads);
        real("dropPathRate", SimvtpConfig::dropPathRate, SimvtpConfig.Builder::optDropPathRate);
        real("videoMaskRatio", SimvtpConfig::videoMaskRatio, SimvtpConfig.Builder::optVideoMaskRatio);
        real("textMaskRatio", SimvtpConfig::textMaskRatio, SimvtpConfig.Builder::optTextMaskRatio);
        real("vtcTemperature", SimvtpConfig::vtcTemperature, SimvtpConfig.Builder::optVtcTemperature);
        real("videoLossWeight", SimvtpConfig::videoLossWeight, SimvtpConfig.Builder::optVideoLossWeight);
        real("textLossWeight", SimvtpConfig::textLossWeight, SimvtpConfig.Builder::optTextLossWeight);
        real("vtcLossWeight", SimvtpConfig::vtcLossWeight, SimvtpConfig.Builder::optVtcLossWeight);
        real("vtmLossWeight", SimvtpConfig::vtmLossWeight, SimvtpConfig.Builder::optVtmLossWeight);
    }

    private ConfigJson() {}

    /**
     * Serialises every field of a configuration.
     *
     * @param config the configuration
     * @return a compact JSON object
     */
    public static String toJson(SimvtpConfig config) {
        JsonObject o = new JsonObject();
        FIELDS.forEach((name, f) -> o.addProperty(name, f.getter.apply(config)));
        return o.toString();
    }

    /**
     * Parses a configuration written by {@link #toJson(SimvtpConfig)}.
     *
     * @param json a JSON object
     * @return the validated configuration
     * @throws IllegalArgumentException if the text is not a JSON object, a value has the wrong type, or the
     *     configuration is invalid
     */
    public static SimvtpConfig fromJson(String json) {
        JsonObject o;
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw new IllegalArgumentException("model configuration must be a JSON object, got: " + json);
            }
            o = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("model configuration is not valid JSON: " + e.getMessage(), e);
        }
        SimvtpConfig.Builder b = SimvtpConfig.builder();
        for (Map.Entry<String, Field> e : FIELDS.entrySet()) {
            JsonElement value = o.get(e.getKey());
            if (value == null || value.isJsonNull()) {
                continue;
            }
            try {
                e.getValue().setter.accept(b, value);
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException(
                        "model configuration field '" + e.getKey() + "' has a bad value " + value, ex);
            }
        }
        return b.build();
    }

    private static void integer(
            String name, Function<SimvtpConfig, Integer> get, BiConsumer<SimvtpConfig.Builder, Integer> set) {
        FIELDS.put(name, new Field(get::apply, (b, v) -> set.accept(b, exactInt(v))));
    }

    private static void real(
            String name, Function<SimvtpConfig, Double> get, BiConsumer<SimvtpConfig.Builder, Double> set) {
        FIELDS.put(name, new Field(get::apply, (b, v) -> set.accept(b, v.getAsDouble())));
    }

    private static int exactInt(JsonElement v) {
        double d = v.getAsDouble();
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException("not an integer: " + v);
        }
        return v.getAsInt();
    }

    private record Field(Function<SimvtpConfig, Number> getter, BiConsumer<SimvtpConfig.Builder, JsonElement> setter) {}
}
