package org.simvtp.models.zoo;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Translators for a SimVTP DJL model (a {@link SimvtpBlock}): {@code Path → float[]} embeds video files as
 * {@link org.simvtp.models.facade.Simvtp#encodeVideo(Path)} does, {@code String → float[]} embeds captions as
 * {@link org.simvtp.models.facade.Simvtp#encodeTexts(java.util.List)} does. {@code batchPredict} runs one forward
 * pass per batch.
 *
 * <pre>{@code
 * try (ZooModel<String, float[]> model = SimvtpCriteria.builder(String.class, weights).build().loadModel();
 *         Predictor<String, float[]> predictor = model.newPredictor()) {
 *     List<float[]> vectors = predictor.batchPredict(List.of("a dog runs", "a red circle"));
 * }
 * }</pre>
 */
public final class SimvtpTranslatorFactory implements TranslatorFactory {

    private static final Set<Pair<Type, Type>> TYPES =
            Set.of(new Pair<>(Path.class, float[].class), new Pair<>(String.class, float[].class));

    /** Creates the factory (DJL may also create it by class name, e.g. from {@code serving.properties}). */
    public SimvtpTranslatorFactory() {}

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return TYPES;
    }

    @Override
    @SuppressWarnings("unchecked") // the input and output classes were checked against TYPES
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
            throws TranslateException {
        if (!isSupported(input, output)) {
            throw new TranslateException(
                    "SimVTP translates Path or String to float[], not " + input.getName() + " to " + output.getName());
        }
        Block block = model.getBlock();
        if (!(block instanceof SimvtpBlock)) {
            throw new TranslateException("the model " + model.getName() + " is not a SimVTP model (its block is "
                    + (block == null ? "missing" : block.getClass().getName())
                    + "); load it with SimvtpCriteria.builder(...) or the argument blockFactory="
                    + SimvtpBlockFactory.class.getName() + " and the option hasParameter=false");
        }
        SimvtpBlock simvtp = (SimvtpBlock) block;
        if (input == Path.class) {
            return (Translator<I, O>) new VideoEmbeddingTranslator(simvtp.simvtp());
        }
        return (Translator<I, O>) new CaptionEmbeddingTranslator(simvtp.simvtp());
    }
}
