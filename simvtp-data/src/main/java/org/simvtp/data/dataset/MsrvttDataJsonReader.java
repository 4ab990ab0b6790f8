package org.simvtp.data.dataset;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the official MSR-VTT annotation {@code MSRVTT_data.json}: a top-level object with {@code "videos"}
 * ({@code [{"video_id": "video0", "split": ..., ...}]}) and {@code "sentences"}
 * ({@code [{"caption": ..., "video_id": "video0", "sen_id": ...}]}, 20 per video). Each sentence gives one record
 * {@code (<root>/<video_id>.mp4, caption, video_id)}, in file order; only the {@code "sentences"} array is read
 * (streamed with Gson's {@link JsonReader}). A split is selected by a list of video ids (for example the 9k/1k-A
 * lists, see {@link #readIdList(Path)}); selected ids without any sentence are logged as a warning.
 *
 * <p>Malformed sentences (not an object, {@code caption} or {@code video_id} missing or not a string, blank
 * caption) are skipped in lenient mode. A missing {@code "sentences"} array or a JSON syntax error always throws.
 *
 * <pre>{@code
 * Set<String> test = MsrvttDataJsonReader.readIdList(Path.of("test_list_jsfusion.txt"));
 * DatasetReader reader = new MsrvttDataJsonReader(Path.of("MSRVTT_data.json"),
 *         ReadOptions.builder().optRoot(Path.of("/data/msrvtt/videos/all")).build(), test);
 * }</pre>
 */
public final class MsrvttDataJsonReader extends JsonDatasetReader {
    private static final Logger LOG = LoggerFactory.getLogger(MsrvttDataJsonReader.class);

    private final Set<String> selection;
    private final String extension;

    /**
     * A reader of every sentence.
     *
     * @param json {@code MSRVTT_data.json}
     * @param options read options (root = the video directory)
     */
    public MsrvttDataJsonReader(Path json, ReadOptions options) {
        this(json, options, null, "mp4");
    }

    /**
     * A reader of the sentences of the given videos.
     *
     * @param json {@code MSRVTT_data.json}
     * @param options read options (root = the video directory)
     * @param videoIds the split's video ids (e.g. {@code video7020}), or {@code null} for all
     */
    public MsrvttDataJsonReader(Path json, ReadOptions options, Collection<String> videoIds) {
        this(json, options, videoIds, "mp4");
    }

    /**
     * A reader with another video extension.
     *
     * @param json {@code MSRVTT_data.json}
     * @param options read options (root = the video directory)
     * @param videoIds the split's video ids, or {@code null} for all
     * @param extension video file extension without dot
     */
    public MsrvttDataJsonReader(Path json, ReadOptions options, Collection<String> videoIds, String extension) {
        super(json, options);
        this.selection = videoIds == null ? null : Set.copyOf(videoIds);
        this.extension = Objects.requireNonNull(extension, "extension");
    }

    /**
     * Reads a list of video ids, one per line (blank lines and lines starting with {@code #} ignored; surrounding
     * spaces stripped), such as Frozen-in-Time's {@code train_list_jsfusion.txt}.
     *
     * @param file the list
     * @return the ids, in file order
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Set<String> readIdList(Path file) {
        try {
            Set<String> out = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    out.add(s);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read id list " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    RecordIterator iterate(JsonReader reader) {
        return new It(reader);
    }

    private final class It extends AbstractRecordIterator {
        private final JsonReader reader;
        private final Path root = options.rootFor(json);
        private final Set<String> seen = selection == null ? null : new HashSet<>();
        private long sentence;

        It(JsonReader reader) {
            super(json, options);
            this.reader = reader;
            try {
                if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                    throw new DatasetFormatException(
                            json,
                            JsonManifests.line(reader),
                            "expected a JSON object with \"videos\" and \"sentences\", found " + reader.peek());
                }
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (name.equals("sentences")) {
                        if (reader.peek() != JsonToken.BEGIN_ARRAY) {
                            throw new DatasetFormatException(
                                    json,
                                    JsonManifests.line(reader),
                                    "\"sentences\" is " + reader.peek() + ", expected an array");
                        }
                        reader.beginArray();
                        return;
                    }
                    reader.skipValue();
                }
                throw new DatasetFormatException(
                        json,
                        JsonManifests.line(reader),
                        "no \"sentences\" array (expected the MSRVTT_data.json layout)");
            } catch (IOException | IllegalStateException e) {
                throw JsonManifests.broken(json, reader, e);
            }
        }

        @Override
        protected VideoTextRecord computeNext() {
            try {
                while (reader.hasNext()) {
                    JsonToken t = reader.peek();
                    long line = JsonManifests.line(reader);
                    long k = sentence++;
                    if (t != JsonToken.BEGIN_OBJECT) {
                        reader.skipValue();
                        malformed(line, "sentences[" + k + "] is " + t + ", expected an object");
                        continue;
                    }
                    String caption = null;
                    String videoId = null;
                    String problem = null;
                    reader.beginObject();
                    while (reader.hasNext()) {
                        String name = reader.nextName();
                        boolean wanted = name.equals("caption") || name.equals("video_id");
                        if (wanted && reader.peek() == JsonToken.STRING) {
                            if (name.equals("caption")) {
                                caption = reader.nextString();
                            } else {
                                videoId = reader.nextString().strip();
                            }
                        } else {
                            if (wanted && problem == null) {
                                problem = "\"" + name + "\" is " + reader.peek() + ", expected a string";
                            }
                            reader.skipValue();
                        }
                    }
                    reader.endObject();
                    if (problem == null && (caption == null || videoId == null)) {
                        problem = "missing \"" + (caption == null ? "caption" : "video_id") + "\"";
                    }
                    if (problem == null && (caption.isBlank() || videoId.isEmpty())) {
                        problem = "empty \"" + (caption.isBlank() ? "caption" : "video_id") + "\"";
                    }
                    if (problem != null) {
                        malformed(line, "sentences[" + k + "]: " + problem);
                        continue;
                    }
                    if (selection != null) {
                        if (!selection.contains(videoId)) {
                            continue;
                        }
                        seen.add(videoId);
                    }
                    try {
                        return new VideoTextRecord(VideoIds.resolve(root, videoId + "." + extension), caption, videoId);
                    } catch (InvalidPathException e) {
                        malformed(line, "sentences[" + k + "]: invalid video_id: " + e.getMessage());
                    }
                }
                reader.endArray();
                while (reader.hasNext()) {
                    var unused = reader.nextName();
                    reader.skipValue();
                }
                reader.endObject();
                warnMissing();
                return null;
            } catch (IOException | IllegalStateException e) {
                throw JsonManifests.broken(json, reader, e);
            }
        }

        private void warnMissing() {
            if (selection != null && seen.size() < selection.size()) {
                Set<String> missing = new TreeSet<>(selection);
                missing.removeAll(seen);
                LOG.warn(
                        "{}: {} of {} selected videos have no sentence, e.g. {}",
                        json,
                        missing.size(),
                        selection.size(),
                        missing.stream().limit(5).toList());
            }
        }

        @Override
        protected void closeResources() {
            JsonManifests.closeQuietly(reader, json);
        }
    }
}
