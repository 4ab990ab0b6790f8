package org.simvtp.models.zoo;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.simvtp.models.facade.Simvtp;

/**
 * Creates the {@link SimvtpBlock} of a DJL model by reading a SimVTP checkpoint with {@link Simvtp#load(Path)}
 * (safetensors or {@code .pth}/{@code .pt}, configuration from the metadata or the tensor shapes). The {@link Simvtp}
 * instance is attached to the DJL model's manager, so closing the {@link ai.djl.repository.zoo.ZooModel} releases it.
 *
 * <p>Which file: the argument {@value #CHECKPOINT_ARGUMENT} (relative to the model folder, or absolute); else the
 * file the model path names ({@code optModelPath(Path.of("tiny.safetensors"))}); else the only {@code .safetensors},
 * {@code .pth} or {@code .pt} file in the model folder. By class name it can also come from a model folder's
 * {@code serving.properties} ({@code blockFactory=org.simvtp.models.zoo.SimvtpBlockFactory}).
 *
 * <pre>{@code
 * Criteria.builder().setTypes(Path.class, float[].class)
 *         .optModelPath(weights)
 *         .optArgument("blockFactory", new SimvtpBlockFactory())
 *         .optOption("hasParameter", "false")          // the block loads its own weights
 *         .optTranslatorFactory(new SimvtpTranslatorFactory())
 *         .build();
 * }</pre>
 */
public final class SimvtpBlockFactory implements BlockFactory {

    /** Argument naming the checkpoint file. */
    public static final String CHECKPOINT_ARGUMENT = "checkpoint";

    private static final long serialVersionUID = 1L;
    private static final List<String> EXTENSIONS = List.of(".safetensors", ".pth", ".pt");

    /** Creates the factory (DJL may also create it by class name). */
    public SimvtpBlockFactory() {}

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        Path checkpoint = checkpoint(modelPath, model.getName(), arguments);
        Simvtp simvtp = Simvtp.load(checkpoint);
        model.getNDManager().attachInternal("simvtp-" + System.identityHashCode(simvtp), simvtp);
        return new SimvtpBlock(simvtp);
    }

    /** The checkpoint file for a model folder, a model name and the arguments (see the class comment). */
    static Path checkpoint(Path modelPath, String modelName, Map<String, ?> arguments) throws IOException {
        Object named = arguments == null ? null : arguments.get(CHECKPOINT_ARGUMENT);
        if (named != null) {
            Path file = modelPath.resolve(named.toString());
            if (!Files.isRegularFile(file)) {
                throw new FileNotFoundException(
                        "the checkpoint " + file + " (argument '" + CHECKPOINT_ARGUMENT + "') does not exist");
            }
            return file;
        }
        if (Files.isRegularFile(modelPath)) {
            return modelPath;
        }
        if (modelName != null && Files.isRegularFile(modelPath.resolve(modelName))) {
            return modelPath.resolve(modelName);
        }
        List<Path> candidates;
        try (Stream<Path> files = Files.list(modelPath)) {
            candidates = files.filter(Files::isRegularFile)
                    .filter(f -> EXTENSIONS.stream().anyMatch(e -> f.getFileName()
                            .toString()
                            .toLowerCase(Locale.ROOT)
                            .endsWith(e)))
                    .sorted()
                    .toList();
        }
        if (candidates.size() != 1) {
            throw new FileNotFoundException("cannot tell which SimVTP checkpoint to load in " + modelPath + ": "
                    + (candidates.isEmpty() ? "no" : candidates.size()) + " " + String.join("/", EXTENSIONS)
                    + " files" + (candidates.isEmpty() ? "" : " " + candidates)
                    + "; name one with the argument '" + CHECKPOINT_ARGUMENT + "'");
        }
        return candidates.get(0);
    }
}
