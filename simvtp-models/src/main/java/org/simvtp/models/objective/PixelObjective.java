package org.simvtp.models.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.EnumSet;
import java.util.Set;
import org.simvtp.core.video.TokenGather;
import org.simvtp.core.video.VideoPatchifier;

/**
 * Masked pixel reconstruction (MAE/VideoMAE, spec §4.1): the joint pass's visible video tokens go through
 * {@code encoder_to_decoder}, get the decoder's positions, mask tokens fill the masked positions, and the pixel
 * decoder predicts the masked tubelets; the loss is the mean squared error. Loss key {@code loss_v}.
 *
 * <p>Targets: {@link Target#NORMALIZED} (the reference) normalises each tubelet's pixels by their own mean and
 * unbiased std per channel; {@link Target#RAW} uses the de-normalised pixels in [0, 1].
 *
 * <pre>{@code
 * Objective pixel = PixelObjective.builder().optWeight(1.0).optTarget(PixelObjective.Target.RAW).build();
 * }</pre>
 */
public final class PixelObjective extends AbstractObjective {

    /** What the decoder predicts. */
    public enum Target {
        /** Per-tubelet normalised pixels (the reference). */
        NORMALIZED,
        /** Raw pixels in [0, 1]. */
        RAW
    }

    private final Target target;

    private PixelObjective(Builder b) {
        super("pixel", "loss_v", b.weight);
        target = b.target;
    }

    /** A builder: weight 1, normalised targets. */
    public static Builder builder() {
        return new Builder();
    }

    /** The target kind. */
    public Target target() {
        return target;
    }

    @Override
    public Set<EncoderPass> passes() {
        return EnumSet.of(EncoderPass.JOINT);
    }

    @Override
    public Set<ModelPart> parts() {
        return EnumSet.of(ModelPart.PIXEL_DECODER);
    }

    @Override
    public NDArray loss(PretrainStep step) {
        NDArray visibleOut = step.jointTokens().get(new NDIndex(":, :{}", step.visibleCount()));
        NDArray prediction = step.model().decodePixels(visibleOut, step.videoMask(), step.training());
        VideoPatchifier patchifier = step.model().patchifier();
        NDArray video = step.inputs().video();
        NDArray all = target == Target.NORMALIZED
                ? patchifier.normalizedTargets(video)
                : patchifier.patchify(video).stopGradient();
        NDArray targets = TokenGather.masked(all, step.videoMask());
        step.publish("pixel_targets", targets);
        step.publish("decoder_prediction", prediction);
        return Losses.meanSquaredError(prediction, targets);
    }

    @Override
    public String toString() {
        return "pixel(weight=" + weight() + ", target=" + target + ")";
    }

    /** Builder of {@link PixelObjective}. */
    public static final class Builder {
        private double weight = 1;
        private Target target = Target.NORMALIZED;

        private Builder() {}

        /** Loss weight; default 1. */
        public Builder optWeight(double weight) {
            this.weight = weight;
            return this;
        }

        /** Target kind; default {@link Target#NORMALIZED}. */
        public Builder optTarget(Target target) {
            this.target = java.util.Objects.requireNonNull(target, "target");
            return this;
        }

        /** Validates and builds. */
        public PixelObjective build() {
            return new PixelObjective(this);
        }
    }
}
