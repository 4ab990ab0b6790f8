package org.simvtp.core;

import java.util.Objects;

/**
 * Immutable description of a SimVTP model: video geometry, encoder, text embedding, decoder, masking and
 * loss settings.
 *
 * <p>{@link #vitBase()} is the reference configuration ({@code pretrain_simvtp_base_patch16_224}, decoder
 * depth 4). {@link #small()} and {@link #tiny()} are CPU-sized presets in which the text embedding follows the
 * encoder width (the reference hard-wires 768). Every value is validated once, in {@link Builder#build()}, with a
 * message naming the offending field.
 *
 * <pre>{@code
 * SimvtpConfig config = SimvtpConfig.tiny().toBuilder().optNumFrames(8).build();
 * int tokens = config.numVideoTokens(); // (8 / 2) * (64 / 16) * (64 / 16) = 64
 * }</pre>
 */
public final class SimvtpConfig {

    private final int imageSize;
    private final int patchSize;
    private final int tubeletSize;
    private final int numFrames;
    private final int channels;
    private final int encoderWidth;
    private final int encoderDepth;
    private final int encoderHeads;
    private final double mlpRatio;
    private final double layerNormEps;
    private final double textLayerNormEps;
    private final int vocabSize;
    private final int maxTextPositions;
    private final int typeVocabSize;
    private final double textEmbeddingDropout;
    private final int decoderWidth;
    private final int decoderDepth;
    private final int decoderHeads;
    private final double dropPathRate;
    private final double videoMaskRatio;
    private final double textMaskRatio;
    private final double vtcTemperature;
    private final double videoLossWeight;
    private final double textLossWeight;
    private final double vtcLossWeight;
    private final double vtmLossWeight;

    private SimvtpConfig(Builder b) {
        imageSize = b.imageSize;
        patchSize = b.patchSize;
        tubeletSize = b.tubeletSize;
        numFrames = b.numFrames;
        channels = b.channels;
        encoderWidth = b.encoderWidth;
        encoderDepth = b.encoderDepth;
        encoderHeads = b.encoderHeads;
        mlpRatio = b.mlpRatio;
        layerNormEps = b.layerNormEps;
        textLayerNormEps = b.textLayerNormEps;
        vocabSize = b.vocabSize;
        maxTextPositions = b.maxTextPositions;
        typeVocabSize = b.typeVocabSize;
        textEmbeddingDropout = b.textEmbeddingDropout;
        decoderWidth = b.decoderWidth;
        decoderDepth = b.decoderDepth;
        decoderHeads = b.decoderHeads;
        dropPathRate = b.dropPathRate;
        videoMaskRatio = b.videoMaskRatio;
        textMaskRatio = b.textMaskRatio;
        vtcTemperature = b.vtcTemperature;
        videoLossWeight = b.videoLossWeight;
        textLossWeight = b.textLossWeight;
        vtcLossWeight = b.vtcLossWeight;
        vtmLossWeight = b.vtmLossWeight;
    }

    /** The reference ViT-B/16 pre-training configuration (spec §1.2): 224², 16 frames, 768×12, decoder 384×4. */
    public static SimvtpConfig vitBase() {
        return builder().build();
    }

    /** A CPU-sized preset: 112², 8 frames, encoder 384×6 (6 heads), decoder 192×2 (3 heads). */
    public static SimvtpConfig small() {
        return builder()
                .optImageSize(112)
                .optNumFrames(8)
                .optEncoderWidth(384)
                .optEncoderDepth(6)
                .optEncoderHeads(6)
                .optDecoderWidth(192)
                .optDecoderDepth(2)
                .optDecoderHeads(3)
                .build();
    }

    /** The smallest useful preset, for tests and the quick-start: 64², 8 frames, encoder 128×4, decoder 64×2. */
    public static SimvtpConfig tiny() {
        return builder()
                .optImageSize(64)
                .optNumFrames(8)
                .optEncoderWidth(128)
                .optEncoderDepth(4)
                .optEncoderHeads(4)
                .optDecoderWidth(64)
                .optDecoderDepth(2)
                .optDecoderHeads(2)
                .build();
    }

