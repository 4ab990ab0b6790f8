package org.simvtp.data.dataset;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Reads the reference's annotation format: one JSON object mapping a video path to its caption, as in the WebVid
 * JSON built by the reference's {@code create_data_json.py}, MSR-VTT's {@code train_9k_miech.json} /
 * {@code test_1k_miech.json}, and {@code annotations.json} written by
 * {@link org.simvtp.data.synthetic.SyntheticVideoText#writeDataset}. The file is streamed with Gson's
 * {@link JsonReader} (constant memory). Relative paths are resolved against {@link ReadOptions#rootFor(Path)};
 * the video id is the file stem ({@code video7020} for {@code .../video7020.mp4}; see
 * {@link VideoIds#msrvttNumber(String)}). Entries are returned in file order; a repeated key gives two records.
 *
 * <p>Malformed entries (a value that is not a string, an empty key, a blank caption) are skipped in lenient mode;
 * a JSON syntax error always throws {@link DatasetFormatException} with its line.
 *
 * <pre>{@code
 * DatasetReader train = new CaptionJsonReader(Path.of("train_9k_miech.json"),
 *         ReadOptions.builder().optRoot(Path.of("/data/msrvtt/videos")).build());
 * }</pre>
 */
public final class CaptionJsonReader extends JsonDatasetReader {

    /**
     * Creates the reader.
     *
     * @param json the annotation file
     * @param options read options
     */
    public CaptionJsonReader(Path json, ReadOptions options) {
        super(json, options);
    }

    @Override
    RecordIterator iterate(JsonReader reader) {
        return new It(reader);
    }

    private final class It extends AbstractRecordIterator {
        private final JsonReader reader;
        private final Path root = options.rootFor(json);

        It(JsonReader reader) {
            super(json, options);
            this.reader = reader;
            try {
                JsonToken t = reader.peek();
                if (t != JsonToken.BEGIN_OBJECT) {
                    throw new DatasetFormatException(
                            json,
                            JsonManifests.line(reader),
                            "expected a JSON object {\"video path\": \"caption\", ...}, found " + t);
                }
                reader.beginObject();
            } catch (IOException | IllegalStateException e) {
                throw JsonManifests.broken(json, reader, e);
            }
        }

        @Override
        protected VideoTextRecord computeNext() {
            try {
                while (reader.hasNext()) {
                    String key = reader.nextName();
                    long line = JsonManifests.line(reader);
                    JsonToken t = reader.peek();
                    if (t != JsonToken.STRING) {
                        reader.skipValue();
                        malformed(line, "value of \"" + key + "\" is " + t + ", expected a caption string");
                        continue;
                    }
                    String caption = reader.nextString();
                    if (key.isBlank()) {
                        malformed(line, "empty video path");
                        continue;
                    }
                    if (caption.isBlank()) {
                        malformed(line, "empty caption for \"" + key + "\"");
                        continue;
                    }
                    try {
                        Path video = VideoIds.resolve(root, key);
                        return new VideoTextRecord(video, caption, VideoIds.stem(video));
                    } catch (InvalidPathException e) {
                        malformed(line, "invalid path: " + e.getMessage());
                    }
                }
                reader.endObject();
                if (reader.peek() != JsonToken.END_DOCUMENT) {
                    throw new DatasetFormatException(
                            json, JsonManifests.line(reader), "unexpected content after the top-level object");
                }
                return null;
            } catch (IOException | IllegalStateException e) {
                throw JsonManifests.broken(json, reader, e);
            }
        }

        @Override
        protected void closeResources() {
            JsonManifests.closeQuietly(reader, json);
        }
    }
}
