package org.simvtp.models;

/**
 * How {@link SimvtpPretrainModel} computes a step.
 *
 * <pre>{@code
 * SimvtpPretrainModel model = SimvtpPretrainModel.small().optMode(ExecutionMode.EFFICIENT).build();
 * }</pre>
 */
public enum ExecutionMode {
    /** The reference's passes and tensors exactly: four encoder calls, MLM logits at every text position. */
    REFERENCE,
    /**
     * The same losses and gradients without dropout, with less work: the matching positives reuse the joint
     * pass, the mismatched pairs reuse the caption embedding, the MLM head scores only labelled positions, and
     * the passes are stacked into one encoder call (without stochastic depth).
     */
    EFFICIENT
}
