package org.simvtp.models.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a safetensors file: tensors in header order and the {@code __metadata__} strings.
 *
 * <pre>{@code
 * SafetensorsFile f = SafetensorsReader.read(Path.of("inputs.safetensors"));
 * TensorData video = f.tensor("video");          // F32 [3, 3, 4, 64, 64]
 * String format = f.metadata().get("format");     // may be null
 * }</pre>
 */
public final class SafetensorsFile {

    private final Path file;
    private final Map<String, TensorData> tensors;
    private final Map<String, String> metadata;

    SafetensorsFile(Path file, Map<String, TensorData> tensors, Map<String, String> metadata) {
        this.file = file;
        this.tensors = tensors;
        this.metadata = metadata;
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
     * Returns all tensors.
     *
     * @return an unmodifiable map in header order; each tensor is named by its key
     */
    public Map<String, TensorData> tensors() {
        return tensors;
    }

    /**
     * Returns the {@code __metadata__} map.
     *
     * @return an unmodifiable map, empty when the file has none
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Returns one tensor.
     *
     * @param name the tensor's name
     * @return the tensor
     * @throws IllegalArgumentException if the file has no tensor of that name
     */
    public TensorData tensor(String name) {
        TensorData t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException(file + ": no tensor named '" + name + "'");
        }
        return t;
    }

    /**
     * Creates NDArrays of all tensors with {@link TensorData#toNDArray(NDManager)}.
     *
     * @param manager the manager that will own the arrays
     * @return a new ordered map of names to arrays
     */
    public Map<String, NDArray> toNDArrays(NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, t.toNDArray(manager)));
        return out;
    }

    @Override
    public String toString() {
        return "SafetensorsFile{" + file + ", " + tensors.size() + " tensors}";
    }
}
