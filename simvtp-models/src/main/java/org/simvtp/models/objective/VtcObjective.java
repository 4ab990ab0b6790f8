package org.simvtp.models.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.simvtp.models.nn.Layers;
import org.simvtp.models.nn.ReferenceBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Video-text contrastive loss (spec §4.3): the video-only and text-only passes are mean-pooled, compared by
 * cosine similarity and scored with Frozen-in-Time's NormSoftmax (sum of the text→video and video→text InfoNCE
 * terms) at temperature τ. Loss key {@code loss_vtc}.
 *
 * <p>Options beyond the reference:
 * <ul>
 *   <li>{@link Negatives#GLOBAL}: features are all-gathered from every process ({@link FeatureGather}) so each
 *       caption is contrasted with the videos of the global batch; gradients flow to the local rows, scaled so
 *       that after the trainer averages gradients over N processes they equal those of the N·b batch in one
 *       process (the loss value is the global loss). In a single process (or with {@link FeatureGather#LOCAL})
 *       this is the local loss; the fall-back is logged once.</li>
 *   <li>a learnable temperature ({@code vtc.temp}, started at τ and clamped to [0.001, 0.5] as ALBEF).</li>
 * </ul>
 * Published: {@code vtc_text_features}, {@code vtc_video_features} [B, D] and {@code vtc_similarity} (local
 * [B, B], or global [N·b, N·b]).
 *
 * <pre>{@code
 * Objective vtc = VtcObjective.builder().optNegatives(VtcObjective.Negatives.GLOBAL).build();
 * }</pre>
 */
public final class VtcObjective extends AbstractObjective {

    private static final Logger LOG = LoggerFactory.getLogger(VtcObjective.class);

    /** Which videos and captions serve as negatives. */
    public enum Negatives {
        /** The other samples of this process's batch (the reference). */
        LOCAL,
        /** The other samples of every process's batch. */
        GLOBAL
    }

    private final double temperature;
    private final Negatives negatives;
    private final Temperature learnable;
    private final AtomicBoolean fallbackLogged = new AtomicBoolean();

    private VtcObjective(Builder b) {
        super("vtc", b.weight);
        temperature = Checks.checkTemperature("vtc", b.temperature);
        negatives = b.negatives;
        learnable = b.learnable ? new Temperature(temperature) : null;
    }

    /** A builder: weight 1, fixed τ = 0.05, local negatives (the reference). */
    public static Builder builder() {
        return new Builder();
    }

    /** The (initial) temperature τ. */
    public double temperature() {
        return temperature;
    }

    /** Where the negatives come from. */
    public Negatives negatives() {
        return negatives;
    }

    @Override
    public Set<EncoderPass> passes() {
        return EnumSet.of(EncoderPass.VIDEO, EncoderPass.TEXT);
    }

    @Override
    public Optional<ReferenceBlock> block() {
        return Optional.ofNullable(learnable);
    }

    @Override
    public NDArray loss(PretrainStep step) {
        NDArray text = step.textFeatures();
        NDArray video = step.videoFeatures();
        step.publish("vtc_text_features", text);
        step.publish("vtc_video_features", video);
        FeatureGather gather = step.gather();
        if (negatives == Negatives.LOCAL || gather.worldSize() == 1) {
            if (negatives == Negatives.GLOBAL && fallbackLogged.compareAndSet(false, true)) {
                LOG.info("global VTC negatives with one process (world size 1): the global batch is the local batch");
            }
            NDArray similarity = step.similarity();
            step.publish("vtc_similarity", similarity);
            return normSoftmax(similarity);
        }
        NDArray similarity =
                Losses.cosineSimilarity(gather.allGather(Layers.upcast(text)), gather.allGather(Layers.upcast(video)));
        step.publish("vtc_similarity", similarity);
        NDArray global = normSoftmax(similarity);
        // Only the local rows carry gradient here; the trainer averages gradients over the N processes, so the
        // local contribution is scaled by N (the value stays the global loss: N·L − (N−1)·L).
        int n = gather.worldSize();
        return global.mul(Layers.scalar(global, n)).sub(global.stopGradient().mul(Layers.scalar(global, n - 1)));
    }

    private NDArray normSoftmax(NDArray similarity) {
        return learnable == null
                ? Losses.normSoftmax(similarity, temperature)
                : Losses.normSoftmax(similarity, learnable.value(similarity));
    }

    @Override
    public String toString() {
        return "vtc(weight=" + weight() + ", temperature=" + temperature + (learnable != null ? " learnable" : "")
                + ", negatives=" + negatives + ")";
    }

    /** A learnable temperature {@code temp} [1], clamped to [0.001, 0.5] in use. */
    private static final class Temperature extends ReferenceBlock {
        private final Parameter temp;

        Temperature(double initial) {
            temp = param("temp", Parameter.Type.WEIGHT, new Shape(1), new ConstantInitializer((float) initial));
        }

        NDArray value(NDArray like) {
            return weight(temp, like).clip(0.001, 0.5);
        }
    }

    /** Builder of {@link VtcObjective}. */
    public static final class Builder {
        private double weight = 1;
        private double temperature = 0.05;
        private boolean learnable;
        private Negatives negatives = Negatives.LOCAL;

        private Builder() {}

        /** Loss weight; default 1. */
        public Builder optWeight(double weight) {
            this.weight = weight;
            return this;
        }

        /** Temperature τ (the initial value when learnable); default 0.05 (the reference). */
        public Builder optTemperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Whether τ is a trained parameter {@code vtc.temp}; default false (fixed, the reference). */
        public Builder optLearnableTemperature(boolean learnable) {
            this.learnable = learnable;
            return this;
        }

        /** Negatives; default {@link Negatives#LOCAL}. */
        public Builder optNegatives(Negatives negatives) {
            this.negatives = java.util.Objects.requireNonNull(negatives, "negatives");
            return this;
        }

        /** Validates and builds. */
        public VtcObjective build() {
            return new VtcObjective(this);
        }
    }
}