    /** A builder holding the {@link #vitBase()} values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with this configuration's values, for derived variants. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public int imageSize() {
        return imageSize;
    }

    public int patchSize() {
        return patchSize;
    }

    public int tubeletSize() {
        return tubeletSize;
    }

    public int numFrames() {
        return numFrames;
    }

    public int channels() {
        return channels;
    }

    public int encoderWidth() {
        return encoderWidth;
    }

    public int encoderDepth() {
        return encoderDepth;
    }

    public int encoderHeads() {
        return encoderHeads;
    }

    public double mlpRatio() {
        return mlpRatio;
    }

    public double layerNormEps() {
        return layerNormEps;
    }

    public double textLayerNormEps() {
        return textLayerNormEps;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int maxTextPositions() {
        return maxTextPositions;
    }

    public int typeVocabSize() {
        return typeVocabSize;
    }

    public double textEmbeddingDropout() {
        return textEmbeddingDropout;
    }

    public int decoderWidth() {
        return decoderWidth;
    }

    public int decoderDepth() {
        return decoderDepth;
    }

    public int decoderHeads() {
        return decoderHeads;
    }

    public double dropPathRate() {
        return dropPathRate;
    }

    public double videoMaskRatio() {
        return videoMaskRatio;
    }

    public double textMaskRatio() {
        return textMaskRatio;
    }

    public double vtcTemperature() {
        return vtcTemperature;
    }

    public double videoLossWeight() {
        return videoLossWeight;
    }

    public double textLossWeight() {
        return textLossWeight;
    }

    public double vtcLossWeight() {
        return vtcLossWeight;
    }

    public double vtmLossWeight() {
        return vtmLossWeight;
    }

    /** Tokens along time: {@code numFrames / tubeletSize}. */
    public int gridTime() {
        return numFrames / tubeletSize;
    }

    /** Tokens along each spatial side: {@code imageSize / patchSize}. */
    public int gridSide() {
        return imageSize / patchSize;
    }

    /** Tokens per temporal slice: {@code gridSide²}. */
    public int tokensPerFrame() {
        return gridSide() * gridSide();
    }

    /** All video tokens: {@code gridTime · gridSide²} (1568 for ViT-B). */
    public int numVideoTokens() {
        return gridTime() * tokensPerFrame();
    }

    /** Masked tokens per temporal slice under tube masking: {@code floor(ratio · gridSide²)}. */
    public int maskedPerFrame() {
        return (int) Math.floor(videoMaskRatio * tokensPerFrame());
    }

    /** Visible video tokens per sample under tube masking (160 for ViT-B). */
    public int numVisibleTokens() {
        return gridTime() * (tokensPerFrame() - maskedPerFrame());
    }

    /** Values per tubelet: {@code channels · tubelet · patch²} (1536 for ViT-B). */
    public int patchDim() {
        return channels * tubeletSize * patchSize * patchSize;
    }

    /** Hidden width of the encoder MLP. */
    public int encoderMlpWidth() {
        return (int) (encoderWidth * mlpRatio);
    }

    /** Hidden width of the decoder MLP. */
    public int decoderMlpWidth() {
        return (int) (decoderWidth * mlpRatio);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimvtpConfig && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "SimvtpConfig{imageSize=" + imageSize + ", patchSize=" + patchSize + ", tubeletSize=" + tubeletSize
                + ", numFrames=" + numFrames + ", channels=" + channels + ", encoderWidth=" + encoderWidth
                + ", encoderDepth=" + encoderDepth + ", encoderHeads=" + encoderHeads + ", mlpRatio=" + mlpRatio
                + ", layerNormEps=" + layerNormEps + ", textLayerNormEps=" + textLayerNormEps
                + ", vocabSize=" + vocabSize + ", maxTextPositions=" + maxTextPositions
                + ", typeVocabSize=" + typeVocabSize + ", textEmbeddingDropout=" + textEmbeddingDropout
                + ", decoderWidth=" + decoderWidth + ", decoderDepth=" + decoderDepth
                + ", decoderHeads=" + decoderHeads + ", dropPathRate=" + dropPathRate
                + ", videoMaskRatio=" + videoMaskRatio + ", textMaskRatio=" + textMaskRatio
                + ", vtcTemperature=" + vtcTemperature + ", videoLossWeight=" + videoLossWeight
                + ", textLossWeight=" + textLossWeight + ", vtcLossWeight=" + vtcLossWeight
                + ", vtmLossWeight=" + vtmLossWeight + "}";
    }

