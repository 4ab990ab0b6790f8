package org.simvtp.models.objective;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.simvtp.models.nn.ReferenceBlock;

/**
 * One pre-training objective: a named, weighted loss computed from the encoder passes of a step.
 *
 * <p>{@link org.simvtp.models.SimvtpPretrainModel} asks each of its objectives which {@link EncoderPass}es and
 * {@link ModelPart}s it needs, runs the union of the passes once (stacked into one encoder call in the efficient
 * mode), then calls {@link #loss} on each objective in order; the total is {@code Σ weight · loss}. The
 * reference's four are {@link PixelObjective}, {@link MlmObjective}, {@link VtcObjective} and
 * {@link VtmObjective} ({@link ReferenceObjectives#of}); an objective written outside the library plugs in the
 * same way, and may own parameters through {@link #block()}; {@link AbstractObjective} holds the name, loss key
 * and weight for it.
 *
 * <pre>{@code
 * final class MeanColourObjective implements Objective {
 *     public String name() { return "mean_colour"; }
 *     public double weight() { return 0.1; }
 *     public Set<EncoderPass> passes() { return EnumSet.of(EncoderPass.VIDEO); }
 *     public NDArray loss(PretrainStep step) {
 *         NDArray pooled = step.videoFeatures();            // [B, D]
 *         ...                                              // a scalar loss
 *     }
 * }
 * SimvtpPretrainModel model = SimvtpPretrainModel.tiny().addObjective(new MeanColourObjective()).build();
 * }</pre>
 */
public interface Objective {

    /** Short unique name, e.g. {@code vtc}; also the name its {@link #block()} is registered under. */
    String name();

    /** Key of its loss in logs and metrics; default {@code "loss_" + name()}. */
    default String lossName() {
        return "loss_" + name();
    }

    /** Weight of the loss in the total; 0 computes and logs the loss without training on it. */
    double weight();

    /** The encoder passes its loss reads. */
    Set<EncoderPass> passes();

    /** The optional model parts it uses; default none. */
    default Set<ModelPart> parts() {
        return Set.of();
    }

    /**
     * Parameters of its own (a head, a temperature), registered in the model as {@code name() + ".*"}, saved and
     * trained with it; default none.
     */
    default Optional<ReferenceBlock> block() {
        return Optional.empty();
    }

    /**
     * Checks the composition it is part of, called once by the model builder; throw an
     * {@link IllegalArgumentException} naming the problem when it cannot work (e.g. a missing objective it
     * depends on).
     *
     * @param composition every objective of the model, in order
     */
    default void validate(List<Objective> composition) {}

    /**
     * Called before any encoder pass runs, e.g. to choose matching negatives so that they can be stacked into the
     * same encoder call ({@link PretrainStep#setMatchingNegatives}); default nothing.
     *
     * @param step the step
     */
    default void prepare(PretrainStep step) {}

    /**
     * The loss of this step.
     *
     * @param step passes, inputs and shared quantities of the step
     * @return a float32 scalar
     */
    NDArray loss(PretrainStep step);
}
