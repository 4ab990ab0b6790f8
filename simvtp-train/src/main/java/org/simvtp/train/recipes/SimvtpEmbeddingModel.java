package org.simvtp.train.recipes;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.simvtp.models.facade.Simvtp;
import org.simvtp.train.eval.EmbeddingModel;

/**
 * Any checkpoint the facade loads (pre-training model zero-shot, or two-tower) as an {@link EmbeddingModel} for
 * {@link org.simvtp.train.eval.RetrievalEvaluator}. Open the model with {@code optNormalize(false)} so that view
 * averages are taken over raw embeddings, as the reference does.
 *
 * <pre>{@code
 * Simvtp simvtp = Simvtp.load(file, null, SimvtpOptions.builder().optNormalize(false).build());
 * EmbeddingModel model = new SimvtpEmbeddingModel(simvtp);
 * }</pre>
 */
public final class SimvtpEmbeddingModel implements EmbeddingModel {

    private final Simvtp simvtp;

    /**
     * Wraps a model (which stays owned by the caller).
     *
     * @param simvtp the model
     */
    public SimvtpEmbeddingModel(Simvtp simvtp) {
        this.simvtp = simvtp;
    }

    @Override
    public NDArray encodeVideo(NDArray clips) {
        return simvtp.encodeVideo(clips);
    }

    @Override
    public NDArray encodeText(NDArray ids, NDArray attentionMask) {
        long[][] idRows = rows(ids);
        float[][] embeddings = simvtp.encodeTokenIds(idRows, rows(attentionMask));
        int d = embeddings.length == 0 ? simvtp.embeddingSize() : embeddings[0].length;
        float[] flat = new float[embeddings.length * d];
        for (int i = 0; i < embeddings.length; i++) {
            System.arraycopy(embeddings[i], 0, flat, i * d, d);
        }
        return ids.getManager().create(flat, new Shape(embeddings.length, d));
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    private static long[][] rows(NDArray matrix) {
        int n = Math.toIntExact(matrix.getShape().get(0));
        int l = Math.toIntExact(matrix.getShape().get(1));
        long[] flat = matrix.toLongArray();
        long[][] out = new long[n][l];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * l, out[i], 0, l);
        }
        return out;
    }
}
