package org.simvtp.jmh.flops;

import java.util.ArrayList;
import java.util.List;
import org.simvtp.core.SimvtpConfig;

/**
 * Analytic FLOP counts of the matmuls of the SimVTP workloads (spec §4 and §1.3). Only matrix products are
 * counted — linear layers, the tubelet convolution (a matmul over non-overlapping tubelets), the two attention
 * products and the similarity/head products — each as {@code 2·m·k·n} (one multiply and one add per
 * multiply-add). Element-wise work (softmax, LayerNorm, GELU, losses, the optimizer) is deliberately left out:
 * the achieved rate is "useful matmul FLOPs per second", comparable with the yardstick matmul.
 *
 * <p>Notation: batch {@code B}, caption length {@code L}, encoder width {@code D}, MLP width {@code M},
 * depth {@code E}, heads do not matter; video tokens {@code N}, visible {@code Nv}, masked {@code Nm}, values per
 * tubelet {@code P}; decoder width {@code Dd}, MLP {@code Md}, depth {@code Ed}; vocabulary {@code V}.
 *
 * <p><b>Blocks.</b> One pre-norm ViT block on {@code s} sequences of {@code S} tokens:
 * <pre>
 * 2·s·S·(3D² + D² + 2·D·M)  qkv, output projection, fc1, fc2
 * + 2·s·S²·D + 2·s·S²·D     q·kᵀ and softmax·v over all heads
 * </pre>
 *
 * <p><b>Pre-training step</b> ({@link #pretrainStep}), forward:
 * <pre>
 * patch embed      2·B·N·P·D
 * encoder.joint    blocks(B, Nv + L)                       pass 1
 * head.mlm         2·B·L·D·V, or 2·K·D·V in the efficient mode (only the K labelled positions)
 * encoder_to_dec   2·B·Nv·D·Dd
 * decoder          blocks_d(B, N) + 2·B·Nm·Dd·P (head)
 * encoder.video    blocks(B, Nv)                           pass 2
 * encoder.text     blocks(B, L)                            pass 3
 * vtc similarity   2·B·B·D
 * encoder.matching blocks(2B, Nv + L), or blocks(B, Nv + L) in the efficient mode (joint pass reused)
 * head.vtm         2·2B·D·2
 * </pre>
 * Backward is twice the forward of every part (input and weight gradients), except the patch embedding,
 * whose input (the clip) carries no gradient: its backward is the weight gradient only, once its forward.
 *
 * <p><b>Fine-tuning step</b> ({@link #finetuneStep}): video tower {@code 2·B·N·P·D + blocks(B, N)} on whole
 * clips, text tower {@code blocks(B, L)}, similarity {@code 2·B·B·D}; backward as above.
 *
 * <p><b>Video encoder forward</b> ({@link #videoEncoderForward}): {@code 2·B·N·P·D + blocks(B, N)}, no
 * backward. Example, ViT-B, one clip: 2·1568·1536·768 + 12·(2·1568·(4·768² + 2·768·3072) + 4·1568²·768)
 * ≈ 3.70 + 266.4 + 90.6 ≈ 360.7 GFLOP.
 *
 * <pre>{@code
 * long mm = FlopCounter.matmul(2048, 2048, 2048);                        // 17.18 GFLOP
 * StepFlops step = FlopCounter.pretrainStep(SimvtpConfig.small(), 16, 32, true);
 * double ratio = (step.total() / stepSeconds) / (mm / matmulSeconds);
 * }</pre>
 */
public final class FlopCounter {

    private FlopCounter() {}

    /**
     * FLOPs of one {@code [m, k] × [k, n]} product: {@code 2·m·k·n}.
     *
     * @param m rows of the left operand
     * @param k inner dimension
     * @param n columns of the right operand
     * @return the FLOPs
     */
    public static long matmul(long m, long k, long n) {
        return Math.multiplyExact(2L, Math.multiplyExact(m, Math.multiplyExact(k, n)));
    }

    /**
     * Forward FLOPs of {@code depth} pre-norm ViT blocks (see the class comment).
     *
     * @param sequences number of sequences s
     * @param tokens tokens per sequence S
     * @param width token width D
     * @param mlpWidth MLP hidden width M
     * @param depth number of blocks
     * @return the FLOPs
     */
    public static long blocks(long sequences, long tokens, long width, long mlpWidth, long depth) {
        long projections = matmul(sequences * tokens, width, 3 * width) // qkv
                + matmul(sequences * tokens, width, width) // proj
                + matmul(sequences * tokens, width, mlpWidth) // fc1
                + matmul(sequences * tokens, mlpWidth, width); // fc2
        long attention = 2 * matmul(sequences * tokens, width, tokens); // q·kᵀ and softmax·v, all heads
        return Math.multiplyExact(depth, projections + attention);
    }

    /** Forward FLOPs of the encoder blocks of {@code config} on {@code sequences × tokens}. */
    public static long encoderBlocks(SimvtpConfig config, long sequences, long tokens) {
        return blocks(sequences, tokens, config.encoderWidth(), config.encoderMlpWidth(), config.encoderDepth());
    }

