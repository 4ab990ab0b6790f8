package org.simvtp.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class TextEmbeddingGradientTest {

    @Test
    void laterStepsAddSparseRowsBitForBitLikeTheDenseFirstStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            TextEmbedding embedding = new TextEmbedding(500, 16, 2, 8, 1e-12, 0);
            embedding.initialize(m);
            NDArray words =
                    embedding.namedParameters().get("word_embeddings.weight").getArray();
            // repeated ids (summed rows) and [PAD] = 0 (a frozen row)
            NDArray ids = m.create(new long[] {5, 7, 5, 0, 0, 499, 7, 7, 1, 2, 3, 5}, new Shape(2, 6));
            NDArray upstream = m.randomNormal(new Shape(2, 6, 8));
            assertEquals(SparseFormat.DENSE, embedding.wordGradientFormat(words), "no gradient yet");

            float[] first = gradientOfOnePass(embedding, ids, upstream, words);
            assertEquals(SparseFormat.COO, embedding.wordGradientFormat(words), "a dense gradient is now present");
            words.getGradient().set(new NDIndex(":"), 0);
            float[] second = gradientOfOnePass(embedding, ids, upstream, words);

            assertArrayEquals(first, second, 0f);

            TextEmbedding allocated = new TextEmbedding(500, 16, 2, 8, 1e-12, 0);
            allocated.initialize(m);
            NDArray table =
                    allocated.namedParameters().get("word_embeddings.weight").getArray();
            GradientBuffers.allocate(java.util.List.of(table));
            assertEquals(SparseFormat.COO, allocated.wordGradientFormat(table), "sparse from the first step");
            assertArrayEquals(new float[(int) table.size()], table.getGradient().toFloatArray(), 0f);
            assertEquals(0f, first[0], "the [PAD] row gets no gradient");
            assertEquals(false, words.getGradient().isSparse(), "the parameter's gradient stays dense");
            assertEquals(DataType.FLOAT32, words.getGradient().getDataType());
        }
    }

    private static float[] gradientOfOnePass(TextEmbedding embedding, NDArray ids, NDArray upstream, NDArray words) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(embedding.forward(ids, true).mul(upstream).sum());
        }
        return words.getGradient().toFloatArray();
    }
}
