package org.simvtp.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.ReferenceTextMasking;
import org.simvtp.core.masking.TextMaskingConfig;
import org.simvtp.core.masking.TextMaskingStrategy;
import org.simvtp.core.masking.TubeMasking;
import org.simvtp.core.masking.VideoMask;
import org.simvtp.core.masking.VideoMaskingStrategy;
import org.simvtp.core.video.TokenGather;
import org.simvtp.core.video.VideoPatchifier;
import org.simvtp.models.heads.MlmHead;
import org.simvtp.models.heads.VtmHead;
import org.simvtp.models.nn.Initializers;
import org.simvtp.models.nn.Layers;
import org.simvtp.models.nn.PixelDecoder;
import org.simvtp.models.nn.ReferenceBlock;
import org.simvtp.models.nn.TextEmbedding;
import org.simvtp.models.nn.VitEncoder;
import org.simvtp.models.objective.EncoderPass;
import org.simvtp.models.objective.FeatureGather;
import org.simvtp.models.objective.ModelPart;
import org.simvtp.models.objective.Objective;
import org.simvtp.models.objective.PretrainStep;
import org.simvtp.models.objective.ReferenceObjectives;

/**
 * The SimVTP pre-training model ({@code pretrain_simvtp_base_patch16_224}, spec §1.2 and §4), composed of parts and
 * objectives.
 *
 * <p>One ViT encoder is shared by video and text. The video masking (tube, 90 %) and text masking (Bernoulli
 * 75 %, all → [MASK]) strategies are chosen here too; batches are assembled with them. Per step the model asks
 * its {@link Objective}s which encoder passes they need, runs their union once and sums the weighted losses. The
 * reference's four objectives ({@link ReferenceObjectives}) are:
 * <ol>
 *   <li>pixel reconstruction: joint pass [visible video | masked caption] → {@code encoder_to_decoder}, mask
 *       tokens, {@link PixelDecoder} → normalised pixels of the masked tubelets, MSE;</li>
 *   <li>masked language modelling: joint pass text positions → {@link MlmHead} → cross-entropy;</li>
 *   <li>VTC: video alone and text alone, mean-pooled → cosine similarity → NormSoftmax (τ fixed);</li>
 *   <li>VTM: B positive and B mismatched pairs through the joint encoder → mean → {@link VtmHead}.</li>
 * </ol>
 * Parts exist only when an objective needs them (or the builder was given one): a model without the pixel
 * objective has no decoder and computes none. Reference parameter names: {@code encoder.*}, {@code decoder.*},
 * {@code encoder_to_decoder.weight}, {@code mask_token}, {@code text_embeddings.*}, {@code text_cls.*},
 * {@code vtm_head.*}; an objective's own parameters are {@code <objective name>.*}.
 *
 * <pre>{@code
 * SimvtpPretrainModel model = SimvtpPretrainModel.tiny()                       // preset: a builder
 *         .optMode(ExecutionMode.EFFICIENT)
 *         .optObjectives(List.of(PixelObjective.builder().build(), MlmObjective.builder().build(),
 *                 VtcObjective.builder().optNegatives(VtcObjective.Negatives.GLOBAL).build(),
 *                 VtmObjective.builder().optNegatives(VtmObjective.Negatives.HARD).build()))
 *         .build();
 * model.initialize(manager);
 * try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
 *     PretrainOutput out = model.forward(inputs, true, new Random(0));
 *     gc.backward(out.lossTotal());
 * }
 * }</pre>
 */
public final class SimvtpPretrainModel extends ReferenceBlock {

    private final SimvtpConfig config;
    private final ExecutionMode mode;
    private final VideoMaskingStrategy videoMasking;
    private final TextMaskingStrategy textMasking;
    private final List<Objective> objectives;
    private final Set<EncoderPass> passes;
    private final VideoPatchifier patchifier;
    private final VitEncoder encoder;
    private final PixelDecoder decoder;
    private final TextEmbedding textEmbeddings;
    private final MlmHead mlmHead;
    private final VtmHead vtmHead;
    private final Parameter encoderToDecoder;
    private final Parameter maskToken;

