package org.simvtp.models.checkpoint;

import java.nio.file.Path;
import java.util.Map;

/**
 * A fully read {@code torch.save} file: the whole unpickled object graph as plain Java data
 * (see {@link RestrictedUnpickler} for the type mapping) with every tensor as {@link TensorData}.
 *
 * <pre>{@code
 * TorchCheckpoint ckpt = TorchCheckpointReader.read(Path.of("checkpoint-7.pth"));
 * Map<String, TensorData> weights = ckpt.stateDict("model");
 * long epoch = (Long) ckpt.get("epoch");
 * InertObject args = (InertObject) ckpt.get("args");
 * }</pre>
 */
public final class TorchCheckpoint {

    private final Path file;
    private final Object root;

    TorchCheckpoint(Path file, Object root) {
        this.file = file;
        this.root = root;
    }

    /**
     * Returns the file read.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the unpickled top-level object, usually a {@link Map}.
     *
     * @return the root of the object graph
     */
    public Object root() {
        return root;
    }

    /**
     * Returns a top-level entry.
     *
     * @param key the key in the top-level dict
     * @return its value, or {@code null} if absent, {@code None}, or the root is not a dict
     */
    public Object get(String key) {
        return root instanceof Map ? ((Map<?, ?>) root).get(key) : null;
    }

    /**
     * Returns the state dict under a top-level key ({@code "model"} in pre-training checkpoints,
     * {@code "module"} in DeepSpeed fine-tuning files).
     *
     * @param key the top-level key
     * @return an unmodifiable, ordered map of parameter names to tensors named alike
     * @throws CheckpointFormatException if the key is absent or does not hold a name → tensor map
     */
    public Map<String, TensorData> stateDict(String key) throws CheckpointFormatException {
        return toTensors(StateDicts.select(root, key, file));
    }

    /**
     * Finds the state dict: under {@code "model"}, {@code "module"} or {@code "state_dict"} (the
     * first that holds a non-empty name → tensor map), else the top level if it is one.
     *
     * @return an unmodifiable, ordered map of parameter names to tensors named alike
     * @throws CheckpointFormatException if none is found
     */
    public Map<String, TensorData> stateDictAuto() throws CheckpointFormatException {
        return toTensors(StateDicts.select(root, null, file));
    }

    private Map<String, TensorData> toTensors(Map<?, ?> raw) throws CheckpointFormatException {
        try {
            return StateDicts.toTensors(raw, (ref, name) -> {
                throw new IllegalStateException("unread tensor " + ref);
            });
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new CheckpointFormatException(file, e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TorchCheckpoint{" + file + "}";
    }
}
