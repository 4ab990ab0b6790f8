package org.simvtp.models.facade;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Finds the official SimVTP ViT-B weights for {@link Simvtp#pretrained()} in the local model directory.
 *
 * <p>The directory is the first of: system property {@value #DIRECTORY_PROPERTY}, environment variable
 * {@value #DIRECTORY_ENV}, {@code ~/.simvtp}. Inside it the first existing file of {@link #ACCEPTED_NAMES} is
 * used, read directly from the reference format (no conversion needed):
 * <ul>
 *   <li>{@code simvtp_msrvtt_finetuned.pt} — the MSRVTT fine-tuned two-tower model (DeepSpeed file, key
 *       {@code module}), renamed;</li>
 *   <li>{@code mp_rank_00_model_states.pt} — the same file under DeepSpeed's own name;</li>
 *   <li>{@code simvtp_pretrain.pth} — the pre-training checkpoint (key {@code model}), renamed;</li>
 *   <li>{@code checkpoint.pth} — the same under a generic name;</li>
 *   <li>{@code simvtp.safetensors} — either model saved by {@link Simvtp#save(java.nio.file.Path)} or converted.</li>
 * </ul>
 * Two-tower files come first because they are the retrieval model; pre-training files are used zero-shot.
 *
 * <pre>{@code
 * Path dir = ModelLocator.modelDirectory();          // e.g. /home/me/.simvtp
 * Optional<Path> file = ModelLocator.find(dir);
 * }</pre>
 */
public final class ModelLocator {

    /** System property naming the model directory. */
    public static final String DIRECTORY_PROPERTY = "simvtp.model.dir";
    /** Environment variable naming the model directory. */
    public static final String DIRECTORY_ENV = "SIMVTP_MODEL_DIR";
    /** Accepted file names, in the order they are tried. */
    public static final List<String> ACCEPTED_NAMES = List.of(
            "simvtp_msrvtt_finetuned.pt",
            "mp_rank_00_model_states.pt",
            "simvtp_pretrain.pth",
            "checkpoint.pth",
            "simvtp.safetensors");

    private ModelLocator() {}

    /**
     * The model directory from the system properties, the environment and the home directory.
     *
     * @return the directory (it may not exist)
     */
    public static Path modelDirectory() {
        return modelDirectory(System.getProperty(DIRECTORY_PROPERTY), System.getenv(), System.getProperty("user.home"));
    }

    static Path modelDirectory(String property, Map<String, String> env, String home) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String fromEnv = env.get(DIRECTORY_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(home, ".simvtp");
    }

    /**
     * The first accepted checkpoint in {@code directory}.
     *
     * @param directory the model directory
     * @return the file
     * @throws ModelNotFoundException naming the directory, how to set it and the accepted names
     */
    public static Path find(Path directory) throws ModelNotFoundException {
        for (String name : ACCEPTED_NAMES) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new ModelNotFoundException("no SimVTP checkpoint in " + directory.toAbsolutePath()
                + (Files.isDirectory(directory) ? "" : " (the directory does not exist)")
                + ". Put the official SimVTP ViT-B weights there under one of these names: " + ACCEPTED_NAMES
                + " (two-tower MSRVTT fine-tuned DeepSpeed file with key 'module', or pre-training checkpoint with "
                + "key 'model', or a safetensors file written by Simvtp.save). The directory is taken from the "
                + "system property -D" + DIRECTORY_PROPERTY + "=..., else the environment variable " + DIRECTORY_ENV
                + ", else ~/.simvtp. Any other checkpoint loads with Simvtp.load(path).");
    }
}
