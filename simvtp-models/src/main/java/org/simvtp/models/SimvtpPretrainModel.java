package org.simvtp.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
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
 * Reference parameter names: {@code encoder.*}, {@code decoder.*}, {@code encoder_to_decoder.weight},
 * {@code mask_token}, {@code text_embeddings.*}, {@code text_cls.*}, {@code vtm_head.*}.
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
     * Builds the model, optionally without the reference's redundant matching pass on positive pairs.
     *
     * @param config model dimensions
     * @param reuseJointForMatching when true, the B positive pairs of video-text matching reuse the joint pass
     *     instead of re-running the encoder on identical inputs (spec §11 item 15): identical results without
     *     dropout and drop-path, a shared dropout sample with them; the matching pass then runs on B instead of
     *     2B pairs. False reproduces the reference's four passes exactly.
     */
    public SimvtpPretrainModel(SimvtpConfig config, boolean reuseJointForMatching) {
        this.config = config;
        this.reuseJointForMatching = reuseJointForMatching;
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

    /** Whether the matching pass reuses the joint pass for positive pairs (false = reference exact). */
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

        // 1. joint pass: [visible video | text]
        NDArray visible = TokenGather.visible(encoder.embedVideo(in.video()), mask);
        NDArray text = textEmbeddings.forward(in.inputIds(), training);
        NDArray joint = joint(visible, text, textKeyMask, training);
        NDArray mlmLogits = Layers.linear(
                joint.get(new NDIndex(":, {}:", visibleCount)), weight(textClsWeight, joint),
                weight(textClsBias, joint));

        // 2. reconstruction of the masked tubelets
        NDArray decoderPrediction = decode(joint.get(new NDIndex(":, :{}", visibleCount)), mask, training);
        NDArray pixelTargets = TokenGather.masked(patchifier.normalizedTargets(in.video()), mask);

        // 3. contrastive: video alone, text alone
        NDArray videoFeatures = encoder.normTokens(encoder.blocks(visible, null, training)).mean(new int[] {1});
        NDArray textFeatures = encoder.normTokens(encoder.blocks(text, textKeyMask, training)).mean(new int[] {1});
        NDArray similarity = Losses.cosineSimilarity(textFeatures, videoFeatures);

        // 4. matching: B positives then B negatives (caption i with video j != i)
        NDArray negatives = in.vtmNegatives() != null ? in.vtmNegatives() : sampleNegatives(m, batch, random);
        NDArray pairTokens;
        if (reuseJointForMatching) {
            NDArray negativeTokens = joint(gatherBatch(visible, negatives),
                    textEmbeddings.forward(in.inputIds(), training), textKeyMask, training);
            pairTokens = NDArrays.concat(new NDList(joint, negativeTokens), 0);
        } else {
            NDArray pairVideo = NDArrays.concat(new NDList(visible, gatherBatch(visible, negatives)), 0);
            NDArray pairIds = NDArrays.concat(new NDList(in.inputIds(), in.inputIds()), 0);
            NDArray pairMask = NDArrays.concat(new NDList(textKeyMask, textKeyMask), 0);
            pairTokens = joint(pairVideo, textEmbeddings.forward(pairIds, training), pairMask, training);
        }
        NDArray vtmLogits = Layers.linear(pairTokens.mean(new int[] {1}), weight(vtmWeight, pairTokens),
                weight(vtmBias, pairTokens));
        NDArray vtmLabels = NDArrays.concat(new NDList(
                m.ones(new Shape(batch), DataType.INT64), m.zeros(new Shape(batch), DataType.INT64)), 0);

        NDArray lossVideo = Losses.meanSquaredError(decoderPrediction, pixelTargets);
        NDArray lossText = Losses.maskedLanguageModel(mlmLogits, in.mlmLabels());
        NDArray lossVtc = Losses.normSoftmax(similarity, config.vtcTemperature());
        NDArray lossVtm = Losses.crossEntropy(vtmLogits, vtmLabels);
        NDArray total = lossVideo.mul(Layers.scalar(lossVideo, config.videoLossWeight()))
                .add(lossText.mul(Layers.scalar(lossText, config.textLossWeight())))
                .add(lossVtc.mul(Layers.scalar(lossVtc, config.vtcLossWeight())))
                .add(lossVtm.mul(Layers.scalar(lossVtm, config.vtmLossWeight())));
        return new PretrainOutput(joint, mlmLogits, pixelTargets, decoderPrediction, textFeatures, videoFeatures,
                similarity, vtmLogits, lossVideo, lossText, lossVtc, lossVtm, total);
    }

    /** Joint encoder pass over [video tokens | text tokens] with the text key mask, then the encoder norm. */
    private NDArray joint(NDArray video, NDArray text, NDArray textKeyMask, boolean training) {
        NDManager m = video.getManager();
        Shape vs = video.getShape();
        NDArray keyMask = NDArrays.concat(new NDList(
                m.zeros(new Shape(vs.get(0), vs.get(1)), textKeyMask.getDataType()), textKeyMask), 1);
        NDArray tokens = NDArrays.concat(new NDList(video, text), 1);
        return encoder.normTokens(encoder.blocks(tokens, keyMask, training));
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

    private static NDArray gatherBatch(NDArray x, NDArray rows) {
        Shape s = x.getShape();
        NDArray index = rows.reshape(-1, 1, 1).broadcast(new Shape(rows.getShape().get(0), s.get(1), s.get(2)));
        return x.gather(index, 0);
    }
}