    private SimvtpPretrainModel(Builder b, Parts parts) {
        config = parts.config;
        mode = b.mode;
        videoMasking = b.videoMasking != null ? b.videoMasking : TubeMasking.of(config);
        textMasking = b.textMasking != null ? b.textMasking : new ReferenceTextMasking(TextMaskingConfig.of(config));
        objectives = List.copyOf(parts.objectives);
        Set<EncoderPass> union = EnumSet.noneOf(EncoderPass.class);
        objectives.forEach(o -> union.addAll(o.passes()));
        passes = java.util.Collections.unmodifiableSet(union);
        patchifier = VideoPatchifier.of(config);
        // registration order = the reference's state-dict order (and the order parameters are initialised in)
        encoder = child("encoder", parts.encoder);
        decoder = parts.decoder == null ? null : child("decoder", parts.decoder);
        encoderToDecoder = decoder == null
                ? null
                : param(
                        "encoder_to_decoder.weight",
                        Parameter.Type.WEIGHT,
                        new Shape(decoder.width(), encoder.width()),
                        Initializers.xavierUniform());
        maskToken = decoder == null
                ? null
                : param(
                        "mask_token",
                        Parameter.Type.WEIGHT,
                        new Shape(1, 1, decoder.width()),
                        Initializers.truncatedNormal(0.02, 0.02));
        textEmbeddings = child("text_embeddings", VitEncoder.newTextEmbedding(config));
        mlmHead = parts.mlmHead == null ? null : child("text_cls", parts.mlmHead);
        vtmHead = parts.vtmHead == null ? null : child("vtm_head", parts.vtmHead);
        for (Objective o : objectives) {
            o.block().ifPresent(block -> child(o.name(), block));
        }
    }

    /** A builder; {@link Builder#setConfig} is required (or start from {@link #base()}, {@link #small()}, {@link #tiny()}). */
    public static Builder builder() {
        return new Builder();
    }

    /** The reference ViT-B/16 model ({@link SimvtpConfig#vitBase()}), as a builder. */
    public static Builder base() {
        return builder().setConfig(SimvtpConfig.vitBase());
    }

    /** The CPU-sized small preset ({@link SimvtpConfig#small()}), as a builder. */
    public static Builder small() {
        return builder().setConfig(SimvtpConfig.small());
    }

    /** The tiny preset ({@link SimvtpConfig#tiny()}), as a builder. */
    public static Builder tiny() {
        return builder().setConfig(SimvtpConfig.tiny());
    }

    /** The configuration (its encoder and decoder fields describe the parts in use). */
    public SimvtpConfig config() {
        return config;
    }

    /** How steps are computed. */
    public ExecutionMode mode() {
        return mode;
    }

    /** The video masking strategy batches for this model are assembled with. */
    public VideoMaskingStrategy videoMasking() {
        return videoMasking;
    }

    /** The text masking strategy batches for this model are assembled with. */
    public TextMaskingStrategy textMasking() {
        return textMasking;
    }

    /** The objectives, in the order their losses are summed. */
    public List<Objective> objectives() {
        return objectives;
    }

