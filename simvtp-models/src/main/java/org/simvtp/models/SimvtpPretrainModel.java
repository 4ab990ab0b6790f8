package org.simvtp.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.VideoMask;
import org.simvtp.core.video.TokenGather;
import org.simvtp.core.video.VideoPatchifier;
import org.simvtp.models.nn.Initializers;
import org.simvtp.models.nn.Layers;
import org.simvtp.models.nn.ReferenceBlock;
import org.simvtp.models.nn.TextEmbedding;
import org.simvtp.models.nn.VideoDecoder;
import org.simvtp.models.nn.VitEncoder;

/**
 * The SimVTP pre-training model ({@code pretrain_simvtp_base_patch16_224}, spec §1.2 and §4).
 *
 * <p>One ViT encoder is shared by video and text. Per step it runs four encoder passes on the masked inputs:
 * <ol>
 *   <li>joint: visible video tokens (+ sinusoid) followed by the BERT-embedded masked caption, with an additive
 *       key mask on padding → MLM head on the text positions, and the video positions through
 *       {@code encoder_to_decoder} into the decoder, which predicts normalised pixels of the masked tubelets;</li>
 *   <li>video alone and 3. text alone, mean-pooled (text over all L positions, padding included) → cosine
 *       similarity → NormSoftmax contrastive loss (τ fixed);</li>
 *   <li>matching: B positive pairs and B pairs with a random other video of the batch → mean over all tokens →
 *       2-way head.</li>
 * </ol>
 * {@code new SimvtpPretrainModel(config, true)} selects an efficient mode that skips redundant work with the same
 * losses (see the constructor). Reference parameter names: {@code encoder.*}, {@code decoder.*},
 * {@code encoder_to_decoder.weight}, {@code mask_token}, {@code text_embeddings.*}, {@code text_cls.*},
 * {@code vtm_head.*}.
 *
 * <pre>{@code
 * SimvtpPretrainModel model = new SimvtpPretrainModel(SimvtpConfig.tiny());
 * model.initialize(manager);
 * PretrainOutput out = model.forward(inputs, true, new Random(0));
 * out.lossTotal().backward(); // inside a GradientCollector
 * }</pre>
 */
public final class SimvtpPretrainModel extends ReferenceBlock {

    private final SimvtpConfig config;
    private final boolean reuseJointForMatching;
    private final VideoPatchifier patchifier;
    private final VitEncoder encoder;
    private final VideoDecoder decoder;
    private final TextEmbedding textEmbeddings;
    private final Parameter encoderToDecoder;
    private final Parameter maskToken;
    private final Parameter textClsWeight;
    private final Parameter textClsBias;
    private final Parameter vtmWeight;
    private final Parameter vtmBias;

    /** Builds the reference model for {@code config}; call {@link #initialize(NDManager)} before use. */
    public SimvtpPretrainModel(SimvtpConfig config) {
        this(config, false);
    }

