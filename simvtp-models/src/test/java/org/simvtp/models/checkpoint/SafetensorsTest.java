package org.simvtp.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    private static final Path INPUTS = TorchCheckpointReaderTest.resource("inputs.safetensors");
    private static final Path EXPECTED = TorchCheckpointReaderTest.resource("expected.safetensors");

    // ------------------------------------------------------------------ reference files

    @Test
    void readsTheParityBundle() throws IOException {
        SafetensorsFile inputs = SafetensorsReader.read(INPUTS);
        assertEquals(
                List.of(
                        "attention_mask",
                        "input_ids",
                        "mask",
                        "mlm_labels",
                        "raw_input_ids",
                        "video",
                        "vtm_negative_index"),
                List.copyOf(inputs.tensors().keySet()));
        assertTrue(inputs.metadata().isEmpty());
        TensorData video = inputs.tensor("video");
        assertEquals(DType.F32, video.dtype());
        assertArrayEquals(new long[] {3, 3, 4, 64, 64}, video.shape());
        float[] v = video.toFloatArray();
        assertEquals(-0.11277901381254196f, v[0]);
        assertEquals(0.5490527153015137f, v[1]);
        assertEquals(-1.0394431352615356f, v[v.length - 1]);
        assertEquals(DType.I64, inputs.tensor("input_ids").dtype());
        assertEquals(101L, inputs.tensor("input_ids").toLongArray()[0]);
        assertEquals(103L, inputs.tensor("input_ids").toLongArray()[1]);
        assertEquals(DType.U8, inputs.tensor("mask").dtype());
        assertArrayEquals(new long[] {3, 32}, inputs.tensor("mask").shape());
        assertThrows(IllegalArgumentException.class, () -> inputs.tensor("nope"));

        SafetensorsFile expected = SafetensorsReader.read(EXPECTED);
        assertEquals(29, expected.tensors().size());
        assertArrayEquals(
                new long[] {3, 28, 1536}, expected.tensor("decoder_pred").shape());
        float[] sim = expected.tensor("ft_sim").toFloatArray();
        assertEquals(0.4875478446483612f, sim[0]);
        assertEquals(0.43039020895957947f, sim[8]);
    }

    @Test
    void memoryMappedAndHeapReadsAgree() throws IOException {
        SafetensorsFile heap = SafetensorsReader.read(EXPECTED, Long.MAX_VALUE);
        SafetensorsFile mapped = SafetensorsReader.read(EXPECTED, 1);
        assertTrue(mapped.tensor("decoder_pred").data() instanceof MappedByteBuffer
                || mapped.tensor("decoder_pred").data().isDirect());
        assertFalse(heap.tensor("decoder_pred").data().isDirect());
        assertEquals(heap.tensors(), mapped.tensors());
    }

    @Test
    void rewritingTheReferenceFileGivesIdenticalBytes(@TempDir Path dir) throws IOException {
        SafetensorsFile inputs = SafetensorsReader.read(INPUTS);
        Path copy = dir.resolve("copy.safetensors");
        SafetensorsWriter.write(copy, inputs.tensors(), Map.of());
        assertArrayEquals(Files.readAllBytes(INPUTS), Files.readAllBytes(copy));
    }

    @Test
    @Tag("slow") // relies on sparse files: 2 GiB of zeros cost no disk on ext4/tmpfs/xfs
    void readsTensorsBeyondTheTwoGibibyteMark(@TempDir Path dir) throws IOException {
        long big = TensorData.MAX_BYTES - 7; // 2^31 - 16 bytes of U8
        String header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[" + big + "],\"data_offsets\":[0," + big + "]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[" + big + "," + (big + 16) + "]},"
                + "\"c\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[" + (big + 16) + "," + (big + 32)
                + "]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("sparse.safetensors");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer head = ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(json.length).put(json).flip();
            channel.write(head);
            long data = 8 + json.length;
            channel.write(ByteBuffer.wrap(TorchZip.floats(1, 2, 3, 4, 5, 6, 7, 8)), data + big);
        }
        assertTrue(Files.size(file) > (1L << 31) + 16);

        SafetensorsFile read = SafetensorsReader.read(file);
        assertEquals(big, read.tensor("a").byteSize());
        assertEquals(0, read.tensor("a").data().get((int) big - 1));
        assertArrayEquals(new float[] {1, 2, 3, 4}, read.tensor("b").toFloatArray());
        assertArrayEquals(new float[] {5, 6, 7, 8}, read.tensor("c").toFloatArray());
        assertArrayEquals(new long[] {2, 2}, read.tensor("c").shape());
    }

    // ------------------------------------------------------------------ round trips

    static Map<String, TensorData> everyDType() {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("f64", tensor(DType.F64, new long[] {3}, b -> {
            b.putDouble(Math.PI).putDouble(-0.0).putDouble(Double.longBitsToDouble(0x7ff8000000000123L));
        }));
        t.put("f32", TensorData.ofFloats("ignored", new long[] {2, 2}, new float[] {
            1.5f, Float.MIN_VALUE, Float.NaN, Float.NEGATIVE_INFINITY
        }));
        t.put("f16", tensor(DType.F16, new long[] {4}, b -> {
            b.putShort((short) 0x3c00)
                    .putShort((short) 0x8001)
                    .putShort((short) 0x7e01)
                    .putShort((short) 0xfbff);
        }));
        t.put("bf16", tensor(DType.BF16, new long[] {2}, b -> b.putShort((short) 0x3f80)
                .putShort((short) 0xc0a0)));
        t.put("i64", TensorData.ofLongs("", new long[] {2}, new long[] {Long.MIN_VALUE, 42}));
        t.put("i32", tensor(DType.I32, new long[] {2}, b -> b.putInt(-7).putInt(Integer.MAX_VALUE)));
        t.put("i16", tensor(DType.I16, new long[] {1}, b -> b.putShort((short) -300)));
        t.put("i8", tensor(DType.I8, new long[] {3}, b -> b.put((byte) -1)
                .put((byte) 2)
                .put((byte) 127)));
        t.put("u8", tensor(DType.U8, new long[] {1, 3}, b -> b.put((byte) 200)
                .put((byte) 0)
                .put((byte) 255)));
        t.put("bool", tensor(DType.BOOL, new long[] {2}, b -> b.put((byte) 1).put((byte) 0)));
        t.put("scalar", TensorData.ofFloats("", new long[0], new float[] {3f}));
        t.put("empty", TensorData.ofFloats("", new long[] {0, 5}, new float[0]));
        return t;
    }

    static TensorData tensor(DType dtype, long[] shape, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate((int) (TensorData.numelOf(shape) * dtype.byteSize()))
                .order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        b.flip();
        return TensorData.of("", dtype, shape, b);
    }

    @Test
    void roundTripIsBitExactForEveryDType(@TempDir Path dir) throws IOException {
        Map<String, TensorData> tensors = everyDType();
        Map<String, String> metadata = Map.of("format", "pt", "note", "ünïcode \"quoted\"");
        Path file = dir.resolve("all.safetensors");
        SafetensorsWriter.write(file, tensors, metadata);

        SafetensorsFile read = SafetensorsReader.read(file);
        assertEquals(metadata, read.metadata());
        assertEquals(
                tensors.keySet().stream().sorted().collect(Collectors.toList()),
                List.copyOf(read.tensors().keySet()),
                "tensors are laid out in name order");
        tensors.forEach((name, t) -> {
            TensorData back = read.tensor(name);
            assertTrue(t.sameContent(back), name);
            assertEquals(name, back.name());
        });

        byte[] bytes = Files.readAllBytes(file);
        long headerLength =
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\""), header);
        String json = header.stripTrailing();
        assertTrue(json.endsWith("}"), header);
        assertEquals(" ".repeat(header.length() - json.length()), header.substring(json.length()), "space padding");
        assertTrue(header.length() - json.length() < 8);

        Path again = dir.resolve("again.safetensors");
        SafetensorsWriter.write(again, new LinkedHashMap<>(tensors), new LinkedHashMap<>(metadata));
        assertArrayEquals(bytes, Files.readAllBytes(again), "same input, same bytes");
    }

    @Test
    void interoperatesWithDjlSafetensorsCodec(@TempDir Path dir) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1, -2, 3.5f, 4, 5, 6}, new Shape(2, 3));
            w.setName("w");
            NDArray ids = manager.create(new long[] {7, 8, 9});
            ids.setName("ids");
            NDArray half = manager.create(new float[] {0.5f, -1f}).toType(DataType.FLOAT16, false);
            half.setName("half");

            // ours → DJL
            Path ours = dir.resolve("ours.safetensors");
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            arrays.put("w", w);
            arrays.put("ids", ids);
            arrays.put("half", half);
            SafetensorsWriter.writeArrays(ours, arrays, Map.of("producer", "simvtp"));
            NDList decoded = NDList.decode(manager, Files.readAllBytes(ours));
            assertEquals(w, decoded.get("w"));
            assertEquals(ids, decoded.get("ids"));
            assertEquals(DataType.FLOAT16, decoded.get("half").getDataType());
            assertEquals(half, decoded.get("half"));

            // DJL → ours
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new NDList(w, ids, half).encode(out, NDList.Encoding.SAFETENSORS);
            Path theirs = Files.write(dir.resolve("djl.safetensors"), out.toByteArray());
            SafetensorsFile read = SafetensorsReader.read(theirs);
            assertArrayEquals(w.toFloatArray(), read.tensor("w").toFloatArray());
            assertArrayEquals(new long[] {7, 8, 9}, read.tensor("ids").toLongArray());
            assertEquals(DType.F16, read.tensor("half").dtype());
            assertArrayEquals(new float[] {0.5f, -1f}, read.tensor("half").toFloatArray());
            Map<String, NDArray> back = read.toNDArrays(manager);
            assertEquals(w, back.get("w"));
        }
    }

    // ------------------------------------------------------------------ atomic writes

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporaryFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.safetensors");
        SafetensorsWriter.write(file, everyDType(), null);
        byte[] before = Files.readAllBytes(file);

        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray good = manager.create(new float[] {1, 2});
            NDArray closed = manager.create(new float[] {3, 4});
            closed.close();
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            arrays.put("a", good);
            arrays.put("b", closed);
            assertThrows(RuntimeException.class, () -> SafetensorsWriter.writeArrays(file, arrays, Map.of()));
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.collect(Collectors.toList()));
        }

        IOException failure = assertThrows(
                IOException.class,
                () -> AtomicFiles.write(file, channel -> {
                    channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                    throw new IOException("disk full");
                }));
        assertEquals("disk full", failure.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.collect(Collectors.toList()), "temporary file removed");
        }

        SafetensorsWriter.write(file, Map.of("x", TensorData.ofFloats("x", new long[] {1}, new float[] {9})), Map.of());
        assertArrayEquals(
                new float[] {9}, SafetensorsReader.read(file).tensor("x").toFloatArray());
        assertThrows(
                IllegalArgumentException.class,
                () -> SafetensorsWriter.write(
                        file,
                        Map.of("__metadata__", TensorData.ofFloats("", new long[] {1}, new float[] {1})),
                        Map.of()));
    }

    // ------------------------------------------------------------------ hostile files

    @Test
    void refusesTruncatedAndForgedFiles(@TempDir Path dir) throws IOException {
        byte[] real = Files.readAllBytes(INPUTS);
        assertFormatError(write(dir, "half", Arrays.copyOf(real, real.length / 2)), "run past the");
        assertFormatError(write(dir, "empty", new byte[0]), "too short");
        assertFormatError(write(dir, "tiny", new byte[] {1, 2, 3}), "too short");
        assertFormatError(write(dir, "beyond", Arrays.copyOf(real, 300)), "runs past the end of the 300-byte file");
        byte[] huge = Arrays.copyOf(real, 64);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 200_000_000L);
        assertFormatError(write(dir, "huge", huge), "outside 2..100000000");
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        assertFormatError(write(dir, "negative", huge), "header length 18446744073709551615");
        assertFormatError(write(dir, "text", "not a safetensors file at all".getBytes()), "");
    }

    @Test
    void refusesInconsistentHeaders(@TempDir Path dir) throws IOException {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        assertFormatError(forge(dir, ok + "}", 8), null);
        assertFormatError(
                forge(dir, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4),
                "run past the 4-byte data section");
        assertFormatError(
                forge(dir, "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
                "tensor 'a' F32[3] needs 12 bytes but data_offsets are [0, 8]");
        assertFormatError(
                forge(dir, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8),
                "data_offsets are [8, 0]");
        assertFormatError(
                forge(dir, ok + ",\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[4,8]}}", 8),
                "tensor 'b' starts at 4 inside the data of 'a'");
        assertFormatError(
                forge(dir, ok + ",\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[12,16]}}", 16),
                "leaving a gap after 'a'");
        assertFormatError(forge(dir, ok + "}", 12), "tensors cover 8 bytes but the data section has 12");
        assertFormatError(
                forge(dir, "{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8),
                "unsupported dtype 'C64'");
        assertFormatError(forge(dir, ok + "," + ok.substring(1) + "}", 8), "duplicate key 'a'");
        assertFormatError(forge(dir, "{\"__metadata__\":{\"k\":1}," + ok.substring(1) + "}", 8), "not a string");
        assertFormatError(
                forge(dir, "{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8), "negative number");
        assertFormatError(
                forge(dir, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8), "needs dtype, shape and data_offsets");
        assertFormatError(
                forge(
                        dir,
                        "{\"a\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296]," + "\"data_offsets\":[0,8]}}",
                        8),
                "exceeds the 2 GiB limit");
        assertFormatError(forge(dir, "[1,2]", 0), "does not start with '{'");
        assertFormatError(forge(dir, "{\"a\":{\"dtype\":\"F32\",'shape':[2]}}", 8), "invalid JSON header");
        assertFormatError(forge(dir, ok + "} {}", 8), "invalid JSON header");
    }

    private static int counter;

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name + "-" + (counter++) + ".safetensors"), bytes);
    }

    private static Path forge(Path dir, String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        return write(dir, "forged", b.array());
    }

    /** Asserts a typed error naming the file; {@code null} text means the file must be valid. */
    private static void assertFormatError(Path file, String text) throws IOException {
        if (text == null) {
            assertEquals(1, SafetensorsReader.read(file).tensors().size());
            return;
        }
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> SafetensorsReader.read(file));
        assertTrue(e.getMessage().contains(text), () -> "expected '" + text + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }
}
