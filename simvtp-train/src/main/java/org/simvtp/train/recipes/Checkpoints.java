package org.simvtp.train.recipes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.DualEncoder;
import org.simvtp.models.checkpoint.CheckpointFormatException;
import org.simvtp.models.checkpoint.LoadReport;
import org.simvtp.models.checkpoint.PretrainedInit;
import org.simvtp.models.checkpoint.SafetensorsFile;
import org.simvtp.models.checkpoint.SafetensorsReader;
import org.simvtp.models.checkpoint.StateDictLoader;
import org.simvtp.models.checkpoint.TensorData;
import org.simvtp.models.checkpoint.TorchCheckpointReader;
import org.simvtp.models.facade.ConfigJson;
import org.simvtp.models.facade.ModelKind;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.models.facade.SimvtpOptions;
import org.simvtp.models.nn.ReferenceBlock;

/**
 * Checkpoint files for the jobs: opening a model for inference (a given file or the official weights), and reading
 * a file's tensors and configuration to initialise a model that is about to be trained.
 *
 * <pre>{@code
 * Checkpoints.Contents init = Checkpoints.read(Path.of("pretrain.pth"));
 * LoadReport report = Checkpoints.initDualEncoder(dual, init);
 * }</pre>
 */
public final class Checkpoints {

    /**
     * What a checkpoint file holds.
     *
     * @param file the file
     * @param tensors reference names to tensors ({@code module.} wrapper prefix removed)
     * @param config the model configuration (from the safetensors metadata, else inferred from the shapes)
     * @param kind pre-training or two-tower model
     */
    public record Contents(Path file, Map<String, TensorData> tensors, SimvtpConfig config, ModelKind kind) {}

    private Checkpoints() {}

    /**
     * Opens a model for inference.
     *
     * @param checkpoint a {@code .pth}/{@code .pt} or safetensors file, or null for {@link Simvtp#pretrained}
     * @param options inference options
     * @return the model (close it)
     * @throws FileNotFoundException naming the file, or (for null) where the official weights belong
     * @throws IOException if the file cannot be read or is no SimVTP checkpoint
     */
    public static Simvtp open(Path checkpoint, SimvtpOptions options) throws IOException {
        if (checkpoint == null) {
            return Simvtp.pretrained(options);
        }
        requireFile(checkpoint);
        return Simvtp.load(checkpoint, null, options);
    }

    /**
     * Reads the tensors and the configuration of a checkpoint.
     *
     * @param file a {@code .pth}/{@code .pt} (torch.save zip) or safetensors file
     * @return the contents
     * @throws IOException if the file is missing, unreadable or no SimVTP checkpoint
     */
    public static Contents read(Path file) throws IOException {
        requireFile(file);
        Map<String, TensorData> tensors;
        String configJson = null;
        if (isZip(file)) {
            tensors = TorchCheckpointReader.readStateDict(file, null);
        } else {
            SafetensorsFile st = SafetensorsReader.read(file);
            tensors = st.tensors();
            configJson = st.metadata().get(ConfigJson.METADATA_KEY);
        }
        tensors = stripPrefix(tensors, "module.");
        ModelKind kind = tensors.keySet().stream().anyMatch(k -> k.startsWith("video_encoder."))
                ? ModelKind.TWO_TOWER
                : ModelKind.PRETRAINING;
        if (kind == ModelKind.PRETRAINING && tensors.keySet().stream().noneMatch(k -> k.startsWith("encoder."))) {
            throw new CheckpointFormatException(file, "holds no SimVTP model (no 'encoder.' or 'video_encoder.' keys)");
        }
        SimvtpConfig config;
        if (configJson != null) {
            config = ConfigJson.fromJson(configJson);
        } else {
            try (Simvtp probe = Simvtp.load(file)) { // infers the configuration from the shapes
                config = probe.config();
            }
        }
        return new Contents(file, tensors, config, kind);
    }

    /**
     * Initialises a two-tower model from a pre-training checkpoint (both towers from the shared encoder, as the
     * reference fine-tuning) or from a two-tower checkpoint (continued fine-tuning).
     *
     * @param dual an initialised dual encoder
     * @param init the checkpoint
     * @return what was loaded
     * @throws IllegalArgumentException if the checkpoint does not fit the model
     */
    public static LoadReport initDualEncoder(DualEncoder dual, Contents init) {
        return load(
                dual,
                init,
                (model, arrays) -> init.kind() == ModelKind.PRETRAINING
                        ? PretrainedInit.intoDualEncoder(dual, arrays)
                        : StateDictLoader.load(model, arrays, n -> n));
    }

    /**
     * Loads a checkpoint of the same kind into a model (e.g. to continue pre-training).
     *
     * @param model an initialised model
     * @param init the checkpoint
     * @return what was loaded
     * @throws IllegalArgumentException if the checkpoint does not fit the model
     */
    public static LoadReport initSameKind(ReferenceBlock model, Contents init) {
        return load(model, init, (m, arrays) -> StateDictLoader.load(m, arrays, n -> n));
    }

    private static LoadReport load(
            ReferenceBlock model, Contents init, BiFunction<ReferenceBlock, Map<String, NDArray>, LoadReport> loader) {
        NDManager owner =
                model.namedParameters().values().iterator().next().getArray().getManager();
        LoadReport report;
        try (NDManager sub = owner.newSubManager()) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            init.tensors().forEach((name, t) -> arrays.put(name, t.toNDArray(sub)));
            report = loader.apply(model, arrays);
        }
        if (!report.shapeMismatches().isEmpty() || report.loaded().isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + init.file() + " does not fit the model: " + report);
        }
        return report;
    }

    private static void requireFile(Path file) throws FileNotFoundException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("checkpoint " + file + " does not exist");
        }
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 'P' && in.read() == 'K';
        }
    }

    private static Map<String, TensorData> stripPrefix(Map<String, TensorData> tensors, String prefix) {
        if (tensors.isEmpty() || !tensors.keySet().stream().allMatch(k -> k.startsWith(prefix))) {
            return tensors;
        }
        Map<String, TensorData> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(k.substring(prefix.length()), v));
        return out;
    }
}
