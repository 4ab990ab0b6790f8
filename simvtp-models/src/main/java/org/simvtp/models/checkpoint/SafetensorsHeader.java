package org.simvtp.models.checkpoint;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed and validated header of a safetensors file: an 8-byte little-endian length, then a
 * JSON object of tensor entries ({@code dtype}, {@code shape}, {@code data_offsets} relative to the
 * data section) and an optional {@code __metadata__} map of strings.
 */
final class SafetensorsHeader {

    /** Largest header accepted, as in the reference implementation. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    static final String METADATA_KEY = "__metadata__";

    /** One tensor entry of the header. */
    static final class Entry {
        final String name;
        final DType dtype;
        final long[] shape;
        final long begin;
        final long end;

        Entry(String name, DType dtype, long[] shape, long begin, long end) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.begin = begin;
            this.end = end;
        }
    }

    final long dataStart;
    final Map<String, String> metadata;
    final List<Entry> entries;

    private SafetensorsHeader(long dataStart, Map<String, String> metadata, List<Entry> entries) {
        this.dataStart = dataStart;
        this.metadata = metadata;
        this.entries = entries;
    }

    /**
     * Reads and validates the header of an open file.
     *
     * @param file the file, for messages
     * @param channel the open channel
     * @return the header
     * @throws CheckpointFormatException if the header or its offsets are invalid
     */
    static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw new CheckpointFormatException(
                    file,
                    "file of " + fileSize
                            + " bytes is too short for a safetensors header (truncated or not safetensors)");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new CheckpointFormatException(
                    file,
                    "header length " + Long.toUnsignedString(headerLength) + " is outside 2.." + MAX_HEADER_BYTES
                            + " (not a safetensors file?)",
                    0,
                    null);
        }
        if (8 + headerLength > fileSize) {
            throw new CheckpointFormatException(
                    file,
                    "header length " + headerLength + " runs past the end of the " + fileSize
                            + "-byte file (truncated?)",
                    0,
                    null);
        }
        ByteBuffer json = ByteBuffer.allocate((int) headerLength);
        readFully(channel, json, 8);
        json.flip();
        long dataStart = 8 + headerLength;
        SafetensorsHeader header = parse(file, decode(file, json), dataStart);
        header.validateOffsets(file, fileSize - dataStart);
        return header;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new java.io.EOFException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    private static String decode(Path file, ByteBuffer json) throws CheckpointFormatException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(json);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointFormatException(file, "header is not valid UTF-8", 8, e);
        }
    }

    private static SafetensorsHeader parse(Path file, String json, long dataStart) throws CheckpointFormatException {
        if (!json.startsWith("{")) {
            throw new CheckpointFormatException(
                    file, "header does not start with '{' (not a safetensors file?)", 8, null);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String current = "";
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            reader.beginObject();
            while (reader.hasNext()) {
                current = reader.nextName();
                if (!seen.add(current)) {
                    throw new IllegalStateException("duplicate key '" + current + "'");
                }
                if (current.equals(METADATA_KEY)) {
                    readMetadata(reader, metadata);
                } else {
                    entries.add(readEntry(reader, current));
                }
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalStateException("data after the header object");
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new CheckpointFormatException(
                    file,
                    "invalid JSON header" + (current.isEmpty() ? "" : " at key '" + current + "'") + ": "
                            + e.getMessage(),
                    8,
                    e);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(file, "tensor '" + current + "': " + e.getMessage(), 8, e);
        }
        return new SafetensorsHeader(
                dataStart, Collections.unmodifiableMap(metadata), Collections.unmodifiableList(entries));
    }

    private static void readMetadata(JsonReader reader, Map<String, String> metadata) throws IOException {
        reader.beginObject();
        while (reader.hasNext()) {
            String key = reader.nextName();
            if (reader.peek() != JsonToken.STRING) {
                throw new IllegalStateException("__metadata__ value of '" + key + "' is not a string");
            }
            metadata.put(key, reader.nextString());
        }
        reader.endObject();
    }

    private static Entry readEntry(JsonReader reader, String name) throws IOException {
        DType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        reader.beginObject();
        while (reader.hasNext()) {
            switch (reader.nextName()) {
                case "dtype":
                    dtype = DType.fromSafetensorsName(reader.nextString());
                    break;
                case "shape":
                    shape = readLongs(reader);
                    break;
                case "data_offsets":
                    offsets = readLongs(reader);
                    break;
                default:
                    reader.skipValue();
            }
        }
        reader.endObject();
        if (dtype == null || shape == null || offsets == null) {
            throw new IllegalArgumentException("entry needs dtype, shape and data_offsets");
        }
        if (offsets.length != 2) {
            throw new IllegalArgumentException("data_offsets must hold two numbers");
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] readLongs(JsonReader reader) throws IOException {
        List<Long> values = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
            if (reader.peek() != JsonToken.NUMBER) {
                throw new IllegalStateException("expected a number");
            }
            long v = reader.nextLong();
            if (v < 0) {
                throw new IllegalArgumentException("negative number " + v);
            }
            values.add(v);
            if (values.size() > 64) {
                throw new IllegalArgumentException("more than 64 numbers");
            }
        }
        reader.endArray();
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** Offsets must match shape × dtype size, stay inside the data section and tile it exactly. */
    private void validateOffsets(Path file, long dataLength) throws CheckpointFormatException {
        for (Entry e : entries) {
            long bytes;
            try {
                bytes = TensorData.numelOf(e.shape) * e.dtype.byteSize();
            } catch (IllegalArgumentException ex) {
                throw new CheckpointFormatException(file, "tensor '" + e.name + "': " + ex.getMessage(), ex);
            }
            if (e.begin > e.end || e.end - e.begin != bytes) {
                throw new CheckpointFormatException(
                        file,
                        "tensor '" + e.name + "' " + e.dtype + shapeText(e.shape) + " needs " + bytes
                                + " bytes but data_offsets are [" + e.begin + ", " + e.end + "]");
            }
            if (e.end > dataLength) {
                throw new CheckpointFormatException(
                        file,
                        "tensor '" + e.name + "' data_offsets [" + e.begin + ", " + e.end + "] run past the "
                                + dataLength + "-byte data section (truncated?)");
            }
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        long expected = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.begin != expected) {
                throw new CheckpointFormatException(
                        file,
                        "tensor '" + e.name + "' starts at " + e.begin
                                + (e.begin < expected
                                        ? " inside the data of '" + previous + "'"
                                        : ", leaving a gap after "
                                                + (previous == null ? "the header" : "'" + previous + "'"))
                                + " (expected " + expected + ")");
            }
            expected = e.end;
            previous = e.name;
        }
        if (expected != dataLength) {
            throw new CheckpointFormatException(
                    file, "tensors cover " + expected + " bytes but the data section has " + dataLength + " bytes");
        }
    }

    static String shapeText(long[] shape) {
        return java.util.Arrays.toString(shape);
    }
}
