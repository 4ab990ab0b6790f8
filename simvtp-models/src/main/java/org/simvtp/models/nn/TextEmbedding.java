package org.simvtp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The BERT embedding layer SimVTP borrows from {@code bert-base-uncased}:
 * {@code dropout(LN(word[id] + type[0] + position[0..L−1]))}, LayerNorm eps 1e-12, dropout 0.1 in training.
 * Token types are always 0, as in the reference. Reference names {@code word_embeddings.weight},
 * {@code position_embeddings.weight}, {@code token_type_embeddings.weight}, {@code LayerNorm.weight/bias}.
 *
 * <pre>{@code
 * TextEmbedding text = new TextEmbedding(30522, 512, 2, 768, 1e-12, 0.1);
 * NDArray e = text.forward(ids, false); // ids [B, L] int64 -> [B, L, 768]
 * }</pre>
 */
public final class TextEmbedding extends ReferenceBlock {

    /** Id of [PAD] in bert-base-uncased; its embedding row is frozen, as HF BERT's {@code padding_idx}. */
    public static final long PAD_ID = 0;

    private final long padId = PAD_ID;
    private final int maxPositions;
    private final double eps;
    private final double dropout;
    private final Parameter words;
    private final Parameter positions;
    private final Parameter types;
    private final Parameter normWeight;
    private final Parameter normBias;

    /**
     * Creates the layer.
     *
     * @param vocabSize vocabulary size (30522 for bert-base-uncased)
     * @param maxPositions number of absolute positions (512)
     * @param typeVocabSize number of token types (2)
     * @param width embedding width
     * @param eps LayerNorm epsilon (1e-12)
     * @param dropout dropout rate in training (0.1)
     */
    public TextEmbedding(int vocabSize, int maxPositions, int typeVocabSize, int width, double eps, double dropout) {
        this.maxPositions = maxPositions;
        this.eps = eps;
        this.dropout = dropout;
        words = param(
                "word_embeddings.weight",
                Parameter.Type.WEIGHT,
                new Shape(vocabSize, width),
                Initializers.normal(0.02f));
        positions = param(
                "position_embeddings.weight",
                Parameter.Type.WEIGHT,
                new Shape(maxPositions, width),
                Initializers.normal(0.02f));
        types = param(
                "token_type_embeddings.weight",
                Parameter.Type.WEIGHT,
                new Shape(typeVocabSize, width),
                Initializers.normal(0.02f));
        normWeight = param("LayerNorm.weight", Parameter.Type.GAMMA, new Shape(width), Initializers.ones());
        normBias = param("LayerNorm.bias", Parameter.Type.BETA, new Shape(width), Initializers.zeros());
    }

    /**
     * Embeds token ids.
     *
     * @param ids token ids [B, L] (int64), L ≤ maxPositions
     * @param training whether dropout is active
     * @return embeddings [B, L, D] in the compute type
     */
    public NDArray forward(NDArray ids, boolean training) {
        long length = ids.getShape().get(1);
        if (length > maxPositions) {
            throw new IllegalArgumentException(
                    "text length " + length + " exceeds the " + maxPositions + " position embeddings");
        }
        NDManager m = ids.getManager();
        NDArray positionIds = m.arange(0, (int) length, 1, DataType.INT64);
        NDArray typeIds = m.zeros(new Shape(1), DataType.INT64);
        NDArray x = wordLookup(ids).add(lookup(typeIds, types)).add(lookup(positionIds, positions));
        x = Layers.layerNorm(x, weight(normWeight, x), weight(normBias, x), eps);
        return dropout > 0 && training
                ? Dropout.dropout(x, (float) dropout, true).singletonOrThrow()
                : x;
    }

    /**
     * Word embeddings whose [PAD] row receives no gradient, like BERT's {@code padding_idx}; the forward values
     * are exactly those of the plain lookup.
     */
    private NDArray wordLookup(NDArray ids) {
        NDArray table = weight(words, ids);
        NDArray vectors =
                Embedding.embedding(ids, table, wordGradientFormat(table)).singletonOrThrow();
        NDArray isPad = ids.eq(padId).expandDims(-1).toType(vectors.getDataType(), false);
        return vectors.mul(isPad.neg().add(1f)).add(vectors.stopGradient().mul(isPad));
    }

    /**
     * The word-embedding matrix [V, D] in the compute type of this pass, e.g. for an output layer tied to it
     * ({@link org.simvtp.models.heads.MlmHead.Type#BERT}).
     *
     * @param like any activation of the current pass (only its manager is used)
     * @return the weight, differentiable
     */
    public NDArray wordEmbeddingWeight(NDArray like) {
        return weight(words, like);
    }

    /** Vocabulary size V. */
    public long vocabSize() {
        return words.getShape().get(0);
    }

    /** Embedding width D. */
    public long width() {
        return words.getShape().get(1);
    }

    /**
     * {@link SparseFormat#COO} once the word table holds a dense gradient (from the first step with {@link
     * GradientBuffers}, else from the second): the lookup's gradient is then [B·L, D] rows that PyTorch adds into
     * that gradient in place, bit for bit what the dense path gives, instead of a fresh vocabulary-sized tensor of
     * zeros (47 MB for 30522 × 384, faulted in anew on every step), a scatter into it and a full-size addition
     * (2.5 ms instead of 27 ms). Dense otherwise: before any gradient exists, for reduced-precision compute copies
     * (fresh leaves) and on engines other than PyTorch.
     */
    SparseFormat wordGradientFormat(NDArray table) {
        return table == words.getArray() && GradientBuffers.isDense(table) ? SparseFormat.COO : SparseFormat.DENSE;
    }

    private NDArray lookup(NDArray ids, Parameter table) {
        return Embedding.embedding(ids, weight(table, ids), SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.head(), training));
    }
}
