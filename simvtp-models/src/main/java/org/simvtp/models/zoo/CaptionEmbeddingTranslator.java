package org.simvtp.models.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;
import org.simvtp.core.spi.TokenizedText;
import org.simvtp.models.facade.Simvtp;

/**
 * Caption → embedding: tokenises ({@link Simvtp#tokenize}) to ids and attention mask; a batch of captions is padded
 * to its longest caption ({@link PaddingBatchifier}) and embedded in one forward pass, so {@code batchPredict} gives
 * what {@link Simvtp#encodeTexts(List)} gives for the same list.
 */
final class CaptionEmbeddingTranslator implements Translator<String, float[]> {

    private final Simvtp simvtp;

    CaptionEmbeddingTranslator(Simvtp simvtp) {
        this.simvtp = simvtp;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, String caption) {
        TokenizedText text = simvtp.tokenize(List.of(caption));
        NDManager manager = ctx.getNDManager();
        return new NDList(manager.create(text.ids()[0]), manager.create(text.attentionMask()[0]));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        return list.singletonOrThrow().toFloatArray();
    }

    @Override
    public Batchifier getBatchifier() {
        return new PaddingBatchifier();
    }
}
