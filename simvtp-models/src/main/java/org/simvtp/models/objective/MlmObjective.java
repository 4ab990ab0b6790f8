package org.simvtp.models.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.Set;
import org.simvtp.models.ExecutionMode;
import org.simvtp.models.heads.MlmHead;

/**
 * Masked language modelling on the joint pass's text positions (spec §4.2): the model's {@link MlmHead} predicts
 * the original token at every masked position; cross-entropy averaged over the labelled positions (label ≠ −100).
 * Loss key {@code loss_t}.
 *
 * <p>Published {@code mlm_logits}: in the reference mode [B, L, V] (every text position); in the efficient mode
 * only the K labelled positions are scored, [K, V], in row-major (b, l) order.
 *
 * <pre>{@code
 * Objective mlm = MlmObjective.builder().optWeight(1.0).build();
 * }</pre>
 */
public final class MlmObjective extends AbstractObjective {

    private MlmObjective(Builder b) {
        super("mlm", "loss_t", b.weight);
    }

    /** A builder: weight 1. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Set<EncoderPass> passes() {
        return EnumSet.of(EncoderPass.JOINT);
    }

    @Override
    public Set<ModelPart> parts() {
        return EnumSet.of(ModelPart.MLM_HEAD);
    }

    @Override
    public NDArray loss(PretrainStep step) {
        NDArray jointText = step.jointTokens().get(new NDIndex(":, {}:", step.visibleCount()));
        MlmHead head = step.model().mlmHead();
        NDArray labels = step.inputs().mlmLabels();
        NDArray logits;
        NDArray loss;
        if (step.model().mode() == ExecutionMode.EFFICIENT) {
            NDArray rows = labelledRows(labels);
            long width = jointText.getShape().get(2);
            logits = head.logits(
                    gatherRows(jointText.reshape(-1, width), rows), step.model().textEmbeddings());
            loss = Losses.crossEntropy(logits, labels.reshape(-1).gather(rows, 0));
        } else {
            logits = head.logits(jointText, step.model().textEmbeddings());
            loss = Losses.maskedLanguageModel(logits, labels);
        }
        step.publish("mlm_logits", logits);
        return loss;
    }

    /**
     * Flat indices b·L + l of the labelled text positions (label ≠ −100), row-major, [K] int64. Computed by
     * PyTorch ({@code nonzero}), so the index autograd saves for the gathers is native memory.
     */
    private static NDArray labelledRows(NDArray labels) {
        return labels.reshape(-1).neq(Losses.IGNORE_INDEX).nonzero().reshape(-1);
    }

    /** Rows {@code rows} [K] of {@code x} [N, D] → [K, D], differentiable in {@code x}. */
    private static NDArray gatherRows(NDArray x, NDArray rows) {
        return x.gather(
                rows.reshape(-1, 1)
                        .broadcast(
                                new Shape(rows.getShape().get(0), x.getShape().get(1))),
                0);
    }

    @Override
    public String toString() {
        return "mlm(weight=" + weight() + ")";
    }

    /** Builder of {@link MlmObjective}. */
    public static final class Builder {
        private double weight = 1;

        private Builder() {}

        /** Loss weight; default 1. */
        public Builder optWeight(double weight) {
            this.weight = weight;
            return this;
        }

        /** Validates and builds. */
        public MlmObjective build() {
            return new MlmObjective(this);
        }
    }
}
