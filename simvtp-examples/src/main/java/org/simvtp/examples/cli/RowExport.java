package org.simvtp.examples.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.simvtp.models.facade.IndexRow;
import org.simvtp.models.facade.VideoIndex;

/**
 * Writes the rows of a {@link VideoIndex} as JSON Lines for a vector database: one object per window,
 * {@code {"video": "clips/a.mp4", "start": 0.0, "end": 2.56, "model": "simvtp-...", "vector": [...]}} with the
 * video path relative to the indexed folder ('/'-separated) and the L2-normalised embedding.
 *
 * <pre>{@code
 * int rows = RowExport.write(index, Path.of("rows.jsonl"));
 * }</pre>
 */
final class RowExport {

    private RowExport() {}

    /** Writes every row of {@code index} to {@code file}; returns the row count. */
    static int write(VideoIndex index, Path file) throws IOException {
        Gson gson = new Gson();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        int n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (IndexRow row : index.rows()) {
                JsonObject o = new JsonObject();
                o.addProperty(
                        "video",
                        index.folder()
                                .relativize(row.video())
                                .toString()
                                .replace(file.getFileSystem().getSeparator(), "/"));
                o.addProperty("start", row.start());
                o.addProperty("end", row.end());
                o.addProperty("model", index.modelId());
                JsonArray vector = new JsonArray(row.vector().length);
                for (float v : row.vector()) {
                    vector.add(v);
                }
                o.add("vector", vector);
                w.write(gson.toJson(o));
                w.newLine();
                n++;
            }
        }
        return n;
    }
}
