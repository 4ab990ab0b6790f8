package org.simvtp.models.zoo;

import ai.djl.repository.zoo.Criteria;
import java.nio.file.Path;

/**
 * DJL {@link Criteria} for a SimVTP checkpoint: the model path, {@link SimvtpBlockFactory} (reads the checkpoint),
 * the option {@code hasParameter=false} (no DJL {@code .params} file) and {@link SimvtpTranslatorFactory}. The
 * returned builder can take further settings (device, model name, progress).
 *
 * <pre>{@code
 * Criteria<Path, float[]> criteria = SimvtpCriteria.builder(Path.class, Path.of("tiny.safetensors")).build();
 * try (ZooModel<Path, float[]> model = criteria.loadModel(); Predictor<Path, float[]> p = model.newPredictor()) {
 *     float[] embedding = p.predict(Path.of("clip.mp4"));
 * }
 * }</pre>
 */
public final class SimvtpCriteria {

    private SimvtpCriteria() {}

    /**
     * A criteria builder embedding video files ({@code Path.class}) or captions ({@code String.class}).
     *
     * @param input {@code Path.class} or {@code String.class}
     * @param checkpoint a SimVTP checkpoint file, or a folder holding one
     * @param <I> the input type
     * @return the builder, ready to {@code build()}
     * @throws IllegalArgumentException for another input type
     */
    public static <I> Criteria.Builder<I, float[]> builder(Class<I> input, Path checkpoint) {
        if (input != Path.class && input != String.class) {
            throw new IllegalArgumentException(
                    "SimVTP embeds video files (Path) or captions (String), not " + input.getName());
        }
        return Criteria.builder()
                .setTypes(input, float[].class)
                .optModelPath(checkpoint)
                .optArgument("blockFactory", new SimvtpBlockFactory())
                .optOption("hasParameter", "false")
                .optTranslatorFactory(new SimvtpTranslatorFactory());
    }
}
