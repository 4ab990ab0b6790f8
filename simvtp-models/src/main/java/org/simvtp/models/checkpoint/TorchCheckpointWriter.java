package org.simvtp.models.checkpoint;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a state dict as a genuine {@code torch.save} file (the zip format of PyTorch 1.6 and
 * later), keeping every element type, so that {@code torch.load} (also with {@code mmap=True} and
 * {@code weights_only=True}) reads it back as an {@code OrderedDict} of tensors.
 *
 * <p>Layout, as PyTorch writes it: {@code <archive>/data.pkl} (pickle protocol 2),
 * {@code <archive>/byteorder} ({@code little}), one {@code <archive>/data/<n>} record per tensor and
 * {@code <archive>/version} ({@code 3}); records are stored uncompressed with their data aligned to
 * 64 bytes. The archive folder is the file name without its extension. Each tensor is pickled as
 * {@code torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())} with a
 * contiguous stride and a persistent storage id {@code ('storage', torch.<Type>Storage, '<n>',
 * 'cpu', numel)}. The file is written atomically ({@link AtomicFiles}).
 *
 * <pre>{@code
 * // torch.save({"model": state_dict, "epoch": 7}, "checkpoint-7.pth")
 * TorchCheckpointWriter.write(Path.of("checkpoint-7.pth"), "model", stateDict, Map.of("epoch", 7));
 * // torch.save(state_dict, "weights.pt")
 * TorchCheckpointWriter.write(Path.of("weights.pt"), null, stateDict);
 * }</pre>
 */
public final class TorchCheckpointWriter {

    /** Content of the {@code version} record (serialization format 3). */
    static final String FORMAT_VERSION = "3\n";

    private static final PickleWriter.Global ORDERED_DICT = new PickleWriter.Global("collections", "OrderedDict");
    private static final PickleWriter.Global REBUILD_TENSOR =
            new PickleWriter.Global("torch._utils", "_rebuild_tensor_v2");

    private TorchCheckpointWriter() {}

    /**
     * Writes a state dict, bare or under a top-level key.
     *
     * @param file the {@code .pth}/{@code .pt} file to create or replace
     * @param key the top-level key ({@code "model"}, {@code "module"}, ...), or {@code null} to save
     *     the bare state dict
     * @param stateDict parameter names to tensors, in the order to write them
     * @throws IOException if the file cannot be written; the target is then left unchanged
     */
    public static void write(Path file, String key, Map<String, TensorData> stateDict) throws IOException {
        write(file, key, stateDict, Map.of());
    }

    /**
     * Writes a state dict under a top-level key next to plain entries, like
     * {@code torch.save({key: state_dict, "epoch": 7, ...})}.
     *
     * @param file the {@code .pth}/{@code .pt} file to create or replace
     * @param key the top-level key of the state dict, or {@code null} for a bare state dict (then
     *     {@code extras} must be empty)
     * @param stateDict parameter names to tensors, in the order to write them
     * @param extras further top-level entries, in order; values may be {@code null}, booleans,
     *     integers, floating-point numbers or strings
     * @throws IOException if the file cannot be written; the target is then left unchanged
     * @throws IllegalArgumentException if an extra value is of another type, an extra key equals
     *     {@code key}, or extras are given without a key
     */
    public static void write(Path file, String key, Map<String, TensorData> stateDict, Map<String, ?> extras)
            throws IOException {
        Objects.requireNonNull(file, "file");
        List<TensorData> storages = new ArrayList<>(stateDict.values());
        byte[] pickle = pickle(key, stateDict, extras);
        String archive = archiveName(file);
        AtomicFiles.write(file, channel -> {
            TorchZipWriter zip = new TorchZipWriter(archive, Channels.newOutputStream(channel));
            zip.record("data.pkl", java.nio.ByteBuffer.wrap(pickle));
            zip.record("byteorder", "little");
            for (int i = 0; i < storages.size(); i++) {
                zip.record("data/" + i, storages.get(i).data());
            }
            zip.record("version", FORMAT_VERSION);
            zip.finish();
        });
    }

    /**
     * Builds the {@code data.pkl} pickle; tensors refer to storages {@code "0"}, {@code "1"}, ... in
     * the order of {@code stateDict}.
     */
    static byte[] pickle(String key, Map<String, TensorData> stateDict, Map<String, ?> extras) {
        Map<Object, Object> tensors = new LinkedHashMap<>();
        int index = 0;
        for (Map.Entry<String, TensorData> e : stateDict.entrySet()) {
            tensors.put(Objects.requireNonNull(e.getKey(), "tensor name"), tensor(e.getValue(), index++));
        }
        PickleWriter.Reduce orderedDict = new PickleWriter.Reduce(ORDERED_DICT, List.of(), tensors);
        if (key == null) {
            if (!extras.isEmpty()) {
                throw new IllegalArgumentException(
                        "extra entries " + extras.keySet() + " need a top-level key for the state dict");
            }
            return PickleWriter.dump(orderedDict);
        }
        Map<Object, Object> root = new LinkedHashMap<>();
        root.put(key, orderedDict);
        for (Map.Entry<String, ?> e : extras.entrySet()) {
            if (e.getKey().equals(key)) {
                throw new IllegalArgumentException("extra entry '" + key + "' clashes with the state dict key");
            }
            root.put(e.getKey(), plainValue(e.getKey(), e.getValue()));
        }
        return PickleWriter.dump(root);
    }

    /** {@code _rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())}. */
    private static PickleWriter.Reduce tensor(TensorData t, int storageIndex) {
        long[] shape = t.shape();
        long[] stride = new long[shape.length];
        long step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            stride[d] = step;
            step *= Math.max(shape[d], 1);
        }
        PickleWriter.PersistentId storage = new PickleWriter.PersistentId(List.of(
                "storage",
                new PickleWriter.Global("torch", TorchGlobals.storageName(t.dtype())),
                String.valueOf(storageIndex),
                "cpu",
                t.numel()));
        List<Object> args = List.of(
                storage,
                0L,
                boxed(shape),
                boxed(stride),
                false,
                new PickleWriter.Reduce(ORDERED_DICT, List.of(), null));
        return new PickleWriter.Reduce(REBUILD_TENSOR, args, null);
    }

    private static Object plainValue(String key, Object value) {
        if (value == null
                || value instanceof Boolean
                || value instanceof Long
                || value instanceof String
                || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        throw new IllegalArgumentException(
                "extra entry '" + key + "' is a " + value.getClass().getName()
                        + "; only null, booleans, integers, floating-point numbers and strings can be written");
    }

    private static List<Object> boxed(long[] values) {
        return Arrays.asList(Arrays.stream(values).boxed().toArray());
    }

    /**
     * Names the archive folder as PyTorch does: the file name without its last extension.
     *
     * @param file the target file
     * @return e.g. {@code "checkpoint-7"} for {@code runs/checkpoint-7.pth}; {@code "archive"} when
     *     nothing is left
     */
    static String archiveName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot >= 0 ? name.substring(0, dot) : name;
        return stem.isEmpty() ? "archive" : stem;
    }
}
