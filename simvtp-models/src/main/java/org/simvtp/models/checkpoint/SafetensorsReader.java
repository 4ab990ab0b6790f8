package org.simvtp.models.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads safetensors files (own implementation of the format; files of any size).
 *
 * <p>The header is validated before any tensor is touched: header length below 100 MB and within
 * the file, known dtypes, offsets that match shape × element size, lie inside the data section and
 * tile it without overlaps or gaps. Large tensors are memory-mapped read-only, one mapping per
 * tensor (so files above 2 GiB work); small ones are read onto the heap.
 *
 * <pre>{@code
 * SafetensorsFile f = SafetensorsReader.read(Path.of("model.safetensors"));
 * for (TensorData t : f.tensors().values()) {
 *     System.out.println(t);
 * }
 * }</pre>
 */
public final class SafetensorsReader {

    /** Tensors of at least this many bytes are memory-mapped. */
    static final long DEFAULT_MAP_THRESHOLD = 1L << 20;

    private SafetensorsReader() {}

    /**
     * Reads a file.
     *
     * @param file the safetensors file
     * @return its tensors and metadata
     * @throws CheckpointFormatException if the file is malformed or truncated
     * @throws IOException if the file cannot be read
     */
    public static SafetensorsFile read(Path file) throws IOException {
        return read(file, DEFAULT_MAP_THRESHOLD);
    }

    static SafetensorsFile read(Path file, long mapThreshold) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SafetensorsHeader header = SafetensorsHeader.read(file, channel);
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : header.entries) {
                long position = header.dataStart + e.begin;
                long length = e.end - e.begin;
                ByteBuffer bytes;
                if (length >= mapThreshold && length > 0) {
                    bytes = channel.map(FileChannel.MapMode.READ_ONLY, position, length);
                } else {
                    bytes = ByteBuffer.allocate((int) length);
                    while (bytes.hasRemaining()) {
                        if (channel.read(bytes, position + bytes.position()) < 0) {
                            throw new CheckpointFormatException(file, "file ends inside tensor '" + e.name + "'");
                        }
                    }
                    bytes.flip();
                }
                tensors.put(e.name, TensorData.wrap(e.name, e.dtype, e.shape, bytes));
            }
            return new SafetensorsFile(file, Collections.unmodifiableMap(tensors), header.metadata);
        }
    }
}