    /** Forward FLOPs of the tubelet embedding of {@code batch} clips: {@code 2·B·N·P·D}. */
    public static long patchEmbedding(SimvtpConfig config, long batch) {
        return matmul(batch * config.numVideoTokens(), config.patchDim(), config.encoderWidth());
    }

    /**
     * The video encoder on whole clips, inference only: patch embedding plus the blocks on all N tokens.
     *
     * @param config the model
     * @param batch clips per call
     * @return forward parts; backward counts are 0
     */
    public static StepFlops videoEncoderForward(SimvtpConfig config, int batch) {
        return new StepFlops(List.of(
                new StepFlops.Part("patch_embed", patchEmbedding(config, batch), 0),
                new StepFlops.Part("encoder.video", encoderBlocks(config, batch, config.numVideoTokens()), 0)));
    }

    /**
     * One pre-training step of {@code SimvtpPretrainModel} in the reference mode (four encoder passes, MLM head on
     * all B·L positions), or an upper bound of the efficient mode's step: forward and backward. Prefer
     * {@link #pretrainStep(SimvtpConfig, int, int, boolean, long)} for the efficient mode, which counts its MLM head
     * on the labelled positions only.
     *
     * @param config the model
     * @param batch clips per step B (at least 2)
     * @param textLength caption length L after padding
     * @param reuseJointForMatching whether the matching pass runs on the B negatives only
     * @return the parts
     */
    public static StepFlops pretrainStep(
            SimvtpConfig config, int batch, int textLength, boolean reuseJointForMatching) {
        return pretrainStep(config, batch, textLength, reuseJointForMatching, (long) batch * textLength);
    }

    /**
     * One pre-training step of {@code SimvtpPretrainModel}: four encoder passes (three when the joint pass is
     * reused for the matching positives), decoder, heads; forward and backward.
     *
     * @param config the model
     * @param batch clips per step B (at least 2)
     * @param textLength caption length L after padding
     * @param reuseJointForMatching whether the matching pass runs on the B negatives only
     * @param mlmRows positions entering the MLM head: B·L in the reference mode, the number of labelled
     *     (masked) tokens in the efficient mode
     * @return the parts
     */
    public static StepFlops pretrainStep(
            SimvtpConfig config, int batch, int textLength, boolean reuseJointForMatching, long mlmRows) {
        if (mlmRows < 0 || mlmRows > (long) batch * textLength) {
            throw new IllegalArgumentException("MLM rows must be in [0, B·L], got " + mlmRows);
        }
        long b = batch;
        long l = textLength;
        long d = config.encoderWidth();
        long nv = config.numVisibleTokens();
        long nm = config.numVideoTokens() - nv;
        long dd = config.decoderWidth();
        List<StepFlops.Part> parts = new ArrayList<>();
        parts.add(new StepFlops.Part("patch_embed", patchEmbedding(config, b), patchEmbedding(config, b)));
        trained(parts, "encoder.joint", encoderBlocks(config, b, nv + l));
        trained(parts, "head.mlm", matmul(mlmRows, d, config.vocabSize()));
        trained(parts, "encoder_to_decoder", matmul(b * nv, d, dd));
        trained(
                parts,
                "decoder",
                blocks(b, config.numVideoTokens(), dd, config.decoderMlpWidth(), config.decoderDepth())
                        + matmul(b * nm, dd, config.patchDim()));
        trained(parts, "encoder.video", encoderBlocks(config, b, nv));
        trained(parts, "encoder.text", encoderBlocks(config, b, l));
        trained(parts, "vtc.similarity", matmul(b, d, b));
        trained(parts, "encoder.matching", encoderBlocks(config, reuseJointForMatching ? b : 2 * b, nv + l));
        trained(parts, "head.vtm", matmul(2 * b, d, 2));
        return new StepFlops(parts);
    }

    /**
     * One fine-tuning step of {@code DualEncoder}: video tower on whole clips, text tower, similarity; forward
     * and backward.
     *
     * @param config the model
     * @param batch clip-caption pairs per step
     * @param textLength caption length L after padding
     * @return the parts
     */
    public static StepFlops finetuneStep(SimvtpConfig config, int batch, int textLength) {
        long b = batch;
        List<StepFlops.Part> parts = new ArrayList<>();
        parts.add(new StepFlops.Part("patch_embed", patchEmbedding(config, b), patchEmbedding(config, b)));
        trained(parts, "encoder.video", encoderBlocks(config, b, config.numVideoTokens()));
        trained(parts, "encoder.text", encoderBlocks(config, b, textLength));
        trained(parts, "similarity", matmul(b, config.encoderWidth(), b));
        return new StepFlops(parts);
    }

    private static void trained(List<StepFlops.Part> parts, String name, long forward) {
        parts.add(new StepFlops.Part(name, forward, 2 * forward));
    }
}
