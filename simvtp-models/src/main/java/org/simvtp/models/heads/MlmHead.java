package org.simvtp.models.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import org.simvtp.models.nn.Initializers;
import org.simvtp.models.nn.Layers;
import org.simvtp.models.nn.ReferenceBlock;
import org.simvtp.models.nn.TextEmbedding;

/**
 * The masked-language-modelling head: encoder tokens [..., D] → vocabulary logits [..., V].
 *
 * <p>{@link Type#LINEAR} is the reference's single linear layer ({@code text_cls.weight}, {@code text_cls.bias}
 * when registered as {@code text_cls}). {@link Type#BERT} is BERT's prediction head: dense D→D, exact GELU,
 * LayerNorm, then an output layer whose weight is tied to the word embeddings plus its own bias
 * ({@code transform.dense.*}, {@code transform.LayerNorm.*}, {@code bias}).
 *
 * <pre>{@code
 * MlmHead head = MlmHead.builder().setWidth(384).setVocabSize(30522).optType(MlmHead.Type.BERT).build();
 * NDArray logits = head.logits(tokens, textEmbedding); // tokens [K, 384] -> [K, 30522]
 * }</pre>
 */
public final class MlmHead extends ReferenceBlock {

    /** The head's architecture. */
    public enum Type {
        /** One linear layer with its own weight (the reference). */
        LINEAR,
        /** Dense → GELU → LayerNorm → output tied to the word embeddings (BERT). */
        BERT
    }

    private final Type type;
    private final int width;
    private final int vocabSize;
    private final double normEps;
    private final Parameter weight;
    private final Parameter denseWeight;
    private final Parameter denseBias;
    private final Parameter normWeight;
    private final Parameter normBias;
    private final Parameter bias;

    private MlmHead(Builder b) {
        type = b.type;
        width = b.width;
        vocabSize = b.vocabSize;
        normEps = b.normEps;
        if (type == Type.LINEAR) {
            weight = param("weight", Parameter.Type.WEIGHT, new Shape(vocabSize, width), Initializers.xavierUniform());
            denseWeight = null;
            denseBias = null;
            normWeight = null;
            normBias = null;
        } else {
            weight = null;
            denseWeight = param(
                    "transform.dense.weight",
                    Parameter.Type.WEIGHT,
                    new Shape(width, width),
                    Initializers.xavierUniform());
            denseBias = param("transform.dense.bias", Parameter.Type.BIAS, new Shape(width), Initializers.zeros());
            normWeight =
                    param("transform.LayerNorm.weight", Parameter.Type.GAMMA, new Shape(width), Initializers.ones());
            normBias = param("transform.LayerNorm.bias", Parameter.Type.BETA, new Shape(width), Initializers.zeros());
        }
        bias = param("bias", Parameter.Type.BIAS, new Shape(vocabSize), Initializers.zeros());
    }

    /** A builder; width and vocabulary size are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The architecture. */
    public Type type() {
        return type;
    }

    /** Input width D. */
    public int width() {
        return width;
    }

    /** Vocabulary size V. */
    public int vocabSize() {
        return vocabSize;
    }

    /**
     * Vocabulary logits.
     *
     * @param tokens encoder outputs [..., D]
     * @param embeddings the model's text embedding, whose word matrix a {@link Type#BERT} head is tied to
     *     (ignored by {@link Type#LINEAR})
     * @return logits [..., V]
     */
    public NDArray logits(NDArray tokens, TextEmbedding embeddings) {
        if (type == Type.LINEAR) {
            return Layers.linear(tokens, weight(weight, tokens), weight(bias, tokens));
        }
        NDArray h = Activation.gelu(Layers.linear(tokens, weight(denseWeight, tokens), weight(denseBias, tokens)));
        h = Layers.layerNorm(h, weight(normWeight, h), weight(normBias, h), normEps);
        return Layers.linear(h, embeddings.wordEmbeddingWeight(h), weight(bias, h));
    }

    /** Builder of {@link MlmHead}. */
    public static final class Builder {
        private int width;
        private int vocabSize;
        private Type type = Type.LINEAR;
        private double normEps = 1e-12;

        private Builder() {}

        /** Input width D (required; the encoder width). */
        public Builder setWidth(int width) {
            this.width = width;
            return this;
        }

        /** Vocabulary size V (required). */
        public Builder setVocabSize(int vocabSize) {
            this.vocabSize = vocabSize;
            return this;
        }

        /** Architecture; default {@link Type#LINEAR} (the reference). */
        public Builder optType(Type type) {
            this.type = java.util.Objects.requireNonNull(type, "type");
            return this;
        }

        /** LayerNorm epsilon of the {@link Type#BERT} transform; default 1e-12 (BERT). */
        public Builder optNormEps(double normEps) {
            this.normEps = normEps;
            return this;
        }

        /** Validates and builds. */
        public MlmHead build() {
            if (width <= 0 || vocabSize <= 0) {
                throw new IllegalArgumentException(
                        "MlmHead needs width > 0 and vocabSize > 0, got " + width + ", " + vocabSize);
            }
            if (!(normEps > 0)) {
                throw new IllegalArgumentException("normEps must be positive, got " + normEps);
            }
            return new MlmHead(this);
        }
    }
}