    /**
     * Builds the model in reference mode ({@code efficient = false}) or in efficient mode.
     *
     * <p>Efficient mode skips two kinds of work the reference does in vain, with the same losses up to float
     * rounding when dropout and drop-path are off:
     * <ul>
     *   <li>the B positive pairs of video-text matching reuse the joint pass instead of re-running the encoder
     *       on identical inputs (spec §11 item 15; with dropout they share the joint pass's dropout sample), so
     *       the matching pass runs on B instead of 2B pairs; its B negative pairs take the captions' text
     *       embedding from the joint pass too (one vocabulary-sized embedding gradient per step instead of
     *       two; with dropout, the same dropout sample);</li>
     *   <li>the MLM head ({@code text_cls}, log-softmax) runs only on the K labelled text positions (label ≠
     *       −100) instead of all B·L: the loss is the same mean over labelled positions, and
     *       {@link PretrainOutput#mlmLogits()} is then [K, V] (see there).</li>
     * </ul>
     * False reproduces the reference's four passes and tensors exactly.
     *
     * <pre>{@code
     * SimvtpPretrainModel fast = new SimvtpPretrainModel(SimvtpConfig.small(), true); // for training
     * }</pre>
     *
     * @param config model dimensions
     * @param efficient true for efficient mode, false for the reference's computation
     */
    public SimvtpPretrainModel(SimvtpConfig config, boolean efficient) {
        this.config = config;
        this.reuseJointForMatching = efficient;
        this.patchifier = VideoPatchifier.of(config);
        int width = config.encoderWidth();
        encoder = child("encoder", VitEncoder.pretraining(config));
        decoder = child("decoder", new VideoDecoder(config));
        encoderToDecoder = param("encoder_to_decoder.weight", Parameter.Type.WEIGHT,
                new Shape(config.decoderWidth(), width), Initializers.xavierUniform());
        maskToken = param("mask_token", Parameter.Type.WEIGHT, new Shape(1, 1, config.decoderWidth()),
                Initializers.truncatedNormal(0.02, 0.02));
        textEmbeddings = child("text_embeddings", VitEncoder.newTextEmbedding(config));
        textClsWeight = param("text_cls.weight", Parameter.Type.WEIGHT, new Shape(config.vocabSize(), width),
                Initializers.xavierUniform());
        textClsBias = param("text_cls.bias", Parameter.Type.BIAS, new Shape(config.vocabSize()),
                Initializers.zeros());
        vtmWeight = param("vtm_head.weight", Parameter.Type.WEIGHT, new Shape(2, width),
                Initializers.xavierUniform());
        vtmBias = param("vtm_head.bias", Parameter.Type.BIAS, new Shape(2), Initializers.zeros());
    }

    /** The configuration. */
    public SimvtpConfig config() {
        return config;
    }

    /**
     * Whether the model runs in efficient mode (see {@link #SimvtpPretrainModel(SimvtpConfig, boolean)});
     * false = reference exact.
     */
    public boolean efficient() {
        return reuseJointForMatching;
    }

    /**
     * Whether the matching pass reuses the joint pass for positive pairs; the same flag as {@link #efficient()},
     * kept for existing callers.
     */
    public boolean reusesJointForMatching() {
        return reuseJointForMatching;
    }

    /** The shared encoder. */
    public VitEncoder encoder() {
        return encoder;
    }

    /**
     * The BERT text embedding ({@code text_embeddings.*}) that feeds captions into the shared encoder, e.g. for
     * zero-shot retrieval: {@code encoder().blocks(textEmbeddings().forward(ids, false), additiveKeyMask(mask),
     * false)}.
     */
    public TextEmbedding textEmbeddings() {
        return textEmbeddings;
    }

