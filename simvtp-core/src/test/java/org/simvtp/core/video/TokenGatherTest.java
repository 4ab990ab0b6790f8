package org.simvtp.core.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.simvtp.core.masking.VideoMask;

class TokenGatherTest {

    @Test
    void picksMaskedAndVisibleTokensPerSampleInAscendingOrder() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // tokens[b, n, d] = 100·b + 10·n + d, B=2, N=4, D=2
            float[] v = new float[16];
            for (int b = 0; b < 2; b++) {
                for (int n = 0; n < 4; n++) {
                    for (int d = 0; d < 2; d++) {
                        v[(b * 4 + n) * 2 + d] = 100 * b + 10 * n + d;
                    }
                }
            }
            NDArray tokens = manager.create(v, new Shape(2, 4, 2));
            VideoMask mask = VideoMask.of(new boolean[][] {{true, false, true, false}, {false, true, true, false}});
            NDArray masked = TokenGather.masked(tokens, mask);
            assertEquals(new Shape(2, 2, 2), masked.getShape());
            assertArrayEquals(new float[] {0, 1, 20, 21, 110, 111, 120, 121}, masked.toFloatArray(), 0f);
            assertArrayEquals(
                    new float[] {10, 11, 30, 31, 100, 101, 130, 131},
                    TokenGather.visible(tokens, mask).toFloatArray(),
                    0f);
            assertThrows(IllegalArgumentException.class, () -> TokenGather.byIndices(tokens, new int[][] {{0}, {4}}));
            assertThrows(
                    IllegalStateException.class,
                    () -> TokenGather.masked(
                            tokens,
                            VideoMask.of(new boolean[][] {{true, false, false, false}, {true, true, false, false}})));
        }
    }
}
