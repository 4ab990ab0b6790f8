package org.simvtp.models.checkpoint;

import ai.djl.ndarray.NDArray;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes safetensors files atomically (temporary file in the same folder, fsync, atomic rename).
 *
 * <p>Layout: tensors sorted by name, {@code __metadata__} first in the header (keys sorted), header
 * padded with spaces to a multiple of 8 bytes, as the Hugging Face implementation does; the same
 * input therefore always gives the same bytes.
 *
 * <pre>{@code
 * SafetensorsWriter.write(Path.of("weights.safetensors"), stateDict, Map.of("format", "pt"));
 * SafetensorsWriter.writeArrays(Path.of("grads.safetensors"), Map.of("w", gradient), Map.of());
 * }</pre>
 */
public final class SafetensorsWriter {

    private SafetensorsWriter() {}

    /** One tensor to write; its bytes are fetched only while writing. */
    private interface Item {
        DType dtype();

        long[] shape();

        long byteSize();

        ByteBuffer littleEndianBytes();
    }

    /**
     * Writes tensors; the map keys are the names in the file.
     *
     * @param file the file to create or replace
     * @param tensors names to tensors
     * @param metadata the {@code __metadata__} strings (may be empty or {@code null})
     * @throws IOException if the file cannot be written; the target is then left unchanged
     */
    public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata)
            throws IOException {
        Map<String, Item> items = new TreeMap<>();
        tensors.forEach((name, t) -> items.put(checkName(name), new Item() {
            @Override
            public DType dtype() {
                return t.dtype();
            }

            @Override
            public long[] shape() {
                return t.shape();
            }

            @Override
            public long byteSize() {
                return t.byteSize();
            }

            @Override
            public ByteBuffer littleEndianBytes() {
                return t.data();
            }
        }));
        writeItems(file, items, metadata);
    }

    /**
     * Writes NDArrays, keeping their data types; each array is copied out only while it is written.
     *
     * @param file the file to create or replace
     * @param arrays names to arrays
     * @param metadata the {@code __metadata__} strings (may be empty or {@code null})
     * @throws IOException if the file cannot be written; the target is then left unchanged
     * @throws IllegalArgumentException for data types safetensors cannot hold
     */
    public static void writeArrays(Path file, Map<String, NDArray> arrays, Map<String, String> metadata)
            throws IOException {
        Map<String, Item> items = new TreeMap<>();
        arrays.forEach((name, array) -> {
            DType dtype = DType.fromDjl(array.getDataType());
            long[] shape = array.getShape().getShape();
            long bytes = TensorData.numelOf(shape) * dtype.byteSize();
            items.put(checkName(name), new Item() {
                @Override
                public DType dtype() {
                    return dtype;
                }

                @Override
                public long[] shape() {
                    return shape;
                }

                @Override
                public long byteSize() {
                    return bytes;
                }

                @Override
                public ByteBuffer littleEndianBytes() {
                    return NDArrayBytes.littleEndian(array, dtype);
                }
            });
        });
        writeItems(file, items, metadata);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "tensor name");
        if (name.equals(SafetensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("'" + name + "' is reserved and cannot name a tensor");
        }
        return name;
    }

    private static void writeItems(Path file, Map<String, Item> items, Map<String, String> metadata)
            throws IOException {
        byte[] header = header(items, metadata == null ? Map.of() : metadata);
        if (header.length > SafetensorsHeader.MAX_HEADER_BYTES) {
            throw new CheckpointException(file, "header of " + header.length + " bytes exceeds the format's limit");
        }
        List<Item> order = new ArrayList<>(items.values());
        AtomicFiles.write(file, channel -> {
            ByteBuffer length =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            writeFully(channel, length);
            writeFully(channel, ByteBuffer.wrap(header));
            for (Item item : order) {
                ByteBuffer bytes = item.littleEndianBytes();
                if (bytes.remaining() != item.byteSize()) {
                    throw new CheckpointException(file, "tensor data changed size while writing");
                }
                writeFully(channel, bytes);
            }
        });
    }

    private static byte[] header(Map<String, Item> items, Map<String, String> metadata) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginObject();
            if (!metadata.isEmpty()) {
                json.name(SafetensorsHeader.METADATA_KEY).beginObject();
                for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                    json.name(e.getKey()).value(Objects.requireNonNull(e.getValue(), "metadata value"));
                }
                json.endObject();
            }
            long offset = 0;
            for (Map.Entry<String, Item> e : items.entrySet()) {
                Item item = e.getValue();
                json.name(e.getKey()).beginObject();
                json.name("dtype").value(item.dtype().name());
                json.name("shape").beginArray();
                for (long d : item.shape()) {
                    json.value(d);
                }
                json.endArray();
                json.name("data_offsets")
                        .beginArray()
                        .value(offset)
                        .value(offset + item.byteSize())
                        .endArray();
                json.endObject();
                offset += item.byteSize();
            }
            json.endObject();
        }
        byte[] raw = text.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (raw.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(raw, 0, out, 0, raw.length);
        for (int i = raw.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