    /** The union of the objectives' encoder passes. */
    public Set<EncoderPass> passes() {
        return passes;
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

    /** The pixel decoder, or null when the model has none. */
    public PixelDecoder pixelDecoder() {
        return decoder;
    }

    /** The MLM head ({@code text_cls}), or null when the model has none. */
    public MlmHead mlmHead() {
        return mlmHead;
    }

    /** The VTM head ({@code vtm_head}), or null when the model has none. */
    public VtmHead vtmHead() {
        return vtmHead;
    }

    /** Cuts clips into tubelets and computes pixel targets for this geometry. */
    public VideoPatchifier patchifier() {
        return patchifier;
    }

    /**
     * Runs the pre-training forward pass and the objectives in one process.
     *
     * @param in the masked batch; arrays should live in a per-step manager (results attach to it)
     * @param training enables text-embedding dropout and drop-path
     * @param random the step's random source (e.g. VTM negatives when {@code in.vtmNegatives()} is null)
     * @return the losses, their weighted sum and the published tensors
     */
    public PretrainOutput forward(PretrainInputs in, boolean training, Random random) {
        return forward(in, training, random, FeatureGather.LOCAL);
    }

    /**
     * Runs the pre-training forward pass and the objectives.
     *
     * @param in the masked batch; arrays should live in a per-step manager (results attach to it)
     * @param training enables text-embedding dropout and drop-path
     * @param random the step's random source
     * @param gather feature exchange with the other processes of a data-parallel run
     * @return the losses, their weighted sum and the published tensors
     */
    public PretrainOutput forward(PretrainInputs in, boolean training, Random random, FeatureGather gather) {
        PretrainStep step = new PretrainStep(this, in, training, random, gather);
        objectives.forEach(o -> o.prepare(step));
        step.run(passes);
        Map<String, NDArray> losses = new LinkedHashMap<>();
        NDArray total = null;
        for (Objective o : objectives) {
            NDArray loss = o.loss(step);
            losses.put(o.lossName(), loss);
            if (o.weight() != 0) {
                NDArray term = loss.mul(Layers.scalar(loss, o.weight()));
                total = total == null ? term : total.add(term);
            }
        }
        if (total == null) { // every weight is 0: a zero that still belongs to the graph
            NDArray any = losses.values().iterator().next();
            total = any.mul(Layers.scalar(any, 0));
        }
        return new PretrainOutput(losses, total, step.published());
    }

    /**
     * The pixel decoder's prediction for the masked tubelets: {@code encoder_to_decoder} on the visible tokens,
     * the decoder's positions added, mask tokens (+ positions) appended for the masked positions, decoder.
     *
     * @param visibleOut encoder outputs of the visible video tokens [B, Nv, D]
     * @param mask the tube mask
     * @param training whether training
     * @return [B, Nm, patchDim]
     * @throws IllegalStateException when the model has no pixel decoder
     */
    public NDArray decodePixels(NDArray visibleOut, VideoMask mask, boolean training) {
        if (decoder == null) {
            throw new IllegalStateException("this model has no pixel decoder (no pixel objective)");
        }
        NDArray z = Layers.linear(visibleOut, weight(encoderToDecoder, visibleOut), null);
        Shape zs = z.getShape();
        NDArray table = decoder.positions(z.getManager())
                .expandDims(0)
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

    /** The parts a build resolved: configuration, encoder, optional decoder and heads, objectives. */
    private record Parts(
            SimvtpConfig config,
            VitEncoder encoder,
            PixelDecoder decoder,
            MlmHead mlmHead,
            VtmHead vtmHead,
            List<Objective> objectives) {}

    /**
     * Builder of {@link SimvtpPretrainModel}: configuration (required), execution mode, masking strategies, parts
     * and objectives. Defaults reproduce the reference. Parts and objectives that own parameters are instances:
     * give fresh ones to every model you build (e.g. build inside a {@code Supplier} for the trainer's replicas).
     */
    public static final class Builder {
        private SimvtpConfig config;
        private ExecutionMode mode = ExecutionMode.REFERENCE;
        private VideoMaskingStrategy videoMasking;
        private TextMaskingStrategy textMasking;
        private VitEncoder encoder;
        private PixelDecoder decoder;
        private MlmHead mlmHead;
        private VtmHead vtmHead;
        private List<Objective> objectives;
        private final List<Objective> added = new ArrayList<>();

        private Builder() {}

        /** Model dimensions, masking ratios and default loss weights (required). */
        public Builder setConfig(SimvtpConfig config) {
            this.config = config;
            return this;
        }

        /** How steps are computed; default {@link ExecutionMode#REFERENCE}. */
        public Builder optMode(ExecutionMode mode) {
            this.mode = java.util.Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Video masking; default {@code TubeMasking.of(config)} (the reference). */
        public Builder optVideoMasking(VideoMaskingStrategy videoMasking) {
            this.videoMasking = videoMasking;
            return this;
        }

        /** Text masking; default the reference's Bernoulli masking at {@code config.textMaskRatio()}. */
        public Builder optTextMasking(TextMaskingStrategy textMasking) {
            this.textMasking = textMasking;
            return this;
        }

        /** The shared encoder; default {@code VitEncoder.pretraining(config)}. It defines the model's width. */
        public Builder optEncoder(VitEncoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /** The pixel decoder; default {@code new PixelDecoder(config)} when an objective needs one. */
        public Builder optPixelDecoder(PixelDecoder decoder) {
            this.decoder = decoder;
            return this;
        }

        /** The MLM head; default the reference's linear head when an objective needs one. */
        public Builder optMlmHead(MlmHead mlmHead) {
            this.mlmHead = mlmHead;
            return this;
        }

        /** The VTM head; default a fresh one when an objective needs one. */
        public Builder optVtmHead(VtmHead vtmHead) {
            this.vtmHead = vtmHead;
            return this;
        }

        /**
         * The objectives, replacing the default ({@link ReferenceObjectives#of} the configuration); their losses
         * are summed in this order.
         */
        public Builder optObjectives(List<? extends Objective> objectives) {
            this.objectives = List.copyOf(objectives);
            return this;
        }

        /** Appends an objective to the list (the reference's four unless {@link #optObjectives} replaced them). */
        public Builder addObjective(Objective objective) {
            added.add(java.util.Objects.requireNonNull(objective, "objective"));
            return this;
        }

        /**
         * Validates the composition and builds an uninitialised model.
         *
         * @throws IllegalArgumentException naming the problem: no configuration or objectives, duplicate objective
         *     names, parts whose sizes disagree with the encoder or the video geometry, or an objective's own check
         *     ({@link Objective#validate})
         */
        public SimvtpPretrainModel build() {
            if (config == null) {
                throw new IllegalArgumentException("SimvtpPretrainModel needs a configuration (setConfig, or start"
                        + " from SimvtpPretrainModel.base(), small() or tiny())");
            }
            List<Objective> all = new ArrayList<>(objectives != null ? objectives : ReferenceObjectives.of(config));
            all.addAll(added);
            if (all.isEmpty()) {
                throw new IllegalArgumentException("a pre-training model needs at least one objective");
            }
            Set<String> names = new HashSet<>();
            Set<ModelPart> needed = EnumSet.noneOf(ModelPart.class);
            for (Objective o : all) {
                if (!names.add(o.name())) {
                    throw new IllegalArgumentException("two objectives are named '" + o.name() + "'");
                }
                if (o.block().isPresent() && RESERVED.contains(o.name())) {
                    throw new IllegalArgumentException("objective '" + o.name() + "' owns parameters under a name the"
                            + " model uses for its parts; rename it");
                }
                needed.addAll(o.parts());
            }
            for (Objective o : all) {
                o.validate(List.copyOf(all));
            }
            VitEncoder enc = encoder != null ? encoder : VitEncoder.pretraining(config);
            if (enc.finalNorm() != VitEncoder.FinalNorm.PER_TOKEN) {
                throw new IllegalArgumentException(
                        "the pre-training encoder needs a per-token final norm, got " + enc.finalNorm());
            }
            SimvtpConfig effective = enc.config();
            checkGeometry(effective, "encoder");
            PixelDecoder dec = decoder != null
                    ? decoder
                    : needed.contains(ModelPart.PIXEL_DECODER) ? new PixelDecoder(config) : null;
            if (dec != null) {
                checkGeometry(dec.config(), "pixel decoder");
                effective = effective.toBuilder()
                        .optDecoderWidth(dec.width())
                        .optDecoderDepth(dec.config().decoderDepth())
                        .optDecoderHeads(dec.config().decoderHeads())
                        .build();
            }
            MlmHead mlm = mlmHead != null
                    ? mlmHead
                    : needed.contains(ModelPart.MLM_HEAD)
                            ? MlmHead.builder()
                                    .setWidth(enc.width())
                                    .setVocabSize(config.vocabSize())
                                    .build()
                            : null;
            if (mlm != null && (mlm.width() != enc.width() || mlm.vocabSize() != config.vocabSize())) {
                throw new IllegalArgumentException("the MLM head maps " + mlm.width() + " → " + mlm.vocabSize()
                        + ", the model needs " + enc.width() + " → " + config.vocabSize());
            }
            VtmHead vtm =
                    vtmHead != null ? vtmHead : needed.contains(ModelPart.VTM_HEAD) ? new VtmHead(enc.width()) : null;
            if (vtm != null && vtm.width() != enc.width()) {
                throw new IllegalArgumentException(
                        "the VTM head's width " + vtm.width() + " differs from the encoder's " + enc.width());
            }
            return new SimvtpPretrainModel(this, new Parts(effective, enc, dec, mlm, vtm, all));
        }

        private void checkGeometry(SimvtpConfig part, String what) {
            if (part.numVideoTokens() != config.numVideoTokens() || part.patchDim() != config.patchDim()) {
                throw new IllegalArgumentException("the " + what + " expects " + part.numVideoTokens() + " tokens of "
                        + part.patchDim() + " values, the configuration " + config.numVideoTokens() + " of "
                        + config.patchDim());
            }
        }

        private static final Set<String> RESERVED = Set.of(
                "encoder", "decoder", "encoder_to_decoder", "mask_token", "text_embeddings", "text_cls", "vtm_head");
    }
}
