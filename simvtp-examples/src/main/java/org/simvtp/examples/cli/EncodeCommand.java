package org.simvtp.examples.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simvtp encode}: embeddings of video files or captions as JSON. */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        description = {
            "Embed video files or captions (L2-normalised) and print them as JSON, or write them to " + "--out.",
            "JSON: {\"model\": ..., \"dimension\": D, \"items\": [{\"video\"|\"text\": ..., \"embedding\": [...]}]}",
            "Exit codes: 0 done, 2 bad usage, 3 unreadable video or checkpoint, 4 internal error."
        })
final class EncodeCommand implements Callable<Integer> {

    @Mixin
    CheckpointOption checkpoint;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Inputs inputs;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Write the JSON here instead of printing it.")
    Path out;

    /** Either videos or captions. */
    static final class Inputs {
        @Option(names = "--video", arity = "1..*", paramLabel = "FILE", description = "Video files to embed.")
        List<Path> videos;

        @Option(names = "--text", arity = "1..*", paramLabel = "TEXT", description = "Captions to embed.")
        List<String> texts;
    }

    @Override
    public Integer call() throws Exception {
        if (inputs.videos != null) {
            for (Path v : inputs.videos) {
                if (!Files.isRegularFile(v)) {
                    throw new FileNotFoundException("video " + v + " does not exist");
                }
            }
        }
        JsonObject root = new JsonObject();
        JsonArray items = new JsonArray();
        try (Simvtp simvtp = checkpoint.open(SimvtpOptions.defaults())) {
            root.addProperty("model", simvtp.source());
            root.addProperty("modelId", simvtp.modelId());
            root.addProperty("dimension", simvtp.embeddingSize());
            if (inputs.videos != null) {
                for (Path v : inputs.videos) {
                    items.add(item("video", v.toAbsolutePath().toString(), simvtp.encodeVideo(v)));
                }
            } else {
                float[][] e = simvtp.encodeTexts(inputs.texts);
                for (int i = 0; i < e.length; i++) {
                    items.add(item("text", inputs.texts.get(i), e[i]));
                }
            }
        }
        root.add("items", items);
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(root);
        if (out == null) {
            System.out.println(json);
        } else {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, json, StandardCharsets.UTF_8);
            System.out.println("wrote " + items.size() + " embeddings to " + out);
        }
        return 0;
    }

    private static JsonObject item(String key, String value, float[] embedding) {
        JsonObject o = new JsonObject();
        o.addProperty(key, value);
        JsonArray a = new JsonArray(embedding.length);
        for (float f : embedding) {
            a.add(f);
        }
        o.add("embedding", a);
        return o;
    }
}
