package org.simvtp.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointWriterTest {

    static Map<String, Object> extras() {
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("epoch", 7);
        extras.put("arch", "simvtp-tiny ü");
        extras.put("lr", 6.0e-4);
        extras.put("amp", true);
        extras.put("scaler", null);
        extras.put("step", 1L << 40);
        extras.put("delta", -70000);
        return extras;
    }

    @Test
    void roundTripKeepsEveryDTypeAndTheExtraEntries(@TempDir Path dir) throws IOException {
        Map<String, TensorData> tensors = SafetensorsTest.everyDType();
        Path file = dir.resolve("checkpoint-7.pth");
        TorchCheckpointWriter.write(file, "model", tensors, extras());

        TorchCheckpoint ckpt = TorchCheckpointReader.read(file);
        Map<?, ?> root = (Map<?, ?>) ckpt.root();
        assertEquals(
                List.of("model", "epoch", "arch", "lr", "amp", "scaler", "step", "delta"), List.copyOf(root.keySet()));
        assertEquals(7L, ckpt.get("epoch"));
        assertEquals("simvtp-tiny ü", ckpt.get("arch"));
        assertEquals(6.0e-4, ckpt.get("lr"));
        assertEquals(Boolean.TRUE, ckpt.get("amp"));
        assertNull(ckpt.get("scaler"));
        assertEquals(1L << 40, ckpt.get("step"));
        assertEquals(-70000L, ckpt.get("delta"));
        assertTrue(root.get("model") instanceof AttributedMap, "the state dict is an OrderedDict");

        Map<String, TensorData> back = ckpt.stateDict("model");
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.keySet()), "order kept");
        tensors.forEach((name, t) -> {
            assertTrue(t.sameContent(back.get(name)), name);
            assertEquals(name, back.get(name).name());
        });
    }

    @Test
    void bareStateDictIsTheWholePickle(@TempDir Path dir) throws IOException {
        Map<String, TensorData> tensors = SafetensorsTest.everyDType();
        Path file = dir.resolve("weights.pt");
        TorchCheckpointWriter.write(file, null, tensors);
        assertTrue(TorchCheckpointReader.read(file).root() instanceof AttributedMap);
        Map<String, TensorData> back = TorchCheckpointReader.readStateDict(file, null);
        tensors.forEach((name, t) -> assertTrue(t.sameContent(back.get(name)), name));

        assertThrows(
                IllegalArgumentException.class,
                () -> TorchCheckpointWriter.write(dir.resolve("x.pt"), null, tensors, Map.of("epoch", 1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> TorchCheckpointWriter.write(dir.resolve("x.pt"), "model", tensors, Map.of("model", 1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> TorchCheckpointWriter.write(dir.resolve("x.pt"), "model", tensors, Map.of("opt", List.of())));
        assertFalse(Files.exists(dir.resolve("x.pt")));
    }

    @Test
    void zipLayoutIsTorchsWithStorageDataAlignedTo64Bytes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.v2.checkpoint-3.pth");
        TorchCheckpointWriter.write(file, "module", SafetensorsTest.everyDType(), Map.of("epoch", 3));
        byte[] bytes = Files.readAllBytes(file);
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                names.add(e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
            }
            assertEquals(
                    "little",
                    new String(
                            zip.getInputStream(zip.getEntry("run.v2.checkpoint-3/byteorder"))
                                    .readAllBytes(),
                            StandardCharsets.US_ASCII));
            assertEquals(
                    "3\n",
                    new String(
                            zip.getInputStream(zip.getEntry("run.v2.checkpoint-3/version"))
                                    .readAllBytes(),
                            StandardCharsets.US_ASCII));
        }
        List<String> expected =
                new ArrayList<>(List.of("run.v2.checkpoint-3/data.pkl", "run.v2.checkpoint-3/byteorder"));
        for (int i = 0; i < 12; i++) {
            expected.add("run.v2.checkpoint-3/data/" + i);
        }
        expected.add("run.v2.checkpoint-3/version");
        assertEquals(expected, names);

        // walk the local headers: every record's data starts at a multiple of 64
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        for (int i = 0; i < names.size(); i++) {
            assertEquals(0x04034b50, b.getInt(at), "local header " + i);
            int size = b.getInt(at + 22);
            int nameLength = b.getShort(at + 26) & 0xffff;
            int extraLength = b.getShort(at + 28) & 0xffff;
            assertEquals('F', b.get(at + 30 + nameLength));
            assertEquals('B', b.get(at + 31 + nameLength));
            int data = at + 30 + nameLength + extraLength;
            assertEquals(0, data % 64, names.get(i));
            at = data + size;
        }

        Path again = dir.resolve("copy").resolve("run.v2.checkpoint-3.pth");
        TorchCheckpointWriter.write(again, "module", SafetensorsTest.everyDType(), Map.of("epoch", 3));
        assertArrayEquals(bytes, Files.readAllBytes(again), "same input, same bytes");
    }

    @Test
    void archiveFolderIsTheFileNameWithoutExtension() {
        assertEquals("checkpoint-199", TorchCheckpointWriter.archiveName(Path.of("runs/checkpoint-199.pth")));
        assertEquals(
                "mp_rank_00_model_states", TorchCheckpointWriter.archiveName(Path.of("mp_rank_00_model_states.pt")));
        assertEquals("model", TorchCheckpointWriter.archiveName(Path.of("model")));
        assertEquals("archive", TorchCheckpointWriter.archiveName(Path.of(".pth")));
    }

    @Test
    void tensorsArePickledByteForByteAsTorchSaveDoes() throws IOException {
        // The reference checkpoint was written by torch.save({"model": sd, "optimizer": ..., "epoch": 7, ...}).
        // Up to the end of the model's items, our pickle of the same state dict must be identical (memo included).
        Path reference = TorchCheckpointReaderTest.PRETRAIN;
        Map<String, TensorData> sd = TorchCheckpointReader.readStateDict(reference, "model");
        byte[] ours = TorchCheckpointWriter.pickle("model", sd, Map.of("epoch", 7));
        byte[] theirs;
        try (ZipFile zip = new ZipFile(reference.toFile())) {
            theirs = zip.getInputStream(zip.getEntry("pretrain-checkpoint/data.pkl"))
                    .readAllBytes();
        }
        byte[] epochKey = {'X', 5, 0, 0, 0, 'e', 'p', 'o', 'c', 'h'};
        int modelEnd = indexOf(ours, epochKey);
        assertTrue(modelEnd > 5000, "59 tensors pickled before the extras: " + modelEnd);
        assertArrayEquals(java.util.Arrays.copyOf(theirs, modelEnd), java.util.Arrays.copyOf(ours, modelEnd));
    }

    @Test
    void pthToSafetensorsToPthToSafetensorsIsBitExact(@TempDir Path dir) throws IOException {
        Path st1 = dir.resolve("a").resolve("pretrain.safetensors");
        Path st2 = dir.resolve("b").resolve("pretrain.safetensors");
        Path pth = dir.resolve("b").resolve("pretrain-checkpoint.pth"); // same file name: same metadata
        CheckpointConverter.convert(TorchCheckpointReaderTest.PRETRAIN, st1, "model");
        CheckpointConverter.convert(st1, pth, "model");
        CheckpointConverter.convert(pth, st2, "model");
        assertArrayEquals(Files.readAllBytes(st1), Files.readAllBytes(st2));

        Map<String, TensorData> original =
                TorchCheckpointReader.readStateDict(TorchCheckpointReaderTest.PRETRAIN, "model");
        Map<String, TensorData> roundTrip = TorchCheckpointReader.readStateDict(pth, "model");
        assertEquals(original.keySet(), roundTrip.keySet());
        original.forEach((name, t) -> assertTrue(t.sameContent(roundTrip.get(name)), name));
    }

    @Test
    void safetensorsToPthKeepsEveryDType(@TempDir Path dir) throws IOException {
        Path st = dir.resolve("all.safetensors");
        Map<String, TensorData> tensors = SafetensorsTest.everyDType();
        SafetensorsWriter.write(st, tensors, Map.of());
        Path pth = dir.resolve("all.pth");
        Map<String, TensorData> written = SafetensorsToPth.convert(st, "module", pth);
        assertEquals(tensors.keySet(), written.keySet());
        Map<String, TensorData> back = TorchCheckpointReader.readStateDict(pth, "module");
        tensors.forEach((name, t) -> assertTrue(t.sameContent(back.get(name)), name));
    }

    @Test
    void converterChoosesTheDirectionByExtension(@TempDir Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Path st = dir.resolve("ft.safetensors");
        Path pth = dir.resolve("ft.pt");

        assertEquals(
                0,
                CheckpointConverter.run(
                        new String[] {TorchCheckpointReaderTest.FINETUNE.toString(), st.toString()}, o, e),
                err.toString());
        assertEquals(0, CheckpointConverter.run(new String[] {st.toString(), pth.toString(), "--key", "module"}, o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("to " + pth), out.toString());
        assertEquals(2, CheckpointConverter.run(new String[] {st.toString()}, o, e));
        assertEquals(
                2,
                CheckpointConverter.run(
                        new String[] {st.toString(), dir.resolve("x.bin").toString()}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot tell the format"), err.toString());
        assertEquals(
                2,
                CheckpointConverter.run(
                        new String[] {pth.toString(), dir.resolve("y.pth").toString()}, o, e));
        assertEquals(
                1,
                CheckpointConverter.run(
                        new String[] {
                            dir.resolve("missing.safetensors").toString(),
                            dir.resolve("z.pth").toString()
                        },
                        o,
                        e));
    }

    /**
     * CPython (no torch needed) opens the file with zipfile, unpickles data.pkl with an Unpickler
     * whose find_class admits only OrderedDict, _rebuild_tensor_v2 and the storage classes (as
     * stubs), and pickles the result again the way torch.save does: the bytes must be identical.
     */
    private static final String PYTHON_CHECK =
            """
            import collections, hashlib, io, json, pickle, pickletools, struct, sys, types, zipfile

            path, report = sys.argv[1], sys.argv[2]
            z = zipfile.ZipFile(path)
            assert z.testzip() is None, 'bad CRC'
            names = z.namelist()
            top = names[0].split('/')[0]
            raw = open(path, 'rb').read()
            aligned, stored = True, True
            for info in z.infolist():
                h = info.header_offset
                n, e = struct.unpack('<HH', raw[h + 26:h + 30])
                aligned &= (h + 30 + n + e) % 64 == 0
                stored &= info.compress_type == zipfile.ZIP_STORED
            data = z.read(top + '/data.pkl')
            pickletools.dis(data, io.StringIO())

            torch = types.ModuleType('torch')
            utils = types.ModuleType('torch._utils')
            STORAGES = ['FloatStorage', 'HalfStorage', 'BFloat16Storage', 'DoubleStorage', 'LongStorage',
                        'IntStorage', 'ShortStorage', 'CharStorage', 'ByteStorage', 'BoolStorage']
            for s in STORAGES:
                setattr(torch, s, type(s, (), {'__module__': 'torch'}))

            class Tensor:
                def __init__(self, *args):
                    self.args = args
                def __reduce_ex__(self, protocol):
                    return (_rebuild_tensor_v2, self.args)

            def _rebuild_tensor_v2(*args):
                return Tensor(*args)
            _rebuild_tensor_v2.__module__ = 'torch._utils'
            utils._rebuild_tensor_v2 = _rebuild_tensor_v2
            torch._utils = utils
            sys.modules['torch'] = torch
            sys.modules['torch._utils'] = utils

            class Storage:
                def __init__(self, pid):
                    self.pid = pid
                    self.payload = z.read(top + '/data/' + pid[2])

            class Loader(pickle.Unpickler):
                def find_class(self, module, name):
                    if (module, name) == ('collections', 'OrderedDict'):
                        return collections.OrderedDict
                    if (module, name) == ('torch._utils', '_rebuild_tensor_v2'):
                        return _rebuild_tensor_v2
                    if module == 'torch' and name in STORAGES:
                        return getattr(torch, name)
                    raise pickle.UnpicklingError('refused global ' + module + '.' + name)
                def persistent_load(self, pid):
                    assert pid[0] == 'storage' and pid[3] == 'cpu', pid
                    return Storage(pid)

            class Saver(pickle.Pickler):
                def persistent_id(self, obj):
                    return obj.pid if isinstance(obj, Storage) else None

            obj = Loader(io.BytesIO(data)).load()
            again = io.BytesIO()
            Saver(again, protocol=2).dump(obj)

            model = obj['model']
            tensors = {}
            for name, t in model.items():
                storage, offset, size, stride, requires_grad, hooks = t.args
                tensors[name] = {'storage': storage.pid[1].__name__, 'key': storage.pid[2], 'numel': storage.pid[4],
                                 'offset': offset, 'size': list(size), 'stride': list(stride),
                                 'requires_grad': requires_grad, 'hooks': type(hooks).__name__ + str(len(hooks)),
                                 'sha256': hashlib.sha256(storage.payload).hexdigest()}
            json.dump({'top': top, 'aligned': aligned, 'stored': stored, 'identical': again.getvalue() == data,
                       'model_type': type(model).__name__, 'keys': list(obj.keys()),
                       'extras': {k: v for k, v in obj.items() if k != 'model'}, 'tensors': tensors},
                      open(report, 'w'))
            """;

    @Test
    void cpythonUnpicklesTheFileAndPicklesItBackToTheSameBytes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("python3"), "python3 is not on the PATH");
        Map<String, TensorData> tensors = SafetensorsTest.everyDType();
        Path file = dir.resolve("checkpoint-7.pth");
        TorchCheckpointWriter.write(file, "model", tensors, extras());
        Path script = Files.writeString(dir.resolve("check.py"), PYTHON_CHECK);
        Path report = dir.resolve("report.json");
        Process python = new ProcessBuilder("python3", script.toString(), file.toString(), report.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, python.exitValue(), output);

        JsonObject r = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        assertEquals("checkpoint-7", r.get("top").getAsString());
        assertTrue(r.get("aligned").getAsBoolean(), "record data aligned to 64 bytes");
        assertTrue(r.get("stored").getAsBoolean(), "records uncompressed");
        assertTrue(r.get("identical").getAsBoolean(), "CPython pickles the same object graph to the same bytes");
        assertEquals("OrderedDict", r.get("model_type").getAsString());
        assertEquals(
                "[\"model\",\"epoch\",\"arch\",\"lr\",\"amp\",\"scaler\",\"step\",\"delta\"]",
                r.get("keys").toString());
        JsonObject ex = r.getAsJsonObject("extras");
        assertEquals(7, ex.get("epoch").getAsLong());
        assertEquals("simvtp-tiny ü", ex.get("arch").getAsString());
        assertEquals(6.0e-4, ex.get("lr").getAsDouble());
        assertTrue(ex.get("amp").getAsBoolean());
        assertTrue(ex.get("scaler").isJsonNull());
        assertEquals(1L << 40, ex.get("step").getAsLong());
        assertEquals(-70000, ex.get("delta").getAsLong());

        JsonObject py = r.getAsJsonObject("tensors");
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(py.keySet()));
        int index = 0;
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            TensorData t = e.getValue();
            JsonObject p = py.getAsJsonObject(e.getKey());
            assertEquals(TorchGlobals.storageName(t.dtype()), p.get("storage").getAsString(), e.getKey());
            assertEquals(String.valueOf(index++), p.get("key").getAsString());
            assertEquals(t.numel(), p.get("numel").getAsLong());
            assertEquals(0, p.get("offset").getAsLong());
            assertEquals(
                    java.util.Arrays.toString(t.shape()).replace(" ", ""),
                    p.get("size").toString());
            assertFalse(p.get("requires_grad").getAsBoolean());
            assertEquals("OrderedDict0", p.get("hooks").getAsString());
            assertEquals(sha256(t), p.get("sha256").getAsString(), e.getKey());
        }
        assertEquals("[5,1]", py.getAsJsonObject("empty").get("stride").toString());
        assertEquals("[3,1]", py.getAsJsonObject("u8").get("stride").toString());
    }

    private static boolean onPath(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(TensorData t) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(t.data());
        return HexFormat.of().formatHex(digest.digest());
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