    /** Builder of {@link SimvtpConfig}; every value is optional and starts from the reference ViT-B value. */
    public static final class Builder {
        private int imageSize = 224;
        private int patchSize = 16;
        private int tubeletSize = 2;
        private int numFrames = 16;
        private int channels = 3;
        private int encoderWidth = 768;
        private int encoderDepth = 12;
        private int encoderHeads = 12;
        private double mlpRatio = 4.0;
        private double layerNormEps = 1e-6;
        private double textLayerNormEps = 1e-12;
        private int vocabSize = 30522;
        private int maxTextPositions = 512;
        private int typeVocabSize = 2;
        private double textEmbeddingDropout = 0.1;
        private int decoderWidth = 384;
        private int decoderDepth = 4;
        private int decoderHeads = 6;
        private double dropPathRate = 0.0;
        private double videoMaskRatio = 0.9;
        private double textMaskRatio = 0.75;
        private double vtcTemperature = 0.05;
        private double videoLossWeight = 1.0;
        private double textLossWeight = 1.0;
        private double vtcLossWeight = 1.0;
        private double vtmLossWeight = 1.0;

        private Builder() {}

        private Builder(SimvtpConfig c) {
            imageSize = c.imageSize;
            patchSize = c.patchSize;
            tubeletSize = c.tubeletSize;
            numFrames = c.numFrames;
            channels = c.channels;
            encoderWidth = c.encoderWidth;
            encoderDepth = c.encoderDepth;
            encoderHeads = c.encoderHeads;
            mlpRatio = c.mlpRatio;
            layerNormEps = c.layerNormEps;
            textLayerNormEps = c.textLayerNormEps;
            vocabSize = c.vocabSize;
            maxTextPositions = c.maxTextPositions;
            typeVocabSize = c.typeVocabSize;
            textEmbeddingDropout = c.textEmbeddingDropout;
            decoderWidth = c.decoderWidth;
            decoderDepth = c.decoderDepth;
            decoderHeads = c.decoderHeads;
            dropPathRate = c.dropPathRate;
            videoMaskRatio = c.videoMaskRatio;
            textMaskRatio = c.textMaskRatio;
            vtcTemperature = c.vtcTemperature;
            videoLossWeight = c.videoLossWeight;
            textLossWeight = c.textLossWeight;
            vtcLossWeight = c.vtcLossWeight;
            vtmLossWeight = c.vtmLossWeight;
        }

        public Builder optImageSize(int v) {
            imageSize = v;
            return this;
        }

        public Builder optPatchSize(int v) {
            patchSize = v;
            return this;
        }

        public Builder optTubeletSize(int v) {
            tubeletSize = v;
            return this;
        }

        public Builder optNumFrames(int v) {
            numFrames = v;
            return this;
        }

        public Builder optChannels(int v) {
            channels = v;
            return this;
        }

        public Builder optEncoderWidth(int v) {
            encoderWidth = v;
            return this;
        }

        public Builder optEncoderDepth(int v) {
            encoderDepth = v;
            return this;
        }

        public Builder optEncoderHeads(int v) {
            encoderHeads = v;
            return this;
        }

        public Builder optMlpRatio(double v) {
            mlpRatio = v;
            return this;
        }

        public Builder optLayerNormEps(double v) {
            layerNormEps = v;
            return this;
        }

        public Builder optTextLayerNormEps(double v) {
            textLayerNormEps = v;
            return this;
        }

        public Builder optVocabSize(int v) {
            vocabSize = v;
            return this;
        }

        public Builder optMaxTextPositions(int v) {
            maxTextPositions = v;
            return this;
        }

        public Builder optTypeVocabSize(int v) {
            typeVocabSize = v;
            return this;
        }

        public Builder optTextEmbeddingDropout(double v) {
            textEmbeddingDropout = v;
            return this;
        }

