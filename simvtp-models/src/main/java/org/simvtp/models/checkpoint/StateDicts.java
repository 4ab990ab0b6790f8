package org.simvtp.models.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds the state dict (name → tensor map) inside an unpickled checkpoint. */
final class StateDicts {

    /** Top-level keys tried, in order, when no key is given. */
    static final List<String> AUTO_KEYS = List.of("model", "module", "state_dict");

    private StateDicts() {}

    /**
     * Selects the state dict.
     *
     * @param root the unpickled graph (tensors as {@link TensorData} or {@link TensorRef})
     * @param key the top-level key, or {@code null} to try {@link #AUTO_KEYS} and then the root
     * @param file the file, for messages
     * @return the raw map of names to tensors
     */
    static Map<?, ?> select(Object root, String key, Path file) throws CheckpointFormatException {
        if (key == null) {
            if (root instanceof Map) {
                for (String candidate : AUTO_KEYS) {
                    Object value = ((Map<?, ?>) root).get(candidate);
                    if (isTensorMap(value) && !((Map<?, ?>) value).isEmpty()) {
                        return (Map<?, ?>) value;
                    }
                }
            }
            if (isTensorMap(root) && !((Map<?, ?>) root).isEmpty()) {
                return (Map<?, ?>) root;
            }
            throw new CheckpointFormatException(
                    file,
                    "no state dict found under " + AUTO_KEYS + " nor at the top level; top-level keys: "
                            + topKeys(root));
        }
        if (!(root instanceof Map) || !((Map<?, ?>) root).containsKey(key)) {
            throw new CheckpointFormatException(
                    file, "no top-level key '" + key + "'; top-level keys: " + topKeys(root));
        }
        Object value = ((Map<?, ?>) root).get(key);
        if (!(value instanceof Map)) {
            throw new CheckpointFormatException(
                    file, "'" + key + "' holds " + Graphs.describe(value) + ", not a state dict");
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getKey() instanceof String) || !isTensor(e.getValue())) {
                throw new CheckpointFormatException(
                        file,
                        "'" + key + "' is not a state dict: entry " + Graphs.describe(e.getKey()) + " holds "
                                + Graphs.describe(e.getValue()));
            }
        }
        return (Map<?, ?>) value;
    }

    /**
     * Converts a selected raw map into named tensors.
     *
     * @param raw the map returned by {@link #select}
     * @param reader reads placeholders (unused when all values are already tensors)
     * @return an unmodifiable insertion-ordered map whose tensors carry their keys as names
     */
    static Map<String, TensorData> toTensors(Map<?, ?> raw, GraphMaterializer.TensorReader reader) throws IOException {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String name = (String) e.getKey();
            Object value = e.getValue();
            TensorData tensor = value instanceof TensorRef
                    ? reader.read((TensorRef) value, name)
                    : ((TensorData) value).withName(name);
            out.put(name, tensor);
        }
        return Collections.unmodifiableMap(out);
    }

    private static boolean isTensor(Object value) {
        return value instanceof TensorData || value instanceof TensorRef;
    }

    private static boolean isTensorMap(Object value) {
        if (!(value instanceof Map)) {
            return false;
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getKey() instanceof String) || !isTensor(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static String topKeys(Object root) {
        if (!(root instanceof Map)) {
            return "none (the top level is " + Graphs.describe(root) + ")";
        }
        List<String> keys = new ArrayList<>();
        for (Object k : ((Map<?, ?>) root).keySet()) {
            keys.add(String.valueOf(k));
            if (keys.size() == 20) {
                keys.add("...");
                break;
            }
        }
        return keys.toString();
    }
}
