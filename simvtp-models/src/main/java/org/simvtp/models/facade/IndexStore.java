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
 * Reads and writes a {@link VideoIndex}: the embeddings as safetensors ({@code embeddings} [N, D] float32, model id
 * in the metadata) and a JSON manifest whose {@code videos} array gives, for row i, the relative path, size and
 * modification time; {@code failures} lists files that could not be embedded. The embeddings are written
 * first, then the manifest; on load both must agree on the model id and N.
 */
final class IndexStore {

    /** Version of the manifest layout. */
    static final int VERSION = 1;

    private static final String TENSOR = "embeddings";

    /** One embedded file. */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of bulk arrays, never compared or hashed
    record Entry(long size, long modified, float[] embedding) {}

    /** One file that could not be embedded. */
    record Failure(long size, long modified, String message) {}

    private final Path manifest;
    private final Path embeddings;

    IndexStore(Path manifest, Path embeddings) {
        this.manifest = manifest;
        this.embeddings = embeddings;
    }

    /**
     * Fills {@code entries} and {@code failures} from the stored index, unless there is none or it was built by
     * another model (then both stay empty, so everything is embedded again).
     */
    void load(String modelId, Map<String, Entry> entries, Map<String, Failure> failures) throws IOException {
        if (!Files.exists(manifest)) {
            return;
        }
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (JsonSyntaxException | IllegalStateException e) {
            throw new CheckpointFormatException(
                    manifest,
                    "not a video index manifest (" + e.getMessage() + "); delete the index folder to rebuild it",
                    e);
        }
        try {
            if (root.get("version").getAsInt() != VERSION
                    || !modelId.equals(root.get("model").getAsString())) {
                return;
            }
            JsonArray videos = root.getAsJsonArray("videos");
            int dimension = root.get("dimension").getAsInt();
            float[] matrix = readMatrix(modelId, videos.size(), dimension);
            for (int i = 0; i < videos.size(); i++) {
                JsonObject v = videos.get(i).getAsJsonObject();
                entries.put(
                        v.get("path").getAsString(),
                        new Entry(
                                v.get("size").getAsLong(),
                                v.get("modified").getAsLong(),
                                Arrays.copyOfRange(matrix, i * dimension, (i + 1) * dimension)));
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
        } catch (NullPointerException | ClassCastException | IllegalStateException | UnsupportedOperationException e) {
            entries.clear();
            failures.clear();
            throw new CheckpointFormatException(
                    manifest,
                    "video index manifest is missing a field or has a wrong " + "type (" + e
                            + "); delete the index folder to rebuild it",
                    e);
        }
    }

    private float[] readMatrix(String modelId, int rows, int dimension) throws IOException {
        if (rows == 0) {
            return new float[0];
        }
        SafetensorsFile file = SafetensorsReader.read(embeddings);
        TensorData t = file.tensor(TENSOR);
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

    /** Writes the embeddings, then the manifest. */
    void save(
            String modelId,
            Path folder,
            int dimension,
            SortedMap<String, Entry> entries,
            SortedMap<String, Failure> failures)
            throws IOException {
        Files.createDirectories(manifest.toAbsolutePath().getParent());
        float[] matrix = new float[entries.size() * dimension];
        JsonArray videos = new JsonArray();
        int row = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            System.arraycopy(e.getValue().embedding(), 0, matrix, row * dimension, dimension);
            JsonObject v = new JsonObject();
            v.addProperty("path", e.getKey());
            v.addProperty("size", e.getValue().size());
            v.addProperty("modified", e.getValue().modified());
            videos.add(v);
            row++;
        }
        if (entries.isEmpty()) {
            Files.deleteIfExists(embeddings);
        } else {
            SafetensorsWriter.write(
                    embeddings,
                    Map.of(TENSOR, TensorData.ofFloats(TENSOR, new long[] {entries.size(), dimension}, matrix)),
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
    }
}
