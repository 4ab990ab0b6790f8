package org.simvtp.models.facade;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import org.simvtp.models.checkpoint.AtomicFiles;
import org.simvtp.models.checkpoint.CheckpointFormatException;
import org.simvtp.models.checkpoint.SafetensorsFile;
import org.simvtp.models.checkpoint.SafetensorsReader;
import org.simvtp.models.checkpoint.SafetensorsWriter;
import org.simvtp.models.checkpoint.TensorData;

/**
 * Reads and writes a {@link VideoIndex}: the embeddings as safetensors ({@code embeddings} [N, D] float32, one row
 * per time window, model id in the metadata) and a JSON manifest whose {@code videos} array gives, per file in row
 * order, the relative path, size, modification time and its windows {@code [[start, end], ...]} in seconds (one
 * row each); {@code window} and {@code stride} record the window settings (0 = default) and {@code failures} lists files that could not be
 * embedded. The embeddings are written first, then the manifest, each atomically; on load both must agree on the
 * model id and N. A manifest of version 1 (one row per file, no windows) is ignored, so everything is embedded
 * again.
 */
final class IndexStore {

    /** Version of the manifest layout. */
    static final int VERSION = 2;

    private static final String TENSOR = "embeddings";

    /** One embedded file: its windows' ranges in seconds and their embeddings (row i = window i). */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of bulk arrays, never compared or hashed
    record Entry(long size, long modified, double[] starts, double[] ends, float[][] vectors) {}

    /** One file that could not be embedded. */
    record Failure(long size, long modified, String message) {}

    private final Path manifest;
    private final Path embeddings;

    IndexStore(Path manifest, Path embeddings) {
        this.manifest = manifest;
        this.embeddings = embeddings;
    }

    /**
     * Fills {@code entries} and {@code failures} from the stored index, unless there is none, it has the old
     * layout, or it was built by another model or with other window settings (then both stay empty, so everything
     * is embedded again).
     */
    void load(String modelId, IndexOptions options, Map<String, Entry> entries, Map<String, Failure> failures)
            throws IOException {
        if (!Files.exists(manifest)) {
            return;
        }
        JsonObject root = readManifest(manifest);
        try {
            if (root.get("version").getAsInt() != VERSION) {
                return;
            }
            String storedModel = root.get("model").getAsString();
            JsonArray videos = root.getAsJsonArray("videos");
            int dimension = root.get("dimension").getAsInt();
            int rows = 0;
            for (JsonElement v : videos) {
                rows += v.getAsJsonObject().getAsJsonArray("windows").size();
            }
            // checked even when it is not reused, so a damaged index is reported instead of being overwritten
            float[] matrix = readMatrix(storedModel, rows, dimension);
            if (!modelId.equals(storedModel)
                    || root.get("window").getAsDouble() != options.windowSeconds()
                    || root.get("stride").getAsDouble() != options.strideSeconds()) {
                return;
            }
            int row = 0;
            for (JsonElement element : videos) {
                JsonObject v = element.getAsJsonObject();
                JsonArray windows = v.getAsJsonArray("windows");
                double[] starts = new double[windows.size()];
                double[] ends = new double[windows.size()];
                float[][] vectors = new float[windows.size()][];
                for (int w = 0; w < windows.size(); w++, row++) {
                    JsonArray range = windows.get(w).getAsJsonArray();
                    starts[w] = range.get(0).getAsDouble();
                    ends[w] = range.get(1).getAsDouble();
                    vectors[w] = Arrays.copyOfRange(matrix, row * dimension, (row + 1) * dimension);
                }
                entries.put(
                        v.get("path").getAsString(),
                        new Entry(v.get("size").getAsLong(), v.get("modified").getAsLong(), starts, ends, vectors));
            }
            for (JsonElement e : root.getAsJsonArray("failures")) {
                JsonObject f = e.getAsJsonObject();
                failures.put(
                        f.get("path").getAsString(),
                        new Failure(
                                f.get("size").getAsLong(),
                                f.get("modified").getAsLong(),
                                f.get("error").getAsString()));
            }
        } catch (NullPointerException
                | ClassCastException
                | IllegalStateException
                | UnsupportedOperationException
                | IndexOutOfBoundsException
                | NumberFormatException e) {
            entries.clear();
            failures.clear();
            throw new CheckpointFormatException(
                    manifest,
                    "video index manifest is missing a field or has a wrong " + "type (" + e
                            + "); delete the index folder to rebuild it",
                    e);
        }
    }

