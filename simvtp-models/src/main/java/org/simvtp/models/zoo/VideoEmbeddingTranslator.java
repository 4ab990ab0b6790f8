package org.simvtp.models.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.file.Path;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.models.facade.Simvtp;

/**
 * Video file → embedding: decodes the test views ({@link Simvtp#videoViews}) to {@code [V, 3, T, H, W]}; a batch of
 * files is stacked and embedded in one forward pass of {@link SimvtpBlock}.
 */
final class VideoEmbeddingTranslator implements Translator<Path, float[]> {

    private final Simvtp simvtp;

    VideoEmbeddingTranslator(Simvtp simvtp) {
        this.simvtp = simvtp;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Path video) {
        float[][] views = simvtp.videoViews(video);
        SimvtpConfig c = simvtp.config();
        int size = views[0].length;
        float[] flat = new float[views.length * size];
        for (int v = 0; v < views.length; v++) {
            System.arraycopy(views[v], 0, flat, v * size, size);
        }
        Shape shape = new Shape(views.length, c.channels(), c.numFrames(), c.imageSize(), c.imageSize());
        return new NDList(ctx.getNDManager().create(flat, shape));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        return list.singletonOrThrow().toFloatArray();
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }
}