    /**
     * Runs the full pre-training forward pass and the four losses.
     *
     * @param in the masked batch; arrays should live in a per-step manager (results attach to it)
     * @param training enables text-embedding dropout and drop-path
     * @param random draws VTM negatives when {@code in.vtmNegatives()} is null
     * @return all intermediate tensors and the losses
     */
    public PretrainOutput forward(PretrainInputs in, boolean training, Random random) {
        int batch = in.batchSize();
        NDManager m = in.video().getManager();
        VideoMask mask = in.videoMask();
        NDArray textKeyMask = additiveKeyMask(in.attentionMask());
        int visibleCount = mask.numTokens() - mask.maskedPerSample();

        // 1. joint pass [visible video | text], 3. video alone and text alone, 4. matching pairs (B positives,
        // then B negatives: caption i with video j != i)
        NDArray visible = TokenGather.visible(encoder.embedVideo(in.video()), mask);
        NDArray text = textEmbeddings.forward(in.inputIds(), training);
        NDArray negatives = in.vtmNegatives() != null ? in.vtmNegatives() : sampleNegatives(m, batch, random);
        EncodedPasses passes = reuseJointForMatching
                ? encodeEfficiently(visible, text, textKeyMask, negatives, training)
                : encodeAsReference(visible, text, in.inputIds(), textKeyMask, negatives, training);
        NDArray joint = passes.joint();
        NDArray pairTokens = passes.pairs();
        NDArray jointText = joint.get(new NDIndex(":, {}:", visibleCount));
        NDArray labelledRows = reuseJointForMatching ? labelledRows(in.mlmLabels()) : null;
        NDArray mlmLogits = Layers.linear(
                labelledRows == null ? jointText : gatherRows(jointText.reshape(-1, config.encoderWidth()),
                        labelledRows),
                weight(textClsWeight, joint), weight(textClsBias, joint));

        // 2. reconstruction of the masked tubelets
        NDArray decoderPrediction = decode(joint.get(new NDIndex(":, :{}", visibleCount)), mask, training);
        NDArray pixelTargets = TokenGather.masked(patchifier.normalizedTargets(in.video()), mask);

        NDArray videoFeatures = passes.video().mean(new int[] {1});
        NDArray textFeatures = passes.text().mean(new int[] {1});
        NDArray similarity = Losses.cosineSimilarity(textFeatures, videoFeatures);
        NDArray vtmLogits = Layers.linear(pairTokens.mean(new int[] {1}), weight(vtmWeight, pairTokens),
                weight(vtmBias, pairTokens));
        NDArray vtmLabels = NDArrays.concat(new NDList(
                m.ones(new Shape(batch), DataType.INT64), m.zeros(new Shape(batch), DataType.INT64)), 0);

        NDArray lossVideo = Losses.meanSquaredError(decoderPrediction, pixelTargets);
        NDArray lossText = labelledRows == null
                ? Losses.maskedLanguageModel(mlmLogits, in.mlmLabels())
                : Losses.crossEntropy(mlmLogits, in.mlmLabels().reshape(-1).gather(labelledRows, 0));
        NDArray lossVtc = Losses.normSoftmax(similarity, config.vtcTemperature());
        NDArray lossVtm = Losses.crossEntropy(vtmLogits, vtmLabels);
        NDArray total = lossVideo.mul(Layers.scalar(lossVideo, config.videoLossWeight()))
                .add(lossText.mul(Layers.scalar(lossText, config.textLossWeight())))
                .add(lossVtc.mul(Layers.scalar(lossVtc, config.vtcLossWeight())))
                .add(lossVtm.mul(Layers.scalar(lossVtm, config.vtmLossWeight())));
        return new PretrainOutput(joint, mlmLogits, pixelTargets, decoderPrediction, textFeatures, videoFeatures,
                similarity, vtmLogits, lossVideo, lossText, lossVtc, lossVtm, total);
    }

    /** The normalised encoder outputs of the four passes: joint, video alone, text alone, matching pairs. */
    private record EncodedPasses(NDArray joint, NDArray video, NDArray text, NDArray pairs) {}

    /** The reference's passes: joint, video, text, then the matching pass on 2B pairs with fresh embeddings. */
    private EncodedPasses encodeAsReference(NDArray visible, NDArray text, NDArray inputIds, NDArray textKeyMask,
            NDArray negatives, boolean training) {
        NDArray joint = joint(visible, text, textKeyMask, training);
        NDArray video = encoder.normTokens(encoder.blocks(visible, null, training));
        NDArray textOnly = encoder.normTokens(encoder.blocks(text, textKeyMask, training));
        NDArray pairVideo = NDArrays.concat(new NDList(visible, gatherBatch(visible, negatives)), 0);
        NDArray pairIds = NDArrays.concat(new NDList(inputIds, inputIds), 0);
        NDArray pairMask = NDArrays.concat(new NDList(textKeyMask, textKeyMask), 0);
        NDArray pairs = joint(pairVideo, textEmbeddings.forward(pairIds, training), pairMask, training);
        return new EncodedPasses(joint, video, textOnly, pairs);
    }