    /** The manifest's JSON object, or a {@link CheckpointFormatException} naming it. */
    static JsonObject readManifest(Path manifest) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (JsonSyntaxException | IllegalStateException e) {
            throw new CheckpointFormatException(
                    manifest,
                    "not a video index manifest (" + e.getMessage() + "); delete the index folder to rebuild it",
                    e);
        }
    }

    /** The video folder a stored index belongs to. */
    static Path folderOf(Path manifest) throws IOException {
        return Path.of(field(manifest, readManifest(manifest), "folder").getAsString());
    }

    /** {@code options} with the window settings of a stored index (the defaults for an index of version 1). */
    static IndexOptions windowingOf(Path manifest, IndexOptions options) throws IOException {
        JsonObject root = readManifest(manifest);
        if (field(manifest, root, "version").getAsInt() < VERSION) {
            return options;
        }
        try {
            return options.toBuilder()
                    .optWindowSeconds(field(manifest, root, "window").getAsDouble())
                    .optStrideSeconds(field(manifest, root, "stride").getAsDouble())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(
                    manifest, "bad window settings (" + e.getMessage() + "); delete the index folder to rebuild it", e);
        }
    }

    private static JsonElement field(Path manifest, JsonObject root, String name) throws IOException {
        JsonElement e = root.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            throw new CheckpointFormatException(
                    manifest,
                    "video index manifest has no '" + name + "' value; delete the index folder to rebuild it");
        }
        return e;
    }

    private float[] readMatrix(String modelId, int rows, int dimension) throws IOException {
        if (rows == 0) {
            return new float[0];
        }
        SafetensorsFile file;
        TensorData t;
        try {
            file = SafetensorsReader.read(embeddings);
            t = file.tensor(TENSOR);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointFormatException(
                    embeddings,
                    "the video index's embeddings cannot be read (" + e.getMessage()
                            + "); delete the index folder to rebuild it",
                    e);
        }
        long[] shape = t.shape();
        if (shape.length != 2
                || shape[0] != rows
                || shape[1] != dimension
                || !modelId.equals(file.metadata().get("model"))) {
            throw new CheckpointFormatException(
                    embeddings,
                    "embeddings " + Arrays.toString(shape) + " of model "
                            + file.metadata().get("model") + " do not match the manifest (" + rows + " × " + dimension
                            + ", model " + modelId + "); delete the index folder to rebuild it");
        }
        return t.toFloat32().toFloatArray();
    }

    /** Writes the embeddings, then the manifest; returns the manifest's bytes as written. */
    byte[] save(
            String modelId,
            IndexOptions options,
            Path folder,
            int dimension,
            SortedMap<String, Entry> entries,
            SortedMap<String, Failure> failures)
            throws IOException {
        Files.createDirectories(manifest.toAbsolutePath().getParent());
        int rows = 0;
        for (Entry e : entries.values()) {
            rows += e.vectors().length;
        }
        float[] matrix = new float[Math.multiplyExact(rows, dimension)];
        JsonArray videos = new JsonArray();
        int row = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry entry = e.getValue();
            JsonArray windows = new JsonArray();
            for (int w = 0; w < entry.vectors().length; w++, row++) {
                System.arraycopy(entry.vectors()[w], 0, matrix, row * dimension, dimension);
                JsonArray range = new JsonArray();
                range.add(entry.starts()[w]);
                range.add(entry.ends()[w]);
                windows.add(range);
            }
            JsonObject v = new JsonObject();
            v.addProperty("path", e.getKey());
            v.addProperty("size", entry.size());
            v.addProperty("modified", entry.modified());
            v.add("windows", windows);
            videos.add(v);
        }
        if (rows == 0) {
            Files.deleteIfExists(embeddings);
        } else {
            SafetensorsWriter.write(
                    embeddings,
                    Map.of(TENSOR, TensorData.ofFloats(TENSOR, new long[] {rows, dimension}, matrix)),
                    Map.of("model", modelId));
        }
        JsonArray failed = new JsonArray();
        failures.forEach((path, f) -> {
            JsonObject o = new JsonObject();
            o.addProperty("path", path);
            o.addProperty("size", f.size());
            o.addProperty("modified", f.modified());
            o.addProperty("error", f.message());
            failed.add(o);
        });
        JsonObject root = new JsonObject();
        root.addProperty("version", VERSION);
        root.addProperty("model", modelId);
        root.addProperty("window", options.windowSeconds());
        root.addProperty("stride", options.strideSeconds());
        root.addProperty("folder", folder.toString());
        root.addProperty("dimension", dimension);
        root.add("videos", videos);
        root.add("failures", failed);
        byte[] bytes =
                new GsonBuilder().setPrettyPrinting().create().toJson(root).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(manifest, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
        return bytes;
    }
}
