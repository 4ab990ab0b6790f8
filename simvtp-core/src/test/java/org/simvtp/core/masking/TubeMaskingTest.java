package org.simvtp.core.masking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simvtp.core.SimvtpConfig;

class TubeMaskingTest {

    private final TubeMasking vitB = TubeMasking.of(SimvtpConfig.vitBase());

    @Test
    void exactCountPerTemporalSlice() {
        VideoMask mask = vitB.sample(8, 1L);
        assertEquals(1568, mask.numTokens());
        for (int b = 0; b < mask.batchSize(); b++) {
            for (int t = 0; t < 8; t++) {
                int count = 0;
                for (int n = 0; n < 196; n++) {
                    count += mask.isMasked(b, t * 196 + n) ? 1 : 0;
                }
                assertEquals(176, count, "sample " + b + " slice " + t);
            }
        }
        assertEquals(1408, mask.maskedPerSample());
        assertEquals(1408, vitB.maskedPerSample());
    }

    @Test
    void sameSpatialMaskAtEveryTimeStep() {
        boolean[] one = vitB.sampleOne(new SplittableRandom(3));
        boolean[] first = Arrays.copyOfRange(one, 0, 196);
        for (int t = 1; t < 8; t++) {
            assertArrayEquals(first, Arrays.copyOfRange(one, t * 196, (t + 1) * 196), "slice " + t);
        }
    }

    @Test
    void sameSeedSameMaskDifferentSeedDifferentMask() {
        assertEquals(vitB.sample(4, 99L), vitB.sample(4, 99L));
        assertNotEquals(vitB.sample(4, 99L), vitB.sample(4, 100L));
    }

    @Test
    void samplesOfOneBatchDiffer() {
        boolean[][] rows = vitB.sample(4, 5L).toArray();
        for (int i = 0; i < rows.length; i++) {
            for (int j = i + 1; j < rows.length; j++) {
                assertFalse(Arrays.equals(rows[i], rows[j]), "samples " + i + " and " + j);
            }
        }
    }

    @Test
    void everyPositionIsMaskedAtTheExpectedRate() {
        // 4 x 4 grid, 14 of 16 masked: each position is masked with probability 14/16.
        TubeMasking tube = new TubeMasking(1, 16, 0.9);
        int draws = 20000;
        int[] hits = new int[16];
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < draws; i++) {
            boolean[] m = tube.sampleOne(rng);
            for (int n = 0; n < 16; n++) {
                hits[n] += m[n] ? 1 : 0;
            }
        }
        for (int n = 0; n < 16; n++) {
            assertEquals(14.0 / 16, hits[n] / (double) draws, 0.01, "position " + n);
        }
    }

    @Test
    void indicesAreAscendingAndComplementary() {
        TubeMasking tiny = new TubeMasking(2, 16, 0.9);
        VideoMask mask = tiny.sample(3, 8L);
        int[][] visible = mask.visibleIndices();
        int[][] masked = mask.maskedIndices();
        for (int b = 0; b < 3; b++) {
            assertEquals(4, visible[b].length);
            assertEquals(28, masked[b].length);
            int[] all = new int[32];
            System.arraycopy(visible[b], 0, all, 0, 4);
            System.arraycopy(masked[b], 0, all, 4, 28);
            assertTrue(isAscending(visible[b]) && isAscending(masked[b]));
            Arrays.sort(all);
            for (int n = 0; n < 32; n++) {
                assertEquals(n, all[n]);
            }
            for (int n : visible[b]) {
                assertFalse(mask.isMasked(b, n));
            }
        }
    }

    @Test
    void ratioZeroMasksNothing() {
        VideoMask mask = new TubeMasking(2, 4, 0.0).sample(2, 0L);
        assertEquals(0, mask.maskedPerSample());
        assertEquals(8, mask.visibleIndices()[1].length);
    }

    @Test
    void toNdArrayIsBooleanBatchByTokens() {
        VideoMask mask = new TubeMasking(2, 16, 0.9).sample(3, 8L);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = mask.toNDArray(manager);
            assertEquals(new Shape(3, 32), array.getShape());
            boolean[] flat = array.toBooleanArray();
            for (int b = 0; b < 3; b++) {
                for (int n = 0; n < 32; n++) {
                    assertEquals(mask.isMasked(b, n), flat[b * 32 + n]);
                }
            }
        }
    }

    @Test
    void maskIsImmutable() {
        boolean[][] rows = {{true, false}};
        VideoMask mask = VideoMask.of(rows);
        rows[0][0] = false;
        mask.toArray()[0][1] = true;
        assertTrue(mask.isMasked(0, 0));
        assertFalse(mask.isMasked(0, 1));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new TubeMasking(2, 16, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new TubeMasking(0, 16, 0.5));
        assertThrows(IllegalArgumentException.class, () -> vitB.sample(0, 1L));
        assertThrows(IllegalArgumentException.class, () -> VideoMask.of(new boolean[][] {{true}, {true, false}}));
        VideoMask uneven = VideoMask.of(new boolean[][] {{true, false}, {true, true}});
        assertThrows(IllegalStateException.class, uneven::maskedPerSample);
    }

    private static boolean isAscending(int[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] <= a[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