    /**
     * The efficient mode's passes: the joint pass doubles as the matching positives, the negatives reuse the
     * captions' embedding, and (without stochastic depth) the joint + negatives, video and text batches run
     * through the encoder together as stacked rows, so every linear layer is one large matrix product.
     */
    private EncodedPasses encodeEfficiently(NDArray visible, NDArray text, NDArray textKeyMask, NDArray negatives,
            boolean training) {
        int batch = Math.toIntExact(visible.getShape().get(0));
        NDArray pairMask = jointKeyMask(visible, textKeyMask);
        pairMask = NDArrays.concat(new NDList(pairMask, pairMask), 0);
        NDArray pairInput = NDArrays.concat(new NDList(
                NDArrays.concat(new NDList(visible, text), 1),
                NDArrays.concat(new NDList(gatherBatch(visible, negatives), text), 1)), 0);
        if (training && config.dropPathRate() > 0) {
            NDArray pairs = encoder.normTokens(encoder.blocks(pairInput, pairMask, true));
            return new EncodedPasses(pairs.get(new NDIndex(":{}", batch)),
                    encoder.normTokens(encoder.blocks(visible, null, true)),
                    encoder.normTokens(encoder.blocks(text, textKeyMask, true)), pairs);
        }
        List<NDArray> out = encoder.blocksPacked(List.of(pairInput, visible, text),
                Arrays.asList(pairMask, null, textKeyMask), training);
        NDArray pairs = encoder.normTokens(out.get(0));
        return new EncodedPasses(pairs.get(new NDIndex(":{}", batch)), encoder.normTokens(out.get(1)),
                encoder.normTokens(out.get(2)), pairs);
    }

    /** The additive key mask of [video | text] sequences: 0 for every video token, then the text mask. */
    private static NDArray jointKeyMask(NDArray video, NDArray textKeyMask) {
        Shape vs = video.getShape();
        return NDArrays.concat(new NDList(
                video.getManager().zeros(new Shape(vs.get(0), vs.get(1)), textKeyMask.getDataType()),
                textKeyMask), 1);
    }

    /** Joint encoder pass over [video tokens | text tokens] with the text key mask, then the encoder norm. */
    private NDArray joint(NDArray video, NDArray text, NDArray textKeyMask, boolean training) {
        NDArray tokens = NDArrays.concat(new NDList(video, text), 1);
        return encoder.normTokens(encoder.blocks(tokens, jointKeyMask(video, textKeyMask), training));
    }

    /** encoder_to_decoder, positions, mask tokens for the masked positions (placed last), decoder. */
    private NDArray decode(NDArray visibleOut, VideoMask mask, boolean training) {
        NDArray z = Layers.linear(visibleOut, weight(encoderToDecoder, visibleOut), null);
        Shape zs = z.getShape();
        NDArray table = decoder.positions(z.getManager()).expandDims(0)
                .broadcast(new Shape(zs.get(0), mask.numTokens(), zs.get(2)));
        NDArray visiblePart = z.add(TokenGather.visible(table, mask));
        NDArray maskedPart = TokenGather.masked(table, mask).add(weight(maskToken, table));
        NDArray full = NDArrays.concat(new NDList(visiblePart, maskedPart), 1);
        return decoder.forward(full, mask.maskedPerSample(), training);
    }

    /** The reference's additive key mask: 0 for real tokens, −10000 for padding; [B, L] float32. */
    public static NDArray additiveKeyMask(NDArray attentionMask) {
        return attentionMask.toType(DataType.FLOAT32, false).sub(1f).mul(10000f);
    }

    /** For each i a uniformly random j ≠ i (the reference's VTM negatives); needs B ≥ 2. */
    public static NDArray sampleNegatives(NDManager manager, int batch, Random random) {
        if (batch < 2) {
            throw new IllegalArgumentException(
                    "video-text matching needs at least 2 samples per batch to draw negatives, got " + batch);
        }
        long[] negatives = new long[batch];
        for (int i = 0; i < batch; i++) {
            int j = random.nextInt(batch - 1);
            negatives[i] = j >= i ? j + 1 : j;
        }
        return manager.create(negatives);
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
        return x.gather(rows.reshape(-1, 1).broadcast(new Shape(rows.getShape().get(0), x.getShape().get(1))), 0);
    }

    private static NDArray gatherBatch(NDArray x, NDArray rows) {
        Shape s = x.getShape();
        NDArray index = rows.reshape(-1, 1, 1).broadcast(new Shape(rows.getShape().get(0), s.get(1), s.get(2)));
        return x.gather(index, 0);
    }
}