        public Builder optDecoderWidth(int v) {
            decoderWidth = v;
            return this;
        }

        public Builder optDecoderDepth(int v) {
            decoderDepth = v;
            return this;
        }

        public Builder optDecoderHeads(int v) {
            decoderHeads = v;
            return this;
        }

        public Builder optDropPathRate(double v) {
            dropPathRate = v;
            return this;
        }

        public Builder optVideoMaskRatio(double v) {
            videoMaskRatio = v;
            return this;
        }

        public Builder optTextMaskRatio(double v) {
            textMaskRatio = v;
            return this;
        }

        public Builder optVtcTemperature(double v) {
            vtcTemperature = v;
            return this;
        }

        public Builder optVideoLossWeight(double v) {
            videoLossWeight = v;
            return this;
        }

        public Builder optTextLossWeight(double v) {
            textLossWeight = v;
            return this;
        }

        public Builder optVtcLossWeight(double v) {
            vtcLossWeight = v;
            return this;
        }

        public Builder optVtmLossWeight(double v) {
            vtmLossWeight = v;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the first invalid field
         */
        public SimvtpConfig build() {
            positive("imageSize", imageSize);
            positive("patchSize", patchSize);
            positive("tubeletSize", tubeletSize);
            positive("numFrames", numFrames);
            positive("channels", channels);
            positive("encoderWidth", encoderWidth);
            positive("encoderDepth", encoderDepth);
            positive("encoderHeads", encoderHeads);
            positive("vocabSize", vocabSize);
            positive("maxTextPositions", maxTextPositions);
            positive("typeVocabSize", typeVocabSize);
            positive("decoderWidth", decoderWidth);
            positive("decoderDepth", decoderDepth);
            positive("decoderHeads", decoderHeads);
            check(imageSize % patchSize == 0, "imageSize " + imageSize + " is not divisible by patchSize " + patchSize);
            check(
                    numFrames % tubeletSize == 0,
                    "numFrames " + numFrames + " is not divisible by tubeletSize " + tubeletSize);
            check(
                    encoderWidth % encoderHeads == 0,
                    "encoderWidth " + encoderWidth + " is not divisible by encoderHeads " + encoderHeads);
            check(
                    decoderWidth % decoderHeads == 0,
                    "decoderWidth " + decoderWidth + " is not divisible by decoderHeads " + decoderHeads);
            check(mlpRatio > 0 && Double.isFinite(mlpRatio), "mlpRatio must be positive, got " + mlpRatio);
            check(layerNormEps > 0, "layerNormEps must be positive, got " + layerNormEps);
            check(textLayerNormEps > 0, "textLayerNormEps must be positive, got " + textLayerNormEps);
            unitInterval("textEmbeddingDropout", textEmbeddingDropout);
            unitInterval("dropPathRate", dropPathRate);
            unitInterval("videoMaskRatio", videoMaskRatio);
            unitInterval("textMaskRatio", textMaskRatio);
            check(
                    vtcTemperature > 0 && Double.isFinite(vtcTemperature),
                    "vtcTemperature must be positive, got " + vtcTemperature);
            nonNegative("videoLossWeight", videoLossWeight);
            nonNegative("textLossWeight", textLossWeight);
            nonNegative("vtcLossWeight", vtcLossWeight);
            nonNegative("vtmLossWeight", vtmLossWeight);
            int perFrame = (imageSize / patchSize) * (imageSize / patchSize);
            check(
                    (int) Math.floor(videoMaskRatio * perFrame) < perFrame,
                    "videoMaskRatio " + videoMaskRatio + " leaves no visible token per frame");
            return new SimvtpConfig(this);
        }

        private static void positive(String field, int value) {
            check(value > 0, field + " must be positive, got " + value);
        }

        private static void nonNegative(String field, double value) {
            check(value >= 0 && Double.isFinite(value), field + " must be finite and >= 0, got " + value);
        }

        private static void unitInterval(String field, double value) {
            check(value >= 0 && value < 1, field + " must be in [0, 1), got " + value);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(Objects.requireNonNull(message));
            }
        }
    }
}
