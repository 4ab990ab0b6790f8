package org.simvtp.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointReaderTest {

    static Path resource(String name) {
        try {
            return Path.of(
                    TorchCheckpointReaderTest.class.getResource("/io/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static final Path PRETRAIN = resource("pretrain-checkpoint.pth");
    static final Path FINETUNE = resource("finetune-model_states.pt");

    // ------------------------------------------------------------------ real reference files

    @Test
    void readsThePretrainingCheckpoint() throws IOException {
        TorchCheckpoint ckpt = TorchCheckpointReader.read(PRETRAIN);
        Map<?, ?> root = (Map<?, ?>) ckpt.root();
        assertEquals(List.of("model", "optimizer", "epoch", "scaler", "args"), List.copyOf(root.keySet()));
        assertEquals(7L, ckpt.get("epoch"));
        assertNull(ckpt.get("scaler"));

        InertObject args = assertInstanceOf(InertObject.class, ckpt.get("args"));
        assertEquals("argparse.Namespace", args.qualifiedName());
        assertEquals("pretrain_simvtp_base_patch16_224", args.get("model"));
        assertEquals(0.9, args.get("mask_ratio"));
        assertEquals(1L, args.get("decoder_depth"));
        assertEquals(16L, args.get("batch_size"));

        Map<?, ?> optimizer = (Map<?, ?>) ckpt.get("optimizer");
        assertEquals(Map.of(), optimizer.get("state"));
        assertEquals(List.of(Map.of("lr", 0.0006, "weight_decay", 0.05)), optimizer.get("param_groups"));

        AttributedMap model = assertInstanceOf(AttributedMap.class, ckpt.get("model"));
        assertTrue(model.attributes().get("_metadata") instanceof Map, "state dict keeps its _metadata");

        Map<String, TensorData> sd = ckpt.stateDict("model");
        assertEquals(59, sd.size());
        sd.forEach((name, t) -> assertEquals(name, t.name()));
        assertEquals(sd, ckpt.stateDictAuto());

        TensorData mask = sd.get("mask_token");
        assertEquals(DType.F32, mask.dtype());
        assertArrayEquals(new long[] {1, 1, 32}, mask.shape());
        float[] m = mask.toFloatArray();
        assertEquals(-0.023336803540587425f, m[0]);
        assertEquals(-0.022174449637532234f, m[1]);
        assertEquals(0.06086640805006027f, m[2]);
        assertEquals(-0.21988065540790558f, m[31]);

        TensorData patch = sd.get("encoder.patch_embed.proj.weight");
        assertArrayEquals(new long[] {64, 3, 2, 16, 16}, patch.shape());
        float[] p = patch.toFloatArray();
        assertEquals(-0.0031707333400845528f, p[0]);
        assertEquals(-0.029894262552261353f, p[p.length - 1]);

        TensorData positions = sd.get("text_embeddings.position_ids");
        assertEquals(DType.I64, positions.dtype());
        assertArrayEquals(new long[] {1, 512}, positions.shape());
        long[] ids = positions.toLongArray();
        for (int i = 0; i < ids.length; i++) {
            assertEquals(i, ids[i]);
        }
        assertArrayEquals(
                new float[] {0.0052430289797484875f, 0.00692408112809062f},
                sd.get("vtm_head.bias").toFloatArray());
    }

    @Test
    void readsTheDeepSpeedFineTuneStateDictAsHalfPrecision() throws IOException {
        Map<String, TensorData> sd = TorchCheckpointReader.readStateDict(FINETUNE, null);
        assertEquals(72, sd.size());
        for (TensorData t : sd.values()) {
            assertEquals(t.name().endsWith("position_ids") ? DType.I64 : DType.F16, t.dtype(), t.name());
        }
        assertEquals(sd, TorchCheckpointReader.readStateDict(FINETUNE, "module"));

        TensorData w = sd.get("video_encoder.patch_embed.proj.weight");
        assertArrayEquals(new long[] {64, 3, 2, 16, 16}, w.shape());
        float[] v = w.toFloatArray();
        assertEquals(-0.003170013427734375f, v[0]);
        assertEquals(0.01018524169921875f, v[1]);
        assertEquals(-0.0298919677734375f, v[v.length - 1]);
        float[] b = sd.get("text_encoder.text_embeddings.LayerNorm.bias").toFloatArray();
        assertEquals(-0.004085540771484375f, b[0]);
        assertEquals(-0.022491455078125f, b[63]);

        TorchCheckpoint ckpt = TorchCheckpointReader.read(FINETUNE);
        assertEquals(1234L, ckpt.get("global_steps"));
        assertEquals(sd, ckpt.stateDictAuto());
    }

    @Test
    void checkpointTensorsBecomeNDArrays() throws IOException {
        Map<String, TensorData> pre = TorchCheckpointReader.readStateDict(PRETRAIN, "model");
        Map<String, TensorData> fine = TorchCheckpointReader.readStateDict(FINETUNE, "module");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray mask = pre.get("mask_token").toNDArray(manager);
            assertEquals(DataType.FLOAT32, mask.getDataType());
            assertEquals(new Shape(1, 1, 32), mask.getShape());
            assertEquals("mask_token", mask.getName());
            assertArrayEquals(pre.get("mask_token").toFloatArray(), mask.toFloatArray());

            NDArray ids = pre.get("text_embeddings.position_ids").toNDArray(manager);
            assertEquals(DataType.INT64, ids.getDataType());
            assertEquals(511L, ids.get(0, 511).getLong());

            TensorData half = fine.get("video_encoder.patch_embed.proj.weight");
            NDArray widened = half.toNDArray(manager);
            assertEquals(DataType.FLOAT32, widened.getDataType());
            assertArrayEquals(half.toFloatArray(), widened.toFloatArray());
            NDArray exact = half.toNDArrayExact(manager);
            assertEquals(DataType.FLOAT16, exact.getDataType());
            assertArrayEquals(
                    half.toFloatArray(), exact.toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    // ------------------------------------------------------------------ crafted archives

    private static final float[] STORAGE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

    @Test
    void honoursOffsetsAndArbitraryStrides(@TempDir Path dir) throws IOException {
        String[] names = {"transposed", "broadcast", "slice", "scalar", "empty", "half"};
        byte[] pickle = PickleBytes.torchStateDict(
                        names,
                        new String[] {
                            "FloatStorage",
                            "FloatStorage",
                            "FloatStorage",
                            "FloatStorage",
                            "FloatStorage",
                            "HalfStorage"
                        },
                        new String[] {"0", "0", "0", "0", "0", "1"},
                        new long[] {12, 12, 12, 12, 12, 4},
                        new long[] {1, 4, 9, 2, 12, 1},
                        new long[][] {{2, 3}, {2, 2}, {3}, {}, {0, 3}, {2}},
                        new long[][] {{1, 2}, {0, 1}, {1}, {}, {3, 1}, {2}})
                .bytes();
        Path file = new TorchZip("weird_name-1")
                .pickle(pickle)
                .storage("0", TorchZip.floats(STORAGE))
                .storage("1", TorchZip.halves(0x3c00, 0xc000, 0x7bff, 0x0001))
                .entry("weird_name-1/byteorder", "little".getBytes())
                .write(dir.resolve("crafted.pt"));

        Map<String, TensorData> sd = TorchCheckpointReader.read(file).stateDictAuto();
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, sd.get("transposed").toFloatArray());
        assertArrayEquals(new long[] {2, 3}, sd.get("transposed").shape());
        assertArrayEquals(new float[] {4, 5, 4, 5}, sd.get("broadcast").toFloatArray());
        assertArrayEquals(new float[] {9, 10, 11}, sd.get("slice").toFloatArray());
        assertArrayEquals(new float[] {2}, sd.get("scalar").toFloatArray());
        assertEquals(0, sd.get("scalar").shape().length);
        assertEquals(0, sd.get("empty").numel());
        // fp16 [offset 1, stride 2]: elements 1 and 3 = -2.0 and the smallest subnormal
        assertArrayEquals(new float[] {-2f, 0x1p-24f}, sd.get("half").toFloatArray());
    }

    @Test
    void parameterWrapperAndCyclicGraphs(@TempDir Path dir) throws IOException {
        PickleBytes p = new PickleBytes().proto(2).emptyDict().mark();
        p.str("weight").global("torch._utils", "_rebuild_parameter").mark();
        p.global("torch._utils", "_rebuild_tensor_v2").mark();
        p.mark()
                .str("storage")
                .global("torch", "FloatStorage")
                .str("0")
                .str("cpu")
                .integer(12)
                .tuple()
                .op('Q');
        p.integer(0)
                .intTuple(12)
                .intTuple(1)
                .op(0x89)
                .global("collections", "OrderedDict")
                .emptyTuple()
                .reduce();
        p.tuple().reduce(); // the tensor
        p.op(0x88)
                .global("collections", "OrderedDict")
                .emptyTuple()
                .reduce()
                .tuple()
                .reduce(); // Parameter
        p.str("loop").emptyList().op('q').raw(0).op('h').raw(0).op('a'); // a list that contains itself
        byte[] pickle = p.op('u').stop().bytes();
        Path file = new TorchZip("archive")
                .pickle(pickle)
                .storage("0", TorchZip.floats(STORAGE))
                .write(dir.resolve("param.pth"));

        TorchCheckpoint ckpt = TorchCheckpointReader.read(file);
        TensorData weight = assertInstanceOf(TensorData.class, ckpt.get("weight"));
        assertArrayEquals(STORAGE, weight.toFloatArray());
        List<?> loop = (List<?>) ckpt.get("loop");
        assertSame(loop, loop.get(0));
    }

    // ------------------------------------------------------------------ hostile files

    @Test
    void refusesCodeInDataPklWithoutRunningIt(@TempDir Path dir) throws IOException {
        Path marker = dir.resolve("pwned");
        byte[] pickle = new PickleBytes()
                .proto(2)
                .global("posix", "system")
                .str("touch " + marker)
                .op(0x85)
                .reduce()
                .stop()
                .bytes();
        Path file = new TorchZip("archive").pickle(pickle).write(dir.resolve("evil.pth"));
        UnsafeCheckpointException e =
                assertThrows(UnsafeCheckpointException.class, () -> TorchCheckpointReader.read(file));
        assertEquals("posix.system", e.global());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("archive/data.pkl"), e.getMessage());
        assertFalse(Files.exists(marker));
    }

    @Test
    void refusesTruncatedArchives(@TempDir Path dir) throws IOException {
        byte[] real = Files.readAllBytes(PRETRAIN);
        Path half = Files.write(dir.resolve("half.pth"), Arrays.copyOf(real, real.length / 2));
        assertFormatError(half, "corrupt or truncated zip archive");
    }

    @Test
    void refusesStorageWhoseDeclaredSizeExceedsItsData(@TempDir Path dir) throws IOException {
        byte[] pickle = tensorPickle(100, 0, new long[] {100}, new long[] {1});
        Path file = zipWith(dir, pickle);
        assertFormatError(file, "holds 48 bytes but its persistent id declares 100 x F32 = 400 bytes");
    }

    @Test
    void refusesViewsOutsideTheirStorageAndHugeShapes(@TempDir Path dir) throws IOException {
        assertFormatError(
                zipWith(dir, tensorPickle(12, 0, new long[] {13}, new long[] {1})),
                "needs 13 elements but storage 0 (F32 x 12) has only 12");
        assertFormatError(zipWith(dir, tensorPickle(12, 11, new long[] {2}, new long[] {1})), "needs 13 elements");
        assertFormatError(zipWith(dir, tensorPickle(12, 0, new long[] {3, 4}, new long[] {5, 1})), "needs 14 elements");
        assertFormatError(
                zipWith(dir, tensorPickle(12, 0, new long[] {1L << 20, 1L << 20, 1L << 20}, new long[] {0, 0, 0})),
                "exceeds the 2 GiB limit");
        assertFormatError(zipWith(dir, tensorPickle(12, 0, new long[] {2, 2}, new long[] {1})), "differ in rank");
        assertFormatError(zipWith(dir, tensorPickle(12, 0, new long[] {2}, new long[] {-1})), "negative stride");
        assertFormatError(zipWith(dir, tensorPickle(1L << 62, 0, new long[] {2}, new long[] {1})), "impossible size");
    }

    @Test
    void refusesViewsThatRepeatStorageDataFarBeyondTheFile(@TempDir Path dir) throws IOException {
        // 48 bytes of storage, one 128 MiB broadcast view: refused before anything is allocated
        assertFormatError(
                zipWith(dir, tensorPickle(12, 0, new long[] {8192, 4096}, new long[] {0, 0})),
                "more than twice the file size plus 67108864");
        // a modest broadcast view is fine
        Path small = zipWith(dir, tensorPickle(12, 0, new long[] {1000, 4}, new long[] {0, 1}));
        assertEquals(
                4000, TorchCheckpointReader.readStateDict(small, null).get("w").numel());
    }

    @Test
    void refusesDeflatedEntriesDeclaringMoreThanDeflateCanProduce(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bomb.pth");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("bomb/data.pkl"));
            zip.write(tensorPickle(1 << 28, 0, new long[] {1 << 28}, new long[] {1}));
            zip.putNextEntry(new java.util.zip.ZipEntry("bomb/data/0"));
            zip.write(new byte[4096]);
            zip.closeEntry();
        }
        byte[] bytes = Files.readAllBytes(file);
        patchCentralUncompressedSize(bytes, "bomb/data/0", 1 << 30);
        Files.write(file, bytes);
        assertFormatError(file, "more than deflate can produce");
    }

    @Test
    void refusesFilesThatAreNotTorchArchives(@TempDir Path dir) throws IOException {
        assertFormatError(Files.write(dir.resolve("empty.pth"), new byte[0]), "empty file");
        assertFormatError(Files.writeString(dir.resolve("text.pth"), "hello, not a zip"), "not a zip archive");
        byte[] legacy = new byte[32];
        legacy[0] = (byte) 0x80;
        legacy[1] = 2;
        byte[] magic = {
            (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19
        };
        System.arraycopy(magic, 0, legacy, 2, magic.length);
        assertFormatError(Files.write(dir.resolve("legacy.pth"), legacy), "legacy torch.save format");
        assertFormatError(
                new TorchZip("a").entry("a/other.pkl", new byte[] {'.'}).write(dir.resolve("no.pth")),
                "no '<folder>/data.pkl' entry");
        assertFormatError(
                new TorchZip("a")
                        .pickle(new byte[] {'N', '.'})
                        .entry("b/data.pkl", new byte[] {'N', '.'})
                        .write(dir.resolve("two.pth")),
                "several data.pkl entries");
        assertFormatError(
                new TorchZip("a")
                        .pickle(new byte[] {'N', '.'})
                        .entry("a/byteorder", "big".getBytes())
                        .write(dir.resolve("big.pth")),
                "big-endian");
        byte[] pickle = tensorPickle(12, 0, new long[] {12}, new long[] {1});
        assertFormatError(
                new TorchZip("a").pickle(pickle).write(dir.resolve("missing.pth")),
                "storage entry a/data/0 is missing");
        assertThrows(
                java.nio.file.NoSuchFileException.class, () -> TorchCheckpointReader.read(dir.resolve("absent.pth")));
    }

    @Test
    void refusesEntriesDeclaringMoreBytesThanTheFileHolds(@TempDir Path dir) throws IOException {
        byte[] pickle = tensorPickle(1_000_000, 0, new long[] {12}, new long[] {1});
        Path file = zipWith(dir, pickle);
        byte[] zip = Files.readAllBytes(file);
        patchCentralSizes(zip, "archive/data/0", 4_000_000);
        Files.write(file, zip);
        assertFormatError(file, "archive/data/0");
    }

    @Test
    void reportsMissingOrWrongStateDictKeys() throws IOException {
        TorchCheckpoint ckpt = TorchCheckpointReader.read(PRETRAIN);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> ckpt.stateDict("nope"));
        assertTrue(
                e.getMessage().contains("no top-level key 'nope'; top-level keys: [model, optimizer"), e.getMessage());
        e = assertThrows(CheckpointFormatException.class, () -> ckpt.stateDict("optimizer"));
        assertTrue(e.getMessage().contains("'optimizer' is not a state dict"), e.getMessage());
        e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpointReader.readStateDict(PRETRAIN, "epoch"));
        assertTrue(e.getMessage().startsWith(PRETRAIN + ": 'epoch' holds int 7"), e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] tensorPickle(long numel, long offset, long[] size, long[] stride) {
        return PickleBytes.torchStateDict(
                        new String[] {"w"},
                        new String[] {"FloatStorage"},
                        new String[] {"0"},
                        new long[] {numel},
                        new long[] {offset},
                        new long[][] {size},
                        new long[][] {stride})
                .bytes();
    }

    private static int counter;

    private static Path zipWith(Path dir, byte[] pickle) throws IOException {
        return new TorchZip("archive")
                .pickle(pickle)
                .storage("0", TorchZip.floats(STORAGE))
                .write(dir.resolve("crafted-" + (counter++) + ".pth"));
    }

    private static void assertFormatError(Path file, String text) {
        CheckpointFormatException e =
                assertThrows(CheckpointFormatException.class, () -> TorchCheckpointReader.read(file));
        assertTrue(e.getMessage().contains(text), () -> "expected '" + text + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertEquals(file, e.file());
    }

    /** Rewrites the uncompressed size of one entry in the zip central directory. */
    private static void patchCentralUncompressedSize(byte[] zip, String entryName, int size) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 < zip.length; i++) {
            if (b.getInt(i) == 0x02014b50 && new String(zip, i + 46, b.getShort(i + 28) & 0xffff).equals(entryName)) {
                b.putInt(i + 24, size);
                return;
            }
        }
        throw new IllegalStateException("entry not found: " + entryName);
    }

    /** Rewrites the sizes of one entry in the zip central directory. */
    private static void patchCentralSizes(byte[] zip, String entryName, int size) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 < zip.length; i++) {
            if (b.getInt(i) == 0x02014b50) {
                int nameLength = b.getShort(i + 28) & 0xffff;
                String name = new String(zip, i + 46, nameLength);
                if (name.equals(entryName)) {
                    b.putInt(i + 20, size);
                    b.putInt(i + 24, size);
                    return;
                }
            }
        }
        throw new IllegalStateException("entry not found: " + entryName);
    }
}
