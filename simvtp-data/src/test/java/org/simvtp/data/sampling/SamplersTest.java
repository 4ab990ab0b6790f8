package org.simvtp.data.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.simvtp.core.SimvtpConfig;

/** Hand-worked index cases for the three samplers (spec §5). */
class SamplersTest {
    private static int[] range(int start, int step, int count) {
        return IntStream.range(0, count).map(i -> start + i * step).toArray();
    }

    private static int[] concat(int[] a, int value, int repeats) {
        int[] out = Arrays.copyOf(a, a.length + repeats);
        Arrays.fill(out, a.length, out.length, value);
        return out;
    }

    // ------------------------------------------------------------------------------------------- pre-training

    private final PretrainFrameSampler pretrain = new PretrainFrameSampler(16, 4);

    @Test
    void pretrainShortVideoOfTenFramesRepeatsEight() {
        // start 0; 0 -> 4 (4 <= 8), 4 -> 8 (8 <= 8), 8 stays (12 > 8): 0, 4, 8, then 8 thirteen more times
        int[] expected = concat(new int[] {0, 4, 8}, 8, 13);
        for (long seed = 0; seed < 5; seed++) {
            assertArrayEquals(expected, pretrain.sample(10, new SplittableRandom(seed))[0]);
        }
    }

    @Test
    void pretrainSixtyFourFramesAlwaysStartsAtZero() {
        for (long seed = 0; seed < 20; seed++) {
            assertArrayEquals(range(0, 4, 16), pretrain.sample(64, new SplittableRandom(seed))[0]);
        }
    }

    @Test
    void pretrainSixtyFiveFramesStartsAtZeroOrOne() {
        Set<Integer> starts = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            int[] idx = pretrain.sample(65, new SplittableRandom(seed))[0];
            assertArrayEquals(range(idx[0], 4, 16), idx);
            starts.add(idx[0]);
        }
        assertEquals(Set.of(0, 1), starts);
        assertArrayEquals(range(1, 4, 16), pretrain.indicesFrom(1, 65)); // last 61 <= 63
    }

    @Test
    void pretrainHundredFramesStartsUniformlyInZeroToThirtySix() {
        int[] counts = new int[100];
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 3700; i++) {
            int[] idx = pretrain.sample(100, rng)[0];
            assertArrayEquals(range(idx[0], 4, 16), idx);
            counts[idx[0]]++;
        }
        for (int s = 0; s <= 36; s++) {
            assertTrue(counts[s] > 50 && counts[s] < 160, "start " + s + " drawn " + counts[s] + " times");
        }
        for (int s = 37; s < 100; s++) {
            assertEquals(0, counts[s]);
        }
        assertArrayEquals(range(36, 4, 16), pretrain.indicesFrom(36, 100));
    }

    @Test
    void pretrainOffByOneRuleAtSixtyOneAndSixtyTwo() {
        // n = 61: 56 -> 60 needs 60 <= 59: no, so 56 repeats although frame 60 exists (reference behaviour)
        assertArrayEquals(concat(range(0, 4, 15), 56, 1), pretrain.sample(61, new SplittableRandom(0))[0]);
        assertArrayEquals(range(0, 4, 16), pretrain.sample(62, new SplittableRandom(0))[0]);
        assertArrayEquals(new int[16], pretrain.sample(1, new SplittableRandom(0))[0]);
    }

    @Test
    void pretrainFollowsTheConfig() {
        PretrainFrameSampler s = PretrainFrameSampler.forConfig(SimvtpConfig.vitBase());
        assertEquals(SimvtpConfig.vitBase().numFrames(), s.sample(500, new SplittableRandom(1))[0].length);
        assertThrows(IllegalArgumentException.class, () -> s.sample(0, new SplittableRandom(1)));
    }

    @Test
    void samplingIsReproducibleForASeed() {
        int[] a = pretrain.sample(1000, new SplittableRandom(99))[0];
        int[] b = pretrain.sample(1000, new SplittableRandom(99))[0];
        assertArrayEquals(a, b);
    }

    // ---------------------------------------------------------------------------------------------- fine-tune

    private final FinetuneTrainFrameSampler finetune = new FinetuneTrainFrameSampler(16, 4);

    @Test
    void finetuneWindowsMatchNumpyLinspace() {
        // values from numpy: np.clip(np.linspace(e - 64, e, 16), e - 64, e - 1).astype(np.int64)
        assertArrayEquals(new int[] {0, 4, 8, 12, 17, 21, 25, 29, 34, 38, 42, 46, 51, 55, 59, 63}, finetune.window(64));
        assertArrayEquals(
                new int[] {35, 39, 43, 47, 52, 56, 60, 64, 69, 73, 77, 81, 86, 90, 94, 98}, finetune.window(99));
        assertArrayEquals(
                new int[] {713, 717, 721, 725, 730, 734, 738, 742, 747, 751, 755, 759, 764, 768, 772, 776},
                finetune.window(777));
    }

    @Test
    void finetuneEndIsUniformInSixtyFourToN() {
        Set<Integer> ends = new HashSet<>();
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            int[] idx = finetune.sample(100, rng)[0];
            int end = idx[0] + 64;
            assertArrayEquals(finetune.window(end), idx);
            ends.add(end);
        }
        assertEquals(36, ends.size()); // 64..99
        assertTrue(ends.stream().allMatch(e -> e >= 64 && e < 100));
    }

    @Test
    void finetuneShortVideos() {
        assertArrayEquals(
                new int[] {0, 4, 8, 12, 17, 21, 25, 29, 34, 38, 42, 46, 51, 55, 59, 63},
                finetune.sample(64, new SplittableRandom(0))[0]);
        assertArrayEquals(concat(new int[] {0}, 9, 15), finetune.sample(10, new SplittableRandom(0))[0]);
        assertArrayEquals(concat(new int[] {0, 5, 10, 15}, 19, 12), finetune.sample(20, new SplittableRandom(0))[0]);
        assertArrayEquals(concat(new int[0], 2, 16), finetune.sample(3, new SplittableRandom(0))[0]);
    }

    // ------------------------------------------------------------------------------------------------- test

    @Test
    void testSamplerHundredFramesThreeSegments() {
        int[][] views = new TestFrameSampler(16, 4, 3).sample(100, null);
        // sub-sampled 0, 4, ..., 96 (F = 25); step (25 - 16) / 2 = 4.5 -> starts 0, int(4.5) = 4, int(9.0) = 9
        assertEquals(3, views.length);
        assertArrayEquals(range(0, 4, 16), views[0]);
        assertArrayEquals(range(16, 4, 16), views[1]);
        assertArrayEquals(range(36, 4, 16), views[2]);
    }

    @Test
    void testSamplerPadsShortVideosWithTheLastIndex() {
        int[][] views = new TestFrameSampler(16, 4, 3).sample(10, null);
        int[] expected = concat(new int[] {0, 4, 8}, 8, 13);
        for (int[] v : views) {
            assertArrayEquals(expected, v); // F = 16 after padding: step 0, all views identical
        }
        int[][] five = new TestFrameSampler(16, 4, 5).sample(101, null); // F = 26, step 2.5
        assertArrayEquals(
                new int[] {0, 2, 5, 7, 10},
                Arrays.stream(five).mapToInt(v -> v[0] / 4).toArray());
    }

    @Test
    void testSamplerRejectsOneSegment() {
        assertThrows(IllegalArgumentException.class, () -> new TestFrameSampler(16, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> new PretrainFrameSampler(0, 4));
    }
}
