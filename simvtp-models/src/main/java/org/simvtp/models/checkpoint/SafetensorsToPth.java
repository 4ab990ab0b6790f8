package org.simvtp.models.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Converts a safetensors file into a {@code torch.save} file, keeping names, order of the header
 * and element types; the reverse of {@link PthToSafetensors}.
 *
 * <pre>{@code
 * SafetensorsToPth.convert(Path.of("pretrain.safetensors"), "model", Path.of("checkpoint.pth"));
 * // in Python: torch.load("checkpoint.pth")["model"] is an OrderedDict of tensors
 * }</pre>
 */
public final class SafetensorsToPth {

    private SafetensorsToPth() {}

    /**
     * Converts without changing element types.
     *
     * @param safetensors the safetensors file
     * @param key the top-level key to store the state dict under ({@code "model"}, {@code "module"},
     *     ...), or {@code null} to save the bare state dict
     * @param out the {@code .pth}/{@code .pt} file to write (atomically)
     * @return the tensors written, by name
     * @throws IOException if reading or writing fails
     */
    public static Map<String, TensorData> convert(Path safetensors, String key, Path out) throws IOException {
        Map<String, TensorData> tensors = SafetensorsReader.read(safetensors).tensors();
        TorchCheckpointWriter.write(out, key, tensors);
        return tensors;
    }
}
