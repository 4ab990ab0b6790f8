package org.simvtp.examples.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.VideoIndex;

/** Opens an index built by {@code simvtp index} (its folder comes from the manifest) for searching. */
final class StoredIndex {

    private StoredIndex() {}

    /**
     * The index in {@code index}, which must hold videos embedded by {@code simvtp}.
     *
     * @throws FileNotFoundException if there is no index
     * @throws IllegalArgumentException if it holds no videos for this model
     */
    static VideoIndex open(Simvtp simvtp, Path index) throws IOException {
        Path manifest = index.resolve(VideoIndex.MANIFEST_FILE);
        if (!Files.isRegularFile(manifest)) {
            throw new FileNotFoundException("no index in " + index + " (" + manifest + " is missing); build one "
                    + "with 'simvtp index --videos DIR --index " + index + "'");
        }
        JsonObject stored = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8))
                .getAsJsonObject();
        Path folder = Path.of(stored.get("folder").getAsString());
        VideoIndex idx = VideoIndex.open(simvtp, folder, index);
        if (idx.size() == 0) {
            throw new IllegalArgumentException("the index in " + index + " holds no videos for this model ("
                    + simvtp.modelId() + "; the index was built with "
                    + stored.get("model").getAsString()
                    + "); run 'simvtp index' with the same --checkpoint");
        }
        return idx;
    }
}
