package org.simvtp.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ChunkedAttentionTest {

    @Test
    void longSequencesAttendInChunksWithTheSameResult() {
        int batch = 2;
        int heads = 2;
        int tokens = 1100;
        int dim = 8;
        assertTrue((long) batch * heads * tokens * tokens > Attention.MAX_LOGITS_PER_CHUNK, "takes the chunked path");
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(11);
            NDArray x = m.randomNormal(new Shape(batch, tokens, dim));
            NDArray qkvWeight = m.randomNormal(0, 0.3f, new Shape(3 * dim, dim), DataType.FLOAT32);
            NDArray qBias = m.randomNormal(new Shape(dim));
            NDArray vBias = m.randomNormal(new Shape(dim));
            NDArray projWeight = m.randomNormal(0, 0.3f, new Shape(dim, dim), DataType.FLOAT32);
            NDArray projBias = m.randomNormal(new Shape(dim));
            long[] valid = new long[batch * tokens];
            for (int i = 0; i < valid.length; i++) {
                valid[i] = i % tokens < tokens - 37 * (i / tokens) ? 1 : 0;
            }
            NDArray keyMask = m.create(valid, new Shape(batch, tokens))
                    .toType(DataType.FLOAT32, false)
                    .sub(1f)
                    .mul(10000f);

            NDArray actual = Attention.attention(x, qkvWeight, qBias, vBias, keyMask, heads, projWeight, projBias);

            // the textbook computation, all heads at once
            NDArray qkv = x.matMul(qkvWeight.transpose())
                    .add(qBias.concat(m.zeros(new Shape(dim))).concat(vBias));
            NDArray h = qkv.reshape(batch, tokens, 3, heads, dim / heads).transpose(2, 0, 3, 1, 4);
            NDArray q = h.get(0).mul(1.0 / Math.sqrt(dim / heads));
            NDArray logits = q.matMul(h.get(1).transpose(0, 1, 3, 2)).add(keyMask.reshape(batch, 1, 1, tokens));
            NDArray out =
                    logits.softmax(-1).matMul(h.get(2)).transpose(0, 2, 1, 3).reshape(batch, tokens, dim);
            NDArray expected = out.matMul(projWeight.transpose()).add(projBias);
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 2e-5f);
        }
    }
}
