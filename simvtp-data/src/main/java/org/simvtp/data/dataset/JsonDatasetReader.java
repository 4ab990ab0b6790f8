package org.simvtp.data.dataset;

import com.google.gson.stream.JsonReader;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the JSON annotation readers share: the file, the read options, and opening the file as a streamed
 * {@link JsonReader} that the record iterator then owns (closed again if the iterator cannot be created).
 */
abstract class JsonDatasetReader implements DatasetReader {
    final Path json;
    final ReadOptions options;

    JsonDatasetReader(Path json, ReadOptions options) {
        this.json = Objects.requireNonNull(json, "json");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public Path file() {
        return json;
    }

    @Override
    public RecordIterator open() {
        JsonReader reader = JsonManifests.open(json);
        try {
            return iterate(reader);
        } catch (RuntimeException e) {
            JsonManifests.closeQuietly(reader, json);
            throw e;
        }
    }

    /**
     * The records of the opened file.
     *
     * @param reader positioned at the start of the file; the returned iterator closes it
     * @return the iterator
     */
    abstract RecordIterator iterate(JsonReader reader);
}
