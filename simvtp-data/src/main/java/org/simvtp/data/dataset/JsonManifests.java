package org.simvtp.data.dataset;

import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers shared by the JSON readers: opening and locating the parser. */
final class JsonManifests {
    private static final Pattern LINE = Pattern.compile(" at line (\\d+)");

    private JsonManifests() {}

    static JsonReader open(Path file) {
        try {
            return new JsonReader(Files.newBufferedReader(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The 1-based line of the reader's position, taken from its description (Gson has no public accessor), or 0
     * if the description has no line.
     */
    static long line(JsonReader reader) {
        Matcher m = LINE.matcher(reader.toString());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** An exception for syntax errors and I/O failures inside the JSON text; such damage is never recoverable. */
    static RuntimeException broken(Path file, JsonReader reader, Exception e) {
        if (e instanceof IOException io
                && !(e instanceof com.google.gson.stream.MalformedJsonException)
                && !(e instanceof java.io.EOFException)) {
            return new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), io);
        }
        return new DatasetFormatException(file, line(reader), "invalid JSON: " + e.getMessage(), e);
    }

    static void closeQuietly(JsonReader reader, Path file) {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
