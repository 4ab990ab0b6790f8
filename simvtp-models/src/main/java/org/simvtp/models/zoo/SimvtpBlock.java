package org.simvtp.models.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Objects;
import org.simvtp.models.facade.Simvtp;

/**
 * A loaded {@link Simvtp} model as a DJL block, so that a {@link ai.djl.inference.Predictor} can run it.
 *
 * <p>The input decides which tower runs:
 *
 * <ul>
 *   <li>one array, views {@code [B, V, 3, T, H, W]}: {@link Simvtp#encodeVideoViews} (views averaged);
 *   <li>two arrays, token ids and attention mask {@code [B, L]} (int64): {@link Simvtp#encodeText(ai.djl.ndarray.NDArray,
 *       ai.djl.ndarray.NDArray)}.
 * </ul>
 *
 * The output is one array of embeddings {@code [B, D]}. The weights belong to the {@link Simvtp} instance (closed with
 * the DJL model when {@link SimvtpBlockFactory} made the block); the block has no DJL parameters of its own and
 * cannot be trained or saved through DJL.
 *
 * <pre>{@code
 * try (Simvtp simvtp = Simvtp.load(Path.of("tiny.safetensors"))) {
 *     NDList out = new SimvtpBlock(simvtp).forward(new ParameterStore(), new NDList(ids, mask), false);
 * }
 * }</pre>
 */
public final class SimvtpBlock extends AbstractBlock {

    private final Simvtp simvtp;

    /**
     * Wraps a model; the caller keeps ownership of it.
     *
     * @param simvtp the model
     */
    public SimvtpBlock(Simvtp simvtp) {
        this.simvtp = Objects.requireNonNull(simvtp, "simvtp");
    }

    /**
     * The wrapped model (its configuration, decoding and tokenisation are what the translators use).
     *
     * @return the model
     */
    public Simvtp simvtp() {
        return simvtp;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training) {
            throw new UnsupportedOperationException("a SimvtpBlock only runs inference; train with simvtp-train");
        }
        if (inputs.size() == 1) {
            return new NDList(simvtp.encodeVideoViews(inputs.singletonOrThrow()));
        }
        if (inputs.size() == 2) {
            return new NDList(simvtp.encodeText(inputs.get(0), inputs.get(1)));
        }
        throw new IllegalArgumentException("expected views [B, V, 3, T, H, W] or token ids and attention mask "
                + "[B, L], got " + inputs.size() + " arrays");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), simvtp.embeddingSize())};
    }

    @Override
    public String toString() {
        return "SimvtpBlock{" + simvtp + "}";
    }
}
