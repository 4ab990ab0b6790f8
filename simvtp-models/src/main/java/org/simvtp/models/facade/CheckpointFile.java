package org.simvtp.models.facade;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.simvtp.models.checkpoint.CheckpointFormatException;
import org.simvtp.models.checkpoint.SafetensorsFile;
import org.simvtp.models.checkpoint.SafetensorsReader;
import org.simvtp.models.checkpoint.TensorData;
import org.simvtp.models.checkpoint.TorchCheckpointReader;

/**
 * The tensors of a checkpoint file in reference key names, with the model kind they belong to.
 *
 * <p>Format by content: a zip ({@code PK}) is read as a {@code torch.save} file with the state dict found
 * under {@code model}, {@code module} or {@code state_dict} (or at the top level); anything else as safetensors
 * (with its {@code __metadata__}). A {@code module.} prefix on every key (DataParallel) is removed. Kind: a key
 * under {@code video_encoder.} means {@link ModelKind#TWO_TOWER}, a key under {@code encoder.} means
 * {@link ModelKind#PRETRAINING}.
 *
 * @param file the file read
 * @param tensors name to tensor, reference names
 * @param metadata safetensors metadata (empty for torch files)
 * @param kind the model the names belong to
 */
record CheckpointFile(Path file, Map<String, TensorData> tensors, Map<String, String> metadata, ModelKind kind) {

    private static final String WRAPPER_PREFIX = "module.";

    /**
     * Reads a checkpoint.
     *
     * @param file a {@code .pth}/{@code .pt} or safetensors file
     * @return the tensors
     * @throws CheckpointFormatException if the file holds no SimVTP state dict
     * @throws IOException if it cannot be read
     */
    static CheckpointFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("checkpoint " + file.toAbsolutePath() + " does not exist");
        }
        Map<String, TensorData> tensors;
        Map<String, String> metadata;
        if (isZip(file)) {
            tensors = TorchCheckpointReader.readStateDict(file, null);
            metadata = Map.of();
        } else {
            SafetensorsFile st = SafetensorsReader.read(file);
            tensors = st.tensors();
            metadata = st.metadata();
        }
        tensors = stripWrapperPrefix(tensors);
        return new CheckpointFile(file, tensors, metadata, kindOf(tensors.keySet(), file));
    }

    /** Name to shape of every tensor. */
    Map<String, long[]> shapes() {
        Map<String, long[]> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, t.shape()));
        return out;
    }

    static ModelKind kindOf(Iterable<String> names, Path file) throws CheckpointFormatException {
        boolean pretraining = false;
        List<String> sample = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith("video_encoder.")) {
                return ModelKind.TWO_TOWER;
            }
            pretraining |= name.startsWith("encoder.");
            if (sample.size() < 8) {
                sample.add(name);
            }
        }
        if (pretraining) {
            return ModelKind.PRETRAINING;
        }
        throw new CheckpointFormatException(
                file,
                "not a SimVTP checkpoint: no 'video_encoder.*' (two-tower) nor "
                        + "'encoder.*' (pre-training) tensors; first names: " + sample);
    }

    private static boolean isZip(Path file) throws IOException {
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 2) == 2 && head[0] == 'P' && head[1] == 'K';
        }
    }

    private static Map<String, TensorData> stripWrapperPrefix(Map<String, TensorData> tensors) {
        if (tensors.isEmpty() || !tensors.keySet().stream().allMatch(k -> k.startsWith(WRAPPER_PREFIX))) {
            return tensors;
        }
        Map<String, TensorData> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(k.substring(WRAPPER_PREFIX.length()), v));
        return Collections.unmodifiableMap(out);
    }
}
